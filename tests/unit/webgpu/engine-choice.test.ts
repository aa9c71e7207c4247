// Choosing an engine: webgpu by name trains on the WebGPU engine and records its adapter; auto never takes a
// software adapter (llvmpipe, SwiftShader, WARP, unidentified) and says why in the device description;
// tfjs-node only by name, with a clear error when absent; a bad name is an input error.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createModel } from '../../../main/engine/index.js';
import { EngineModel } from '../../../main/engine/model.js';
import { WebGpuModel } from '../../../main/engine/webgpu/model.js';
import { describeAdapter, listAdapters, nativeBackendPossible } from '../../../main/engine/webgpu/gpu.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UserError } from '../../../main/errors.js';
import { tinySpec } from '../engine/helpers.js';

const skip = process.env.RECURRENT_LAB_SKIP_WEBGPU === '1' ? 'RECURRENT_LAB_SKIP_WEBGPU=1' : false;

test('software adapters are told from hardware ones by what they report', () => {
  const a = (info: Record<string, unknown>) => ({ info }) as unknown as GPUAdapter;
  assert.equal(describeAdapter(a({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200' }), 'native').software, false);
  assert.equal(describeAdapter(a({ vendor: 'apple', architecture: 'metal-3', description: 'Apple M2' }), 'native').software, false);
  assert.equal(describeAdapter(a({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }), 'native').software, true);
  assert.equal(describeAdapter(a({ vendor: 'google', description: 'SwiftShader Device (Subzero)' }), 'native').software, true);
  assert.equal(describeAdapter(a({ vendor: 'microsoft', description: 'Microsoft Basic Render Driver' }), 'native').software, true);
  assert.equal(describeAdapter(a({ vendor: 'nvidia', description: 'x', isFallbackAdapter: true }), 'native').software, true);
  assert.equal(describeAdapter(a({ vendor: '', description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6' }), 'opengles').software, true, 'unidentified');
});

test('engine webgpu by name, auto on this machine, tfjs-node without the package, a bad name', { skip }, async () => {
  const spec = tinySpec({ arch: 'gru' });
  const g = await createModel(spec, { seed: 1, engine: 'webgpu' });
  assert.ok(g instanceof WebGpuModel);
  assert.equal(g.device.engine, 'webgpu');
  assert.ok(g.device.adapter, 'the adapter is part of the device record');
  const software = g.device.adapter.software;
  g.dispose();

  const [adapter] = await listAdapters();
  assert.equal(adapter?.software, software);
  const auto = await createModel(spec, { seed: 1, engine: 'auto', threads: 1 });
  try {
    if (software) {
      assert.ok(auto instanceof EngineModel, 'auto never trains on a software adapter');
      assert.match(auto.device.description, /auto: the only WebGPU adapter is a software one/);
    } else {
      assert.match(auto.device.description, /auto: (WebGPU|CPU engine), probe [\d.]+ ms\/step on .+ vs [\d.]+ ms\/step on the CPU/);
    }
  } finally {
    auto.dispose();
  }

  let tfjsNode = true;
  try {
    await import('@tensorflow/tfjs-node' as string);
  } catch {
    tfjsNode = false;
  }
  if (!tfjsNode) {
    await assert.rejects(createModel(spec, { seed: 1, engine: 'tfjs-node' }), (e: unknown) => e instanceof UserError && /needs @tensorflow\/tfjs-node-gpu or @tensorflow\/tfjs-node/.test(e.message));
  }
  await assert.rejects(createModel(spec, { seed: 1, engine: 'cuda' as never }), (e: unknown) => e instanceof UserError && /engine must be one of auto, cpu, webgpu, tfjs-node/.test(e.message));
});

test('the native backend is tried only where its loader can load: other platforms, a Vulkan loader on the library path, or when asked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rl-vk-'));
  try {
    assert.equal(nativeBackendPossible({}, 'darwin'), true, 'Metal');
    assert.equal(nativeBackendPossible({}, 'win32'), true, 'D3D12');
    assert.equal(nativeBackendPossible({ RECURRENT_LAB_WEBGPU_BACKEND: 'native' }, 'linux'), true, 'asked for');
    writeFileSync(join(dir, 'libvulkan.so.1'), '');
    assert.equal(nativeBackendPossible({ LD_LIBRARY_PATH: `/nonexistent:${dir}` }, 'linux'), true, 'a loader on LD_LIBRARY_PATH');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without a Vulkan loader, finding an adapter prints no Vulkan error (Dawn goes straight to OpenGL ES)', { skip: skip || (nativeBackendPossible() ? 'this machine has a Vulkan loader' : false) }, () => {
  const gpuModule = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '../../../main/engine/webgpu/gpu.js')).href;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(gpuModule)}); console.log(JSON.stringify(await m.listAdapters()));`], { encoding: 'utf8', env: { ...process.env, EGL_PLATFORM: 'surfaceless' } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout.trim().split('\n').at(-1)!)[0].backend, 'opengles');
  assert.doesNotMatch(r.stderr, /Vulkan/i);
});
