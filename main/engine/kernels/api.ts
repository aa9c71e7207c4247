// The numeric kernels the engine's layers call. Two implementations: plain JS (always there) and
// WebAssembly SIMD (+ worker threads) built from sources in this repo. Layers never care which.
//
// Buffers: allocate every parameter, gradient, activation and workspace array through `alloc` so the
// wasm implementation can work on them in place (they are views into its shared memory); arrays from
// elsewhere still work, just slower.

export interface Kernels {
  readonly name: 'js' | 'wasm-simd';
  readonly simd: boolean;
  readonly threads: number;
  /** Float32Array of n zeros owned by this kernel set (aligned to 16 bytes). */
  alloc(n: number): Float32Array;
  /**
   * Gives an array from `alloc` back (pass the array alloc returned, not a subarray). Arrays not from this
   * kernel set are ignored. Optional to call: long-lived model buffers may simply be kept.
   */
  free(a: Float32Array): void;
  /**
   * Row-major GEMM on views: C = beta·C + op(A)·op(B), with op(A) M×K, op(B) K×N, C M×N.
   * lda/ldb/ldc are row strides in elements of the arrays as stored (A is M×K, or K×M when transA).
   * beta is 0 (overwrite) or 1 (accumulate).
   */
  sgemm(
    transA: boolean, transB: boolean, M: number, N: number, K: number,
    A: Float32Array, lda: number, B: Float32Array, ldb: number,
    C: Float32Array, ldc: number, beta: 0 | 1,
  ): void;
  /** The optimizers' elementwise updates in SIMD, where built (absent: the optimizer's own JS loops). */
  readonly optim?: OptimKernels;
  /** The recurrent cells' per-timestep elementwise work in SIMD, where built (absent: the layers' JS loops). */
  readonly cells?: CellKernels;
  /** Releases worker threads (if any). */
  dispose(): void;
}

/**
 * In-place optimizer updates over whole arrays (same rules as main/engine/optimizers.ts). Each returns false,
 * doing nothing, when an array is not this kernel set's (the caller then runs its JS loop).
 */
export interface OptimKernels {
  adam(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, alpha: number, b1: number, b2: number, eps: number): boolean;
  rmsprop(w: Float32Array, g: Float32Array, v: Float32Array, lr: number, rho: number, eps: number): boolean;
  momentum(w: Float32Array, g: Float32Array, m: Float32Array, lr: number, mu: number): boolean;
}

/**
 * Per-timestep cell work on byte addresses of this kernel set's memory (see kernels/wasm/cells.as for the
 * formulas; the same as the JS loops in layers/cells/). `mask`: address of the timestep's B mask
 * bytes (mask_zero), or 0 for none.
 */
export interface CellKernels {
  /** Byte address of a view in this kernel memory, or −1 when it lies elsewhere (then use the JS loops). */
  address(a: ArrayBufferView): number;
  lstmForward(z: number, bias: number, cPrev: number, cCur: number, hPrev: number, hCur: number, tc: number, B: number, U: number, mask: number): void;
  lstmBackward(z: number, tc: number, cPrev: number, dh: number, dc: number, dz: number, B: number, U: number, mask: number): void;
  rnnForward(z: number, bias: number, hPrev: number, hCur: number, B: number, U: number, mask: number): void;
  rnnBackward(z: number, dh: number, dz: number, B: number, U: number, mask: number): void;
  gruForward(z: number, bias: number, rec: number, rh: number, hPrev: number, hCur: number, B: number, U: number, mask: number): void;
  gruBackward(z: number, hPrev: number, rh: number, dh: number, dzx: number, dzr: number, B: number, U: number, mask: number): void;
  gruRbGates(z: number, bias: number, hd: number, rh: number, B: number, U: number): void;
  gruRbState(z: number, bias: number, hPrev: number, hCur: number, B: number, U: number, mask: number): void;
  gruRbBackState(z: number, hPrev: number, dh: number, dz: number, B: number, U: number, mask: number): void;
  gruRbBackReset(z: number, drh: number, hd: number, dz: number, dhd: number, B: number, U: number): void;
}
