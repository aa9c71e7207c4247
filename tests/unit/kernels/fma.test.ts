// The fused multiply-add build (dist/wasm/sgemm-fma.wasm) is chosen only where relaxed SIMD validates
// (Node ≥ 22, Electron). Node 20 has it behind a flag, so a child process with that flag checks it here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wasmRelaxedSimdSupported } from '../../../main/engine/kernels/index.js';

test('the FMA build matches sgemmJs on every transpose combination, on 1 and 2 threads', () => {
  const index = fileURLToPath(new URL('../../../main/engine/kernels/index.js', import.meta.url));
  const script = `const m = await import(${JSON.stringify(index)});
    if (!m.wasmRelaxedSimdSupported()) throw new Error('relaxed SIMD not enabled');
    const k = await m.loadBestKernels({ threads: 2 });
    let worst = 0;
    let s = 1;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
    for (const [M, N, K] of [[64, 256, 64], [17, 33, 300], [1, 40, 70], [50, 1, 9], [130, 260, 3]]) {
      for (const tA of [false, true]) for (const tB of [false, true]) for (const nt of [1, 2]) {
        const A = k.alloc(M * K), B = k.alloc(K * N), C = k.alloc(M * N);
        for (const X of [A, B, C]) for (let i = 0; i < X.length; i++) X[i] = rnd();
        const want = Float32Array.from(C);
        m.sgemmJs(tA, tB, M, N, K, A, tA ? M : K, B, tB ? K : N, want, N, 1);
        k.sgemmWith(nt, tA, tB, M, N, K, A, tA ? M : K, B, tB ? K : N, C, N, 1);
        let err = 0, scale = 0;
        for (let i = 0; i < C.length; i++) { err = Math.max(err, Math.abs(C[i] - want[i])); scale = Math.max(scale, Math.abs(want[i])); }
        worst = Math.max(worst, err / scale);
      }
    }
    console.log(JSON.stringify({ fma: k.fma, worst }));
    k.dispose();`;
  const dir = mkdtempSync(join(tmpdir(), 'rl-fma-'));
  const file = join(dir, 'fma.mjs');
  writeFileSync(file, script);
  const env = { ...process.env };
  delete env['NODE_TEST_CONTEXT'];
  // Node ≥ 22 ships relaxed SIMD; Node 20 needs the flag (an unknown flag on later versions is harmless to omit).
  const flags = wasmRelaxedSimdSupported() ? [] : ['--experimental-wasm-relaxed-simd'];
  const res = spawnSync(process.execPath, [...flags, file], { encoding: 'utf8', timeout: 60000, env });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(res.status, 0, res.stderr);
  const r = JSON.parse(res.stdout.trim()) as { fma: boolean; worst: number };
  assert.equal(r.fma, true, 'the FMA build was picked');
  assert.ok(r.worst <= 1e-4, `relative error ${r.worst}`);
});
