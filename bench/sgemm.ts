// SGEMM micro-benchmark: GFLOP/s of the plain-JS loop and the wasm SIMD kernel on 1 and 2 threads, on the
// shapes the recurrent layers use (tutorial sizes: batch 64, maxlen 200, embedding 128, units 64).
import { sgemmJs } from '../main/engine/kernels/js.js';
import { findWasm } from '../main/engine/kernels/locate.js';
import { createWasmKernels } from '../main/engine/kernels/wasm.js';
import { round, timeIt } from './stats.js';

export interface SgemmShape {
  name: string;
  transA: boolean;
  transB: boolean;
  M: number;
  N: number;
  K: number;
}

export const SGEMM_SHAPES: SgemmShape[] = [
  { name: 'step h·U (64×64·64×256)', transA: false, transB: false, M: 64, N: 256, K: 64 },
  { name: 'step x·W (64×128·128×256)', transA: false, transB: false, M: 64, N: 256, K: 128 },
  { name: 'step dh = dG·Uᵀ (64×256·256×64)', transA: false, transB: true, M: 64, N: 64, K: 256 },
  { name: 'step dU = hᵀ·dG (64×64ᵀ·64×256)', transA: true, transB: false, M: 64, N: 256, K: 64 },
  { name: 'input projection X·W (12800×128·128×256)', transA: false, transB: false, M: 12800, N: 256, K: 128 },
  { name: 'dW = Xᵀ·dG (12800×128ᵀ·12800×256)', transA: true, transB: false, M: 128, N: 256, K: 12800 },
  { name: 'dX = dG·Wᵀ (12800×256·128×256ᵀ)', transA: false, transB: true, M: 12800, N: 128, K: 256 },
];

export interface SgemmResult {
  shape: string;
  M: number;
  N: number;
  K: number;
  transA: boolean;
  transB: boolean;
  /** GFLOP/s (2·M·N·K per product), best of the repetitions within the time budget. */
  js: number;
  wasm1: number;
  wasm2: number;
  /** What kernels.sgemm picks by itself (threads only above the size threshold). */
  wasmAuto: number;
  speedupVsJs: number;
}

export async function runSgemmBench(opts: { budgetMs?: number; threads?: number } = {}): Promise<SgemmResult[]> {
  const budget = opts.budgetMs ?? 300;
  const path = findWasm('sgemm.wasm');
  if (path === null) throw new Error('dist/wasm/sgemm.wasm is missing: run `npm run build:wasm`');
  const k = await createWasmKernels(path, { threads: opts.threads ?? 2 });
  const out: SgemmResult[] = [];
  try {
    for (const s of SGEMM_SHAPES) {
      const { transA: tA, transB: tB, M, N, K } = s;
      const lda = tA ? M : K, ldb = tB ? K : N;
      const A = k.alloc(M * K), B = k.alloc(K * N), C = k.alloc(M * N);
      for (let i = 0; i < A.length; i++) A[i] = Math.random() - 0.5;
      for (let i = 0; i < B.length; i++) B[i] = Math.random() - 0.5;
      const gflops = (ms: number) => round((2 * M * N * K) / ms / 1e6, 1);
      const js = gflops(timeIt(() => sgemmJs(tA, tB, M, N, K, A, lda, B, ldb, C, N, 0), budget, 1));
      const w1 = gflops(timeIt(() => k.sgemmWith(1, tA, tB, M, N, K, A, lda, B, ldb, C, N, 0), budget));
      const w2 = gflops(timeIt(() => k.sgemmWith(2, tA, tB, M, N, K, A, lda, B, ldb, C, N, 0), budget));
      const wa = gflops(timeIt(() => k.sgemm(tA, tB, M, N, K, A, lda, B, ldb, C, N, 0), budget));
      out.push({ shape: s.name, M, N, K, transA: tA, transB: tB, js, wasm1: w1, wasm2: w2, wasmAuto: wa, speedupVsJs: round(Math.max(w1, w2, wa) / js, 1) });
      for (const x of [A, B, C]) k.free(x);
    }
  } finally {
    k.dispose();
  }
  return out;
}
