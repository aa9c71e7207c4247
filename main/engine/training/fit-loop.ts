// The one training loop, for every backend (training/backend.ts): seeded shuffling, per-batch/epoch
// callbacks, validation, early stopping with restore-best-weights, cancellation, divergence stop,
// checkpoints and exact resume.
// Seeds: the model's seed draws the initial weights; TrainSpec.seed drives the per-epoch shuffle and the
// dropout masks (its stream state is in every checkpoint, so a resumed run equals an uninterrupted one).
// Batch metrics are running means over the epoch so far (Keras' progress bar); a cancelled run's partial
// epoch reports no EpochMetrics/checkpoint, but its weight updates are kept.
import { trainSpecSchema, type TrainSpec } from '../../model/spec.js';
import { validate } from '../../model/validate.js';
import { UserError } from '../../errors.js';
import type { Checkpoint, Dataset, EpochMetrics, FitCallbacks, FitResult, StopReason, WeightTensor } from '../types.js';
import { Rng } from '../rng.js';
import { checkDataset } from '../data-check.js';
import type { StepStats, TrainingBackend } from './backend.js';

/** Random stream of training (shuffles, dropout masks): distinct from the initialisation stream. */
export const TRAIN_STREAM = 1;

export function median(a: number[]): number {
  if (a.length === 0) return 0;
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

interface Pending {
  stats: Promise<StepStats>;
  B: number;
  batch: number; // 1-based
}

export async function runFit(
  backend: TrainingBackend, train: Dataset, val: Dataset | null, specIn: TrainSpec, cb: FitCallbacks, resume?: Checkpoint,
): Promise<FitResult> {
  const spec = validate(trainSpecSchema, specIn, 'train spec');
  checkDataset(train, backend.spec, 'training data');
  if (val && spec.validation) checkDataset(val, backend.spec, 'validation data');
  if (spec.batchSize > train.n) throw new UserError(`batchSize ${spec.batchSize} is larger than the training data (${train.n} reviews)`);
  if (resume && (resume.epoch < 0 || resume.epoch > spec.epochs)) {
    throw new UserError(`checkpoint is at epoch ${resume.epoch}, outside 0..${spec.epochs}`);
  }

  const rng = new Rng(spec.seed, TRAIN_STREAM);
  let best: number | null = null;
  let bestEpoch: number | null = null;
  let bestWeights: WeightTensor[] | null = null;
  let wait = 0;
  let startEpoch = 0;
  await backend.beginFit(train, spec, resume);
  if (resume) {
    rng.setState(resume.rngState);
    best = resume.bestValLoss;
    bestEpoch = resume.bestEpoch;
    bestWeights = resume.bestWeights;
    wait = resume.epochsWithoutImprovement;
    startEpoch = resume.epoch;
  }

  const n = train.n;
  const bs = spec.batchSize;
  const batches = Math.ceil(n / bs);
  const depth = Math.max(1, backend.stepsInFlight);
  const perm = new Int32Array(n);
  const stepMs: number[] = [];
  const epochs: EpochMetrics[] = [];
  const t0 = performance.now();
  let stopReason: StopReason = 'completed';
  let message: string | null = null;
  const pending: Pending[] = [];

  try {
    outer: for (let epoch = startEpoch + 1; epoch <= spec.epochs; epoch++) {
      for (let i = 0; i < n; i++) perm[i] = i;
      rng.shuffle(perm);
      const e0 = performance.now();
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      let lastDone = e0;
      let stopping = false;
      // With steps in flight, completions arrive in bursts: the epoch's steps are timed together, from the
      // first completion (after the pipeline filled) to the last.
      let done = 0;
      let firstDone = e0;
      /** Receives the oldest pending step; false when training must stop (diverged). */
      const receive = async (): Promise<boolean> => {
        const p = pending.shift()!;
        const stats = await p.stats;
        if (!Number.isFinite(stats.lossSum)) {
          stopReason = 'diverged';
          message = `training diverged: the loss became ${Number.isNaN(stats.lossSum) ? 'NaN' : 'infinite'} at epoch ${epoch}, batch ${p.batch}; ` +
            'stopped before applying that update (try a lower learning rate or gradient clipping)';
          return false;
        }
        const now = performance.now();
        if (depth === 1) stepMs.push(now - lastDone);
        lastDone = now;
        done++;
        lossSum += stats.lossSum;
        correct += stats.correct;
        seen += p.B;
        if (done === 1) firstDone = now;
        // Like Keras' progress bar: running means over the epoch so far.
        cb.onBatch?.({
          epoch, batch: p.batch, batches, loss: lossSum / seen, accuracy: correct / seen,
          examplesPerSec: seen / Math.max(1e-9, (now - e0) / 1000), elapsedMs: now - t0,
        });
        await yieldToEventLoop();
        if (cb.shouldStop?.()) stopping = true;
        return true;
      };
      for (let bi = 0; bi < batches && !stopping; bi++) {
        const from = bi * bs;
        const B = Math.min(bs, n - from);
        if (pending.length === 0) lastDone = performance.now();
        const stats = backend.step(perm.subarray(from, from + B), rng);
        // A step in flight may fail (a lost device) before the loop awaits it: it is awaited in turn, or
        // settled in `finally`, so its rejection is handled here rather than reported as unhandled.
        stats.catch(() => undefined);
        pending.push({ stats, B, batch: bi + 1 });
        while (pending.length >= depth || (bi === batches - 1 && pending.length > 0)) {
          if (!(await receive())) break outer;
        }
      }
      // A stop asked for mid-epoch: the steps already submitted were applied; count them, then stop.
      while (pending.length > 0) if (!(await receive())) break outer;
      if (depth > 1 && done > 1) stepMs.push((lastDone - firstDone) / (done - 1));
      if (stopping && seen < n) {
        stopReason = 'cancelled';
        break;
      }
      const trainSec = (performance.now() - e0) / 1000;
      const ev = val && spec.validation ? await backend.evaluate(val) : null;
      const m: EpochMetrics = {
        epoch, loss: lossSum / seen, accuracy: correct / seen, valLoss: ev ? ev.loss : null, valAccuracy: ev ? ev.accuracy : null,
        examplesPerSec: seen / Math.max(1e-9, trainSec), elapsedMs: performance.now() - t0,
      };
      epochs.push(m);
      // Early stopping monitors val_loss (training loss without validation data), min_delta 0, like Keras.
      const monitored = m.valLoss ?? m.loss;
      let stopEarly = false;
      const weights = await backend.readWeights();
      if (spec.earlyStopping !== null) {
        if (best === null || monitored < best) {
          best = monitored;
          bestEpoch = epoch;
          bestWeights = weights;
          wait = 0;
        } else {
          wait++;
        }
        stopEarly = wait >= spec.earlyStopping;
      }
      const opt = await backend.readOptimizer();
      const checkpoint: Checkpoint = {
        epoch, weights, optimizerState: opt.state, optimizerStep: opt.step,
        rngState: rng.getState(), bestValLoss: best, bestEpoch, bestWeights, epochsWithoutImprovement: wait,
      };
      await cb.onEpoch?.(m, checkpoint);
      if (stopEarly) {
        if (bestWeights) await backend.writeWeights(bestWeights);
        stopReason = 'early-stopping';
        break;
      }
      if (stopping || cb.shouldStop?.()) {
        stopReason = epoch === spec.epochs ? 'completed' : 'cancelled';
        break;
      }
    }
  } finally {
    // Steps still in flight (after a divergence or a failure) finish before the backend is released.
    await Promise.allSettled(pending.map((p) => p.stats));
    await backend.endFit();
  }
  return { epochs, stopReason, message, msPerStep: median(stepMs) };
}
