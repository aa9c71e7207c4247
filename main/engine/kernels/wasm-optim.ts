// The optimizers' SIMD updates (dist/wasm/optim.wasm, from wasm/optim.as) on the kernels' shared memory.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { OptimKernels } from './api.js';
import type { WasmHeap } from './wasm-heap.js';

type Adam = (w: number, g: number, m: number, v: number, n: number, alpha: number, b1: number, b2: number, eps: number) => void;
type Rmsprop = (w: number, g: number, v: number, n: number, lr: number, rho: number, eps: number) => void;
type Momentum = (w: number, g: number, m: number, n: number, lr: number, mu: number) => void;

/** The update kernels from `path` on `heap`, or null when the binary is not built. */
export async function loadWasmOptim(path: string, heap: WasmHeap): Promise<OptimKernels | null> {
  if (!existsSync(path)) return null;
  const module = await WebAssembly.compile(await readFile(path));
  const ex = (await WebAssembly.instantiate(module, { env: { memory: heap.memory } })).exports;
  const adam = ex['adam'] as Adam;
  const rmsprop = ex['rmsprop'] as Rmsprop;
  const momentum = ex['momentum'] as Momentum;
  // Every array must be a 16-byte-aligned view of the heap, as long as the weights.
  const ours = (n: number, ...xs: Float32Array[]): boolean => xs.every((x) => x.length === n && heap.owns(x) && x.byteOffset % 16 === 0);
  return {
    adam(w, g, m, v, alpha, b1, b2, eps) {
      if (!ours(w.length, w, g, m, v)) return false;
      adam(w.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, w.length, alpha, b1, b2, eps);
      return true;
    },
    rmsprop(w, g, v, lr, rho, eps) {
      if (!ours(w.length, w, g, v)) return false;
      rmsprop(w.byteOffset, g.byteOffset, v.byteOffset, w.length, lr, rho, eps);
      return true;
    },
    momentum(w, g, m, lr, mu) {
      if (!ours(w.length, w, g, m)) return false;
      momentum(w.byteOffset, g.byteOffset, m.byteOffset, w.length, lr, mu);
      return true;
    },
  };
}
