// The one seam every training backend implements (our CPU engine, the WebGPU engine, the tfjs adapter):
// the fit loop in fit-loop.ts drives it, so early stopping, restore-best, checkpoints, cancellation,
// divergence stop, timing and callbacks exist once. See docs/ARCHITECTURE.md, "add a backend".
import type { ModelSpec, TrainSpec } from '../../model/spec.js';
import type { Rng } from '../rng.js';
import type { Checkpoint, Dataset, EvalResult, WeightTensor } from '../types.js';

/** One training batch's summed loss and number of correct predictions. */
export interface StepStats {
  lossSum: number;
  correct: number;
}

export interface OptimizerSnapshot {
  state: WeightTensor[];
  step: number;
}

export interface TrainingBackend {
  readonly spec: ModelSpec;
  /**
   * Steps the loop may have submitted and not yet received (1: each step completes before the next is
   * submitted). A GPU backend reads its statistics back a few batches behind instead of stalling per batch.
   */
  readonly stepsInFlight: number;
  /**
   * Gets ready to train on `train` with `spec` (optimizer, buffers, uploads) and, when resuming, loads the
   * checkpoint's weights and optimizer state. Called once per fit, before the first step.
   */
  beginFit(train: Dataset, spec: TrainSpec, resume: Checkpoint | undefined): Promise<void>;
  /**
   * One training step on the rows `rows` of the training data: forward, backward, clip-norm, optimizer
   * update. Dropout decisions are drawn from `rng` before this returns, in the single-threaded order, so a
   * seed gives every backend the same masks. When the batch's loss is not finite its update is skipped,
   * and so is every later one until the next beginFit: the weights stay as they were before that batch.
   */
  step(rows: Int32Array, rng: Rng): Promise<StepStats>;
  evaluate(data: Dataset): Promise<EvalResult>;
  readWeights(): Promise<WeightTensor[]>;
  writeWeights(weights: WeightTensor[]): Promise<void>;
  readOptimizer(): Promise<OptimizerSnapshot>;
  /** After the loop: gives back per-fit resources (the loop calls it also when a step failed). */
  endFit(): Promise<void>;
}
