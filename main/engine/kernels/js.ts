// Plain-JS kernels: the always-available fallback and the reference the wasm kernels are tested against.
import type { Kernels } from './api.js';
import { checkGemm } from './gemm-check.js';

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
    alloc: (n) => {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`alloc: size must be a non-negative integer, got ${n}`);
      return new Float32Array(n);
    },
    free: () => {},
    sgemm(transA, transB, M, N, K, A, lda, B, ldb, C, ldc, beta) {
      checkGemm(transA, transB, M, N, K, A, lda, B, ldb, C, ldc, beta);
      sgemmJs(transA, transB, M, N, K, A, lda, B, ldb, C, ldc, beta);
    },
    dispose: () => {},
  };
}
