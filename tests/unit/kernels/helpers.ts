// Shared helpers of the kernel tests: a seeded generator, random matrices and the comparison against sgemmJs.
import assert from 'node:assert/strict';
import { findWasm } from '../../../main/engine/kernels/locate.js';
import { createWasmKernels, type WasmKernels, type WasmKernelOptions } from '../../../main/engine/kernels/wasm.js';

/** Deterministic uniform(-1, 1) values (mulberry32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

export function fillRandom(x: Float32Array, r: () => number): Float32Array {
  for (let i = 0; i < x.length; i++) x[i] = r();
  return x;
}

export async function wasmKernels(opts: WasmKernelOptions = {}): Promise<WasmKernels> {
  const path = findWasm('sgemm.wasm');
  assert.ok(path, 'dist/wasm/sgemm.wasm is missing: run `npm run build:wasm` first');
  return createWasmKernels(path, opts);
}

/** max|got − want| / max|want| over the first n elements. */
export function relError(got: Float32Array, want: Float32Array): number {
  assert.equal(got.length, want.length);
  let err = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    err = Math.max(err, Math.abs(got[i]! - want[i]!));
    scale = Math.max(scale, Math.abs(want[i]!));
  }
  return scale === 0 ? err : err / scale;
}
