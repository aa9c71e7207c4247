#!/usr/bin/env bash
# Runs on the device machine (NVIDIA H200, no Node.js, no network) from the repository root, with .device
# (scripts/device-bundle.mjs) and .gl (Vulkan/EGL loader packages, downloaded here once:
#   echo /.gl/ >>.git/info/exclude; mkdir -p .gl /tmp/amd64/partial; o='-oAPT::Architecture=amd64
#   -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'; apt-get $o update;
#   (cd .gl && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
# ) carried. Writes $OUT/device-check.json: WebGPU vs CPU engine per architecture, and CPU thread scaling.
set -euo pipefail
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
python3 -c "import lzma,shutil; shutil.copyfileobj(lzma.open('.device/node.xz'), open('/tmp/node','wb'))"
chmod +x /tmp/node
/tmp/node --version
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
cd .device/app
timeout 500 /tmp/node dist/bench/device-check.js --archs "${ARCHS:-lstm,bilstm,gru}" --threads "${THREADS:-1,2,4,8,16}" --steps 20 \
  | tee "${OUT:-/tmp}/device-check.json"
