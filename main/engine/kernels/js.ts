// Plain-JS kernels: the always-available fallback and the reference the wasm kernels are tested against.
import type { Kernels } from './api.js';

export function sgemmJs(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: Float32Array, lda: number, B: Float32Array, ldb: number,
  C: Float32Array, ldc: number, beta: 0 | 1,
): void {
  for (let i = 0; i < M; i++) {
    const ci = i * ldc;
    if (beta === 0) C.fill(0, ci, ci + N);
    for (let k = 0; k < K; k++) {
      const a = transA ? A[k * lda + i]! : A[i * lda + k]!;
      if (a === 0) continue;
      if (transB) {
        for (let j = 0; j < N; j++) C[ci + j]! += a * B[j * ldb + k]!;
      } else {
        const bk = k * ldb;
        for (let j = 0; j < N; j++) C[ci + j]! += a * B[bk + j]!;
      }
    }
  }
}

export function createJsKernels(): Kernels {
  return {
    name: 'js',
    simd: false,
    threads: 1,
    alloc: (n) => new Float32Array(n),
    sgemm: sgemmJs,
    dispose: () => {},
  };
}
