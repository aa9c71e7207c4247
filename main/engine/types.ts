// The seam between training orchestration (main/runs) and whatever trains the model:
// our own fused engine, or the tfjs-layers adapter when tfjs-node(-gpu) is installed.
import type { ModelSpec, TrainSpec } from '../model/spec.js';

/** Padded, integer-encoded reviews: x is n × maxLen row-major, y is 0/1 per review. */
export interface Dataset {
  x: Int32Array;
  y: Float32Array;
  n: number;
  maxLen: number;
}

/** One weight array, named and shaped exactly as Keras/TF.js name and shape it. */
export interface WeightTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** A WebGPU adapter as it reported itself (software: a CPU rasteriser or an adapter we cannot identify). */
export interface GpuAdapterRecord {
  vendor: string;
  architecture: string;
  description: string;
  isFallback: boolean;
  software: boolean;
}

export interface DeviceInfo {
  engine: 'recurrent-lab' | 'webgpu' | 'tfjs-node' | 'tfjs-node-gpu' | 'tfjs';
  threads: number;
  simd: boolean;
  gpu: string | null;
  description: string;
  /** The WebGPU engine's adapter. */
  adapter?: GpuAdapterRecord;
}

export interface BatchMetrics {
  epoch: number; // 1-based
  batch: number; // 1-based within the epoch
  batches: number; // per epoch
  loss: number;
  accuracy: number;
  examplesPerSec: number;
  elapsedMs: number; // since fit started
}

export interface EpochMetrics {
  epoch: number; // 1-based
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  examplesPerSec: number;
  elapsedMs: number;
}

/** Everything needed to continue training exactly where an epoch ended. */
export interface Checkpoint {
  epoch: number; // epochs completed
  weights: WeightTensor[];
  optimizerState: WeightTensor[];
  optimizerStep: number;
  rngState: number[];
  bestValLoss: number | null;
  bestEpoch: number | null;
  bestWeights: WeightTensor[] | null;
  epochsWithoutImprovement: number;
}

export interface FitCallbacks {
  onBatch?(m: BatchMetrics): void;
  onEpoch?(m: EpochMetrics, checkpoint: Checkpoint): void | Promise<void>;
  /** Polled between batches; true stops training after the current batch, keeping what was done. */
  shouldStop?(): boolean;
}

export type StopReason = 'completed' | 'early-stopping' | 'cancelled' | 'diverged';

export interface FitResult {
  epochs: EpochMetrics[];
  stopReason: StopReason;
  /** Set when stopReason is 'diverged' (loss became NaN/Inf). */
  message: string | null;
  /** Median milliseconds per training batch. */
  msPerStep: number;
}

export interface EvalResult {
  loss: number;
  accuracy: number;
  probabilities: Float32Array;
}

export interface TrainableModel {
  readonly spec: ModelSpec;
  readonly device: DeviceInfo;
  fit(train: Dataset, val: Dataset | null, spec: TrainSpec, callbacks?: FitCallbacks, resume?: Checkpoint): Promise<FitResult>;
  predict(x: Int32Array, n: number): Promise<Float32Array>;
  evaluate(data: Dataset): Promise<EvalResult>;
  /** ‖∂L/∂h_t‖ per recurrent layer per timestep, averaged over the batch. */
  gradientNorms(batch: Dataset): Promise<{ layer: string; norms: number[] }[]>;
  getWeights(): WeightTensor[];
  setWeights(weights: WeightTensor[]): void;
  dispose(): void;
}
