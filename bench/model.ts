// Training-step benchmark of one architecture on the tutorial's shapes: a synthetic batch of random token
// ids trained with the engine's own fit (adam, batch 64); reports the median ms per training batch after
// warm-up, examples/s, peak RSS and the latency of predicting one review.
import { createModel } from '../main/engine/index.js';
import { loadBestKernels } from '../main/engine/kernels/index.js';
import { threadsForBatch } from '../main/engine/parallel/threads.js';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN, normalizeModelSpec, type Architecture, type ModelSpec } from '../main/model/spec.js';
import type { Dataset, TrainableModel } from '../main/engine/types.js';
import { median, peakRssMB, round } from './stats.js';

export interface ModelBenchOptions {
  arch: Architecture;
  batchSize: number;
  maxLen: number;
  numWords: number;
  /** Timed training batches (after WARMUP more). */
  steps: number;
  /** Threads in all: the kernels' products and the data-parallel split (default: the engine's). */
  threads?: number;
  simd?: boolean;
}

export interface ModelBenchResult {
  engine: string;
  arch: Architecture;
  msPerStep: number;
  examplesPerSec: number;
  peakRssMB: number;
  threads: number;
  simd: boolean;
  predictMs: number;
  kernels: string;
  batchSize: number;
  maxLen: number;
  numWords: number;
  steps: number;
}

const WARMUP = 2;

/** Deterministic synthetic data: token ids in [1, numWords), labels 0/1. */
export function syntheticData(n: number, maxLen: number, numWords: number, seed: number): Dataset {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const x = new Int32Array(n * maxLen);
  for (let i = 0; i < x.length; i++) x[i] = 1 + Math.floor(next() * (numWords - 1));
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = next() < 0.5 ? 0 : 1;
  return { x, y, n, maxLen };
}

/** The benchmark's model: the tutorial's, with the architecture and shapes asked for. */
export function benchSpec(o: ModelBenchOptions): ModelSpec {
  return normalizeModelSpec({ ...TUTORIAL_MODEL, arch: o.arch, maxLen: o.maxLen, numWords: o.numWords });
}

/**
 * Trains `warmup + steps` batches of synthetic data with the model's own fit (one epoch, adam) and returns
 * the median ms per batch after the warm-up ones, with the data (for the prediction timing). `throughput`:
 * the timed batches' wall time over their count instead — for an engine with steps in flight, whose
 * completions arrive in bursts.
 */
export async function timeTrainingSteps(model: TrainableModel, o: ModelBenchOptions, warmup: number, throughput = false): Promise<{ msPerStep: number; data: Dataset }> {
  const data = syntheticData(o.batchSize * (warmup + o.steps), o.maxLen, o.numWords, 7);
  const stamps: number[] = [];
  const t0 = performance.now();
  await model.fit(data, null, { ...TUTORIAL_TRAIN, batchSize: o.batchSize, epochs: 1, validation: false }, {
    onBatch: () => {
      stamps.push(performance.now());
    },
  });
  if (throughput) return { msPerStep: (stamps.at(-1)! - (warmup > 0 ? stamps[warmup - 1]! : t0)) / o.steps, data };
  const times = stamps.map((t, i) => t - (i === 0 ? t0 : stamps[i - 1]!)).slice(warmup);
  return { msPerStep: median(times), data };
}

/** Median ms to predict one review, as the app's "try a review" box does (the first 2 calls warm up). */
export async function timePredictOne(model: TrainableModel, data: Dataset, maxLen: number, reps: number): Promise<number> {
  const one = data.x.subarray(0, maxLen);
  const pt: number[] = [];
  for (let i = 0; i < reps; i++) {
    const p0 = performance.now();
    await model.predict(one, 1);
    pt.push(performance.now() - p0);
  }
  return round(median(pt.slice(2)), 2);
}

export async function runModelBench(o: ModelBenchOptions): Promise<ModelBenchResult> {
  const kopts: { threads?: number; simd?: boolean } = {};
  if (o.threads !== undefined) kopts.threads = o.threads;
  if (o.simd !== undefined) kopts.simd = o.simd;
  const kernels = await loadBestKernels(kopts);
  // As a run does: no more threads than the batch can use, so `threads` below is what trained.
  const model = await createModel(benchSpec(o), { seed: 1, kernels, engine: 'cpu', threads: threadsForBatch(o.batchSize, o.threads) });
  try {
    const { msPerStep, data } = await timeTrainingSteps(model, o, WARMUP);

    const predictMs = await timePredictOne(model, data, o.maxLen, 12);
    return {
      engine: model.device.engine,
      arch: o.arch,
      msPerStep: round(msPerStep, 1),
      examplesPerSec: Math.round((o.batchSize * 1000) / msPerStep),
      peakRssMB: peakRssMB(),
      threads: model.device.threads,
      simd: model.device.simd,
      predictMs,
      kernels: kernels.name,
      batchSize: o.batchSize,
      maxLen: o.maxLen,
      numWords: o.numWords,
      steps: o.steps,
    };
  } finally {
    model.dispose();
    kernels.dispose();
  }
}
