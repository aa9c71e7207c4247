// The engine's front door: build a trainable model from a spec, pick kernels, summarise a spec.
import { modelSpecSchema, normalizeModelSpec, type ModelSpec } from '../model/spec.js';
import { validate } from '../model/validate.js';
import { UserError } from '../errors.js';
import type { Kernels } from './kernels/api.js';
import { loadBestKernels } from './kernels/index.js';
import { PARALLEL_MIN_ROWS, defaultThreads } from './parallel/threads.js';
import { DataParallel } from './parallel/data-parallel.js';
import { isWasmKernels } from './parallel/single-gemm.js';
import { tryCreateTfjsNodeModel } from './tfjs/adapter.js';
import type { TrainableModel } from './types.js';
import { EngineModel } from './model.js';
import { WebGpuModel } from './webgpu/model.js';
import { autoChoice } from './auto-engine.js';
import { ENGINES, type EngineChoice } from './engines.js';

export { modelSummary } from './summary.js';
export type * from './types.js';

export type { EngineChoice } from './engines.js';

export interface CreateModelOptions {
  seed: number;
  kernels?: Kernels;
  /**
   * cpu: our engine (WebAssembly SIMD, threads); webgpu: our WebGPU engine (fails clearly without an
   * adapter); tfjs-node: @tensorflow/tfjs-node(-gpu), only when asked for by name; auto (default): WebGPU
   * on a hardware adapter when a short probe trains faster there than the CPU engine, else the CPU engine.
   */
  engine?: EngineChoice;
  /**
   * Threads that train each batch together (data parallelism over the batch; engine backend with the wasm
   * kernels only; 1..64). Default: RECURRENT_LAB_THREADS if set, else the machine's cores. A batch uses at most
   * one thread per parallelMinRows of its rows.
   */
  threads?: number;
  /** Smallest share of a batch's rows worth a thread (default 8): smaller batches run on one. */
  parallelMinRows?: number;
}

/** Validates (UserError on bad input) and normalises a spec (normalizeModelSpec: the layer count per arch). */
export function checkModelSpec(input: unknown): ModelSpec {
  return normalizeModelSpec(validate(modelSpecSchema, input, 'model spec'));
}

let kernelsPromise: Promise<Kernels> | null = null;

/** The best kernel set this process can run (WebAssembly SIMD + threads, else plain JS), loaded once. */
export function getKernels(): Promise<Kernels> {
  kernelsPromise ??= loadBestKernels().catch((e: unknown) => {
    kernelsPromise = null; // a bad RECURRENT_LAB_THREADS etc. is reported, not remembered
    throw e;
  });
  return kernelsPromise;
}

export async function createModel(specIn: ModelSpec, opts: CreateModelOptions): Promise<TrainableModel> {
  const spec = checkModelSpec(specIn);
  const seed = opts.seed;
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) throw new UserError(`seed must be an integer in [0, 2^31), got ${seed}`);
  const engine = opts.engine ?? 'auto';
  if (!(ENGINES as readonly string[]).includes(engine)) throw new UserError(`engine must be one of ${ENGINES.join(', ')}, got "${String(engine)}"`);
  if (engine === 'tfjs-node') {
    const tfModel = await tryCreateTfjsNodeModel(spec, seed);
    if (tfModel) return tfModel;
    throw new UserError('engine "tfjs-node" needs @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node, and neither is installed');
  }
  if (engine === 'webgpu') return WebGpuModel.create(spec, seed);
  const cpu = await createCpuModel(spec, seed, opts);
  if (engine === 'cpu') return cpu;
  const choice = await autoChoice(spec, cpu);
  if (!choice.gpu) {
    cpu.device = { ...cpu.device, description: `${cpu.device.description} — auto: ${choice.why}` };
    return cpu;
  }
  cpu.dispose();
  choice.gpu.device = { ...choice.gpu.device, description: `${choice.gpu.device.description} — auto: ${choice.why}` };
  return choice.gpu;
}

async function createCpuModel(spec: ModelSpec, seed: number, opts: CreateModelOptions): Promise<EngineModel> {
  const kernels = opts.kernels ?? (await getKernels());
  const model = new EngineModel(spec, seed, kernels);
  const threads = opts.threads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new UserError(`threads must be an integer in 1..64, got ${threads}`);
  const minRows = opts.parallelMinRows ?? PARALLEL_MIN_ROWS;
  if (!Number.isInteger(minRows) || minRows < 1) throw new UserError(`parallelMinRows must be a positive integer, got ${minRows}`);
  if (threads > 1 && isWasmKernels(kernels)) {
    // Worker threads refused (sandboxed host?) → train on one thread rather than fail.
    const dp = await DataParallel.create(model, kernels, threads, minRows).catch(() => null);
    if (dp) model.attachParallel(dp);
  }
  return model;
}
