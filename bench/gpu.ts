// `bench --engine webgpu`: per architecture, the WebGPU engine's median training step (statistics read
// back a few batches behind, as training runs) and, in the same run, the CPU engine's on the same shapes,
// with the ratio, the engine's GPU memory and the adapter as it reported itself. An adapter that is a
// software rasteriser says so (`adapter.software`): its figures are for correctness, not speed.
import { WebGpuModel } from '../main/engine/webgpu/model.js';
import type { GpuAdapterRecord } from '../main/engine/types.js';
import { benchSpec, runModelBench, timePredictOne, timeTrainingSteps, type ModelBenchOptions } from './model.js';
import { round } from './stats.js';

export interface GpuBenchResult {
  engine: 'webgpu';
  arch: ModelBenchOptions['arch'];
  adapter: GpuAdapterRecord & { backend: string };
  msPerStep: number;
  examplesPerSec: number;
  /** Whether the timed steps prepared their batches on the GPU from the resident training set. */
  dataResident: boolean;
  /** The same steps with each batch prepared on the CPU and uploaded (the path a set too large for one buffer takes). */
  msPerStepCpuPrep: number;
  cpuMsPerStep: number;
  cpuThreads: number;
  speedupVsCpu: number;
  gpuMemoryMB: number;
  /** Reviews per second through inference (validation) on 4 batches' worth of reviews. */
  evalReviewsPerSec: number;
  predictMs: number;
  batchSize: number;
  maxLen: number;
  numWords: number;
  steps: number;
}

const WARMUP = 3;

/** Timed steps at least: with steps in flight, a few completions arrive together, so time many. */
const MIN_STEPS = 12;

export async function runGpuBench(opts: ModelBenchOptions): Promise<GpuBenchResult> {
  const o = { ...opts, steps: Math.max(MIN_STEPS, opts.steps) };
  const model = await WebGpuModel.create(benchSpec(o), 1);
  let gpu: Omit<GpuBenchResult, 'cpuMsPerStep' | 'cpuThreads' | 'speedupVsCpu' | 'msPerStepCpuPrep'>;
  try {
    const { msPerStep, data } = await timeTrainingSteps(model, o, WARMUP, true);
    const dataResident = model.dataResident;
    const t0 = performance.now();
    await model.evaluate(data);
    const evalMs = performance.now() - t0;
    const predictMs = await timePredictOne(model, data, o.maxLen, 8);
    const a = model.adapter;
    gpu = {
      engine: 'webgpu',
      arch: o.arch,
      adapter: { vendor: a.vendor, architecture: a.architecture, description: a.description, isFallback: a.isFallback, software: a.software, backend: a.backend },
      msPerStep: round(msPerStep, 2),
      dataResident,
      examplesPerSec: Math.round((o.batchSize * 1000) / msPerStep),
      gpuMemoryMB: Math.round(model.gpuMemoryBytes / 2 ** 20),
      evalReviewsPerSec: Math.round((data.n * 1000) / evalMs),
      predictMs,
      batchSize: o.batchSize,
      maxLen: o.maxLen,
      numWords: o.numWords,
      steps: o.steps,
    };
  } finally {
    model.dispose();
  }
  const cpuPrep = await WebGpuModel.create(benchSpec(o), 1, { batchPrep: 'cpu' });
  let msPerStepCpuPrep: number;
  try {
    msPerStepCpuPrep = round((await timeTrainingSteps(cpuPrep, o, WARMUP, true)).msPerStep, 2);
  } finally {
    cpuPrep.dispose();
  }
  const cpu = await runModelBench(o);
  return { ...gpu, msPerStepCpuPrep, cpuMsPerStep: cpu.msPerStep, cpuThreads: cpu.threads, speedupVsCpu: round(cpu.msPerStep / gpu.msPerStep, 2) };
}
