// The recurrent cells' SIMD kernels (dist/wasm/cells.wasm, from wasm/cells.as), instantiated on a kernel
// memory — by the main kernels and by each data-parallel replica, which shares that memory.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { CellKernels } from './api.js';

/** The compiled cells module at `path`, or null when it has not been built. */
export async function compileCells(path: string): Promise<WebAssembly.Module | null> {
  return existsSync(path) ? WebAssembly.compile(await readFile(path)) : null;
}

/** The cell kernels of `module` on `memory`; `owns` tells whether a view lies in that memory. */
export function instantiateCells(module: WebAssembly.Module, memory: WebAssembly.Memory, owns: (a: ArrayBufferView) => boolean): CellKernels {
  const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
  return {
    address: (a) => (owns(a) ? a.byteOffset : -1),
    lstmForward: ex['lstmForward'] as CellKernels['lstmForward'],
    lstmBackward: ex['lstmBackward'] as CellKernels['lstmBackward'],
    rnnForward: ex['rnnForward'] as CellKernels['rnnForward'],
    rnnBackward: ex['rnnBackward'] as CellKernels['rnnBackward'],
    gruForward: ex['gruForward'] as CellKernels['gruForward'],
    gruBackward: ex['gruBackward'] as CellKernels['gruBackward'],
    gruRbGates: ex['gruRbGates'] as CellKernels['gruRbGates'],
    gruRbState: ex['gruRbState'] as CellKernels['gruRbState'],
    gruRbBackState: ex['gruRbBackState'] as CellKernels['gruRbBackState'],
    gruRbBackReset: ex['gruRbBackReset'] as CellKernels['gruRbBackReset'],
  };
}
