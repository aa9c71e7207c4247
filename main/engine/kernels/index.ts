// Picks the fastest kernels this process can run: WebAssembly SIMD (+ worker threads) when the runtime
// validates SIMD and shared memory and dist/wasm/sgemm.wasm is built, else plain JS.
// Env overrides: RECURRENT_LAB_THREADS=N (threads in all), RECURRENT_LAB_NO_SIMD=1 (force plain JS).
import { availableParallelism } from 'node:os';
import { UserError } from '../../errors.js';
import type { Kernels } from './api.js';
import { createJsKernels } from './js.js';
import { findWasm } from './locate.js';
import { createWasmKernels } from './wasm.js';

export type { Kernels } from './api.js';
export { createJsKernels, sgemmJs } from './js.js';

export interface KernelOptions {
  /** Threads in all, the caller included; default min(cores, 4). */
  threads?: number;
  /** false forces the plain-JS kernels. */
  simd?: boolean;
  /** false keeps the mul+add build even where relaxed-SIMD fused multiply-add is available. */
  fma?: boolean;
}

// (module (memory 1 1 shared) (func (result v128) v128.const i32x4 0 0 0 0)): SIMD and threads together.
const PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1, 10, 22, 1, 20, 0, 253, 12,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

/** Whether this runtime runs WebAssembly SIMD128 on shared memory. */
export function wasmSimdSupported(): boolean {
  try {
    return typeof SharedArrayBuffer === 'function' && WebAssembly.validate(PROBE);
  } catch {
    return false;
  }
}

// (func (result v128) (f32x4.relaxed_madd (v128.const 0) (v128.const 0) (v128.const 0))): relaxed SIMD.
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 253, 133, 2, 11,
]);

/** Whether this runtime has relaxed SIMD (f32x4.relaxed_madd: fused multiply-add). Node ≥ 22 and Electron do. */
export function wasmRelaxedSimdSupported(): boolean {
  try {
    return WebAssembly.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

/** Threads requested by RECURRENT_LAB_THREADS, or undefined when unset. */
export function envThreads(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const v = env['RECURRENT_LAB_THREADS'];
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UserError(`RECURRENT_LAB_THREADS must be an integer in 1..64, got "${v}"`);
  return n;
}

export async function loadBestKernels(opts: KernelOptions = {}): Promise<Kernels> {
  const threads = opts.threads ?? envThreads() ?? Math.min(availableParallelism(), 4);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new UserError(`threads must be an integer in 1..64, got ${threads}`);
  const noSimd = opts.simd === false || process.env['RECURRENT_LAB_NO_SIMD'] === '1';
  if (noSimd || !wasmSimdSupported()) return createJsKernels();
  const fmaPath = opts.fma !== false && wasmRelaxedSimdSupported() ? findWasm('sgemm-fma.wasm') : null;
  const path = fmaPath ?? findWasm('sgemm.wasm');
  if (path === null) return createJsKernels();
  try {
    return await createWasmKernels(path, { threads, fma: fmaPath !== null });
  } catch {
    // Worker threads refused (sandboxed host?) → one thread is still far faster than JS; if even that
    // fails (shared memory disallowed), plain JS.
    if (threads === 1) return createJsKernels();
    return createWasmKernels(path, { threads: 1, fma: fmaPath !== null }).catch(() => createJsKernels());
  }
}
