// Packs what the device check needs into .device/ (git-ignored), for the `device` tool's `carry`: the
// machine lent there has no Node.js, so a compressed Node binary travels too (Python's lzma unpacks it
// there), with only the engine's compiled modules, the WebAssembly kernels, zod and Dawn's linux-x64
// dawn.node — no CLI, database or tfjs. Run after `npm run build`. Then, in a session that has a device:
//   run({ command: 'bash scripts/device-check.sh', carry: ['.device', '.gl'], timeout_s: 540 })
// (.gl holds the Vulkan loader packages: see scripts/device-check.sh).
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';

const out = '.device';
const app = join(out, 'app');
if (!existsSync('dist/bench/device-check.js')) {
  console.error('device-bundle: dist/bench/device-check.js missing — run `npm run build` first');
  process.exit(2);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(app, { recursive: true });
const copy = (from, to = from) => {
  mkdirSync(dirname(join(app, to)), { recursive: true });
  cpSync(from, join(app, to), { recursive: true, filter: (p) => !p.endsWith('.map') });
};
for (const f of ['device-check.js', 'gpu.js', 'model.js', 'stats.js']) copy(join('dist/bench', f));
for (const d of ['dist/main/engine', 'dist/main/model', 'dist/wasm']) copy(d);
copy('dist/main/errors.js');
copy('node_modules/zod');
for (const f of ['index.js', 'package.json', 'dist/linux-x64/dawn.node']) copy(join('node_modules/webgpu', f));
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'recurrent-lab-device-check', private: true, type: 'module' }) + '\n');
execFileSync('sh', ['-c', `xz -T2 -6 -c "${process.execPath}" > ${join(out, 'node.xz')}`]);
const size = (p) => (statSync(p).isDirectory() ? readdirSync(p).reduce((s, n) => s + size(join(p, n)), 0) : statSync(p).size);
console.log(`device-bundle: ${out} holds ${(size(out) / 2 ** 20).toFixed(1)} MiB (carry limit 64 MiB with the working tree)`);
