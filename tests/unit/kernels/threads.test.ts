// The threaded wasm sgemm: slices computed by worker threads on the shared memory give bit-identical results
// to one thread, including memory grown after the workers started; dispose and exit never hang.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sgemmJs } from '../../../main/engine/kernels/js.js';
import { fillRandom, relError, rng, wasmKernels } from './helpers.js';

const k = await wasmKernels({ threads: 2, initialMB: 8 });
after(() => k.dispose());

test('two threads give exactly the single-thread result for row and column splits, all transposes', () => {
  const r = rng(7);
  const shapes = [[64, 256, 64], [64, 64, 256], [257, 65, 33], [9, 1031, 17], [130, 8, 300], [5, 7, 3]] as const;
  for (const [M, N, K] of shapes) {
    for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      for (const beta of [0, 1] as const) {
        const lda = (tA ? M : K) + 1, ldb = (tB ? K : N) + 2, ldc = N + 3;
        const A = fillRandom(k.alloc((tA ? K : M) * lda), r), B = fillRandom(k.alloc((tB ? N : K) * ldb), r);
        const C0 = fillRandom(k.alloc(M * ldc), r);
        const C1 = Float32Array.from(C0), C2 = k.alloc(M * ldc);
        C2.set(C0);
        const want = Float32Array.from(C0);
        k.sgemmWith(1, tA, tB, M, N, K, A, lda, B, ldb, C1, ldc, beta);
        k.sgemmWith(2, tA, tB, M, N, K, A, lda, B, ldb, C2, ldc, beta);
        sgemmJs(tA, tB, M, N, K, A, lda, B, ldb, want, ldc, beta);
        const what = `${M}×${N}×${K} tA=${tA} tB=${tB} beta=${beta}`;
        assert.deepEqual(C2, C1, what);
        assert.ok(relError(C2, want) <= 1e-4, `${what}: ${relError(C2, want)}`);
        for (const x of [A, B, C0, C2]) k.free(x);
      }
    }
  }
});

test('chunks computed by the worker thread alone equal the single-thread result', async () => {
  const kw = await wasmKernels({ threads: 2, callerWorks: false, minFlopsPerThread: 1000 }); // small products split too
  try {
    const r = rng(11);
    for (const [M, N, K, tA, tB] of [[300, 40, 70, false, true], [24, 520, 33, true, false], [3, 300, 50, false, false], [90, 2, 40, true, true]] as const) {
      const lda = tA ? M : K, ldb = tB ? K : N;
      const A = fillRandom(kw.alloc(M * K), r), B = fillRandom(kw.alloc(K * N), r);
      const C1 = kw.alloc(M * N), C2 = kw.alloc(M * N);
      kw.sgemmWith(1, tA, tB, M, N, K, A, lda, B, ldb, C1, N, 0);
      kw.sgemmWith(2, tA, tB, M, N, K, A, lda, B, ldb, C2, N, 0);
      assert.deepEqual(C2, C1, `${M}×${N}×${K}`);
      assert.ok(C1.some((x) => x !== 0));
    }
  } finally {
    kw.dispose();
  }
});

test('the automatic split (big products) matches the reference', () => {
  const r = rng(8);
  const [M, N, K] = [1000, 256, 128];
  const A = fillRandom(k.alloc(K * M), r), B = fillRandom(k.alloc(K * N), r), C = k.alloc(M * N);
  const want = new Float32Array(M * N);
  k.sgemm(true, false, M, N, K, A, M, B, N, C, N, 0);
  sgemmJs(true, false, M, N, K, A, M, B, N, want, N, 0);
  assert.ok(relError(C, want) <= 1e-4);
  assert.equal(k.threads, 2);
});

test('memory grown after the workers started is used by them (views made before growth stay valid)', () => {
  const r = rng(9);
  const early = fillRandom(k.alloc(1000), r);
  const copy = Float32Array.from(early);
  const before = k.heap.stats().memoryBytes;
  const big = k.alloc(2 * 1024 * 1024); // 8 MiB: the operands below land beyond the 8 MiB the memory started with
  const [M, N, K] = [200, 150, 130];
  const A = fillRandom(k.alloc(M * K), r), B = fillRandom(k.alloc(K * N), r), C = k.alloc(M * N);
  assert.ok(A.byteOffset > 8 * 1024 * 1024);
  assert.ok(k.heap.stats().memoryBytes > before, 'memory grew');
  assert.deepEqual(early, copy);
  k.sgemmWith(2, false, true, M, N, K, A, K, B, K, C, N, 0);
  const want = new Float32Array(M * N);
  sgemmJs(false, true, M, N, K, A, K, B, K, want, N, 0);
  assert.ok(relError(C, want) <= 1e-4);
  for (const x of [A, B, C, big, early]) k.free(x);
});

test('a process that never disposes its threaded kernels still exits', () => {
  const kernels = fileURLToPath(new URL('../../../main/engine/kernels/index.js', import.meta.url));
  const script = `const m = await import(${JSON.stringify(kernels)});
    const k = await m.loadBestKernels({ threads: 2 });
    const a = k.alloc(64 * 64); k.sgemm(false, false, 64, 64, 64, a, 64, a, 64, k.alloc(64 * 64), 64, 0);
    console.log(k.name, k.threads);`;
  const dir = mkdtempSync(join(tmpdir(), 'rl-kernels-'));
  const file = join(dir, 'exit.mjs');
  writeFileSync(file, script);
  const env = { ...process.env };
  delete env['NODE_TEST_CONTEXT']; // otherwise the child thinks it is a test file
  const res = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20000, env });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(res.status, 0, res.stderr);
  assert.equal(res.stdout.trim(), 'wasm-simd 2');
});

test('after dispose the kernels keep working on one thread', async () => {
  const k2 = await wasmKernels({ threads: 2 });
  const r = rng(10);
  const A = fillRandom(k2.alloc(300 * 200), r), B = fillRandom(k2.alloc(200 * 100), r), C = k2.alloc(300 * 100);
  k2.dispose();
  assert.equal(k2.threads, 1);
  k2.sgemmWith(2, false, false, 300, 100, 200, A, 200, B, 100, C, 100, 0);
  const want = new Float32Array(300 * 100);
  sgemmJs(false, false, 300, 100, 200, A, 200, B, 100, want, 100, 0);
  assert.ok(relError(C, want) <= 1e-4);
});
