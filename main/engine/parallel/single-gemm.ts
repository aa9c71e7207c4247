// The main model's view of its kernels: the same kernels, except that while a data-parallel step runs on
// this thread its products stay on this thread (the other cores are busy with replicas; nesting the
// kernels' own row split inside a replica would only make the threads fight).
import type { Kernels } from '../kernels/api.js';
import type { WasmKernels } from '../kernels/wasm.js';

export interface SwitchableKernels extends Kernels {
  /** true: sgemm runs single-threaded. */
  single: boolean;
}

export function isWasmKernels(k: Kernels): k is WasmKernels {
  return 'heap' in k && 'sgemmWith' in k;
}

export function switchable(w: WasmKernels): SwitchableKernels {
  const s: SwitchableKernels = {
    single: false,
    get name() { return w.name; },
    get simd() { return w.simd; },
    get threads() { return w.threads; },
    alloc: (n) => w.alloc(n),
    free: (a) => w.free(a),
    ...(w.optim ? { optim: w.optim } : {}),
    ...(w.cells ? { cells: w.cells } : {}),
    sgemm(transA, transB, M, N, K, A, lda, B, ldb, C, ldc, beta) {
      if (s.single) w.sgemmWith(1, transA, transB, M, N, K, A, lda, B, ldb, C, ldc, beta);
      else w.sgemm(transA, transB, M, N, K, A, lda, B, ldb, C, ldc, beta);
    },
    dispose: () => w.dispose(),
  };
  return s;
}
