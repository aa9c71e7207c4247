// The wasm SIMD sgemm against the plain-JS reference: all transpose combinations, odd sizes, row strides,
// beta 0/1, views at offsets inside wasm memory and plain arrays outside it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { sgemmJs } from '../../../main/engine/kernels/js.js';
import { extent } from '../../../main/engine/kernels/gemm-check.js';
import { fillRandom, relError, rng, wasmKernels } from './helpers.js';

const k = await wasmKernels({ threads: 1 });
after(() => k.dispose());

const SIZES = [1, 3, 4, 8, 17, 65];
const TRANS: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

interface Case {
  tA: boolean; tB: boolean; M: number; N: number; K: number; pad: number; beta: 0 | 1; offset: number;
}

/** Runs one case with arrays made by `make` (wasm views or plain arrays) and checks it against sgemmJs. */
function check(c: Case, make: (n: number) => Float32Array, seed: number): void {
  const r = rng(seed);
  const { tA, tB, M, N, K, pad, beta, offset } = c;
  const lda = (tA ? M : K) + pad, ldb = (tB ? K : N) + pad, ldc = N + pad;
  const nA = extent(tA ? K : M, tA ? M : K, lda), nB = extent(tB ? N : K, tB ? K : N, ldb), nC = extent(M, N, ldc);
  // Views that start `offset` floats into a bigger array (offset 1 → not 16-byte aligned).
  const A = fillRandom(make(nA + offset), r).subarray(offset);
  const B = fillRandom(make(nB + offset), r).subarray(offset);
  const C = fillRandom(make(nC + offset), r).subarray(offset);
  const want = Float32Array.from(C);
  sgemmJs(tA, tB, M, N, K, A, lda, B, ldb, want, ldc, beta);
  k.sgemm(tA, tB, M, N, K, A, lda, B, ldb, C, ldc, beta);
  const what = JSON.stringify(c);
  assert.ok(relError(C, want) <= 1e-4, `${what}: relative error ${relError(C, want)}`);
  // The padding between rows of C is never written.
  for (let i = 0; i < M - 1; i++) for (let j = N; j < ldc; j++) assert.equal(C[i * ldc + j], want[i * ldc + j], `${what}: gap written`);
}

test('wasm sgemm equals sgemmJs over odd sizes and every transpose combination', () => {
  let seed = 1;
  for (const [tA, tB] of TRANS) {
    for (const M of SIZES) for (const N of SIZES) for (const K of SIZES) {
      check({ tA, tB, M, N, K, pad: 0, beta: 0, offset: 0 }, (n) => k.alloc(n), seed++);
    }
  }
});

test('wasm sgemm handles row strides, beta 1 and unaligned views inside wasm memory', () => {
  let seed = 1000;
  for (const [tA, tB] of TRANS) {
    for (const [M, N, K] of [[17, 33, 9], [65, 3, 129], [5, 130, 300], [64, 256, 64], [1, 37, 300], [45, 1, 70], [1, 1, 5]] as const) {
      for (const beta of [0, 1] as const) {
        for (const [pad, offset] of [[0, 4], [3, 1], [16, 7]] as const) {
          check({ tA, tB, M, N, K, pad, beta, offset }, (n) => k.alloc(n), seed++);
        }
      }
    }
  }
});

test('wasm sgemm covers the blocking edges (K beyond one depth block, N beyond one column block)', () => {
  let seed = 2000;
  for (const [tA, tB] of TRANS) {
    check({ tA, tB, M: 131, N: 20, K: 515, pad: 1, beta: 1, offset: 2 }, (n) => k.alloc(n), seed++);
    check({ tA, tB, M: 5, N: 1030, K: 20, pad: 1, beta: 0, offset: 2 }, (n) => k.alloc(n), seed++);
  }
});

test('matrix-vector shapes split the depth and the column into passes when they are long', () => {
  let seed = 2500;
  for (const [tA, tB] of TRANS) {
    check({ tA, tB, M: 1, N: 37, K: 40000, pad: 2, beta: 1, offset: 1 }, (n) => k.alloc(n), seed++);
    check({ tA, tB, M: 7, N: 1, K: 40000, pad: 2, beta: 1, offset: 1 }, (n) => k.alloc(n), seed++);
    check({ tA, tB, M: 270000, N: 1, K: 2, pad: 1, beta: 0, offset: 3 }, (n) => k.alloc(n), seed++);
  }
});

test('plain arrays outside wasm memory are copied in and out, leaking nothing', () => {
  const before = k.heap.stats().liveBytes;
  let seed = 3000;
  for (const [tA, tB] of TRANS) {
    for (const beta of [0, 1] as const) {
      check({ tA, tB, M: 19, N: 37, K: 23, pad: 2, beta, offset: 3 }, (n) => new Float32Array(n), seed++);
    }
  }
  // Mixed: A in wasm memory, B and C outside.
  const r = rng(seed);
  const A = fillRandom(k.alloc(6 * 5), r), B = fillRandom(new Float32Array(5 * 7), r), C = new Float32Array(6 * 7);
  const want = new Float32Array(6 * 7);
  sgemmJs(false, false, 6, 7, 5, A, 5, B, 7, want, 7, 0);
  k.sgemm(false, false, 6, 7, 5, A, 5, B, 7, C, 7, 0);
  assert.ok(relError(C, want) <= 1e-4);
  k.free(A);
  assert.equal(k.heap.stats().liveBytes, before);
});

test('K = 0 zeroes C for beta 0 and leaves it for beta 1; empty C is a no-op', () => {
  const C = k.alloc(6).fill(5);
  k.sgemm(false, false, 2, 3, 0, k.alloc(0), 0, k.alloc(0), 3, C, 3, 1);
  assert.deepEqual([...C], [5, 5, 5, 5, 5, 5]);
  k.sgemm(false, false, 2, 3, 0, k.alloc(0), 0, k.alloc(0), 3, C, 3, 0);
  assert.deepEqual([...C], [0, 0, 0, 0, 0, 0]);
  k.sgemm(false, false, 0, 3, 4, k.alloc(0), 4, k.alloc(12), 3, k.alloc(0), 3, 0);
});

test('bad arguments are rejected before any memory is touched', () => {
  const A = k.alloc(12), B = k.alloc(12), C = k.alloc(9);
  assert.throws(() => k.sgemm(false, false, 3, 3, 4, A, 4, B.subarray(1), 3, C, 3, 0), /B has 11 elements, needs 12/);
  assert.throws(() => k.sgemm(false, false, 3, 3, 4, A, 3, B, 3, C, 3, 0), /lda=3/);
  assert.throws(() => k.sgemm(false, true, 3, 3, 4, A, 4, B, 3, C, 3, 0), /ldb=3 is less than the 4 columns of B/);
  assert.throws(() => k.sgemm(false, false, 3, 4, 3, A, 3, B, 4, C, 4, 0), /C has 9 elements, needs 12/);
  assert.throws(() => k.sgemm(false, false, 3, 3, 3, A, 3, B, 3, C, 3, 2 as 0), /beta/);
  assert.throws(() => k.sgemm(false, false, -1, 3, 3, A, 3, B, 3, C, 3, 0), /M must be/);
  assert.throws(() => k.sgemm(false, false, 1.5, 3, 3, A, 3, B, 3, C, 3, 0), /M must be/);
});
