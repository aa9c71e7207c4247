// Whether runs may train side by side on the CPU cores (a study's cells, a sweep's parallel trials): with the CPU
// engine yes; with auto only when there is no hardware GPU (else each run may train on it, and GPU runs take the
// machine one at a time, as the queue arranges); with webgpu or tfjs-node no.
import type { EngineChoice } from '../engine/engines.js';
import { listAdapters } from '../engine/webgpu/gpu.js';

export async function runsShareCores(engine: EngineChoice): Promise<boolean> {
  if (engine === 'cpu') return true;
  if (engine !== 'auto') return false;
  try {
    return !(await listAdapters()).some((a) => !a.software);
  } catch {
    return true; // no WebGPU at all: auto is the CPU engine
  }
}

/** Threads for each of `runs` runs side by side on `cores` cores (at least 1). */
export function threadsEach(runs: number, cores: number): number {
  return Math.max(1, Math.floor(cores / Math.max(1, Math.min(runs, cores))));
}
