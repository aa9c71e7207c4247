// The training loop: seeded shuffling, per-batch/epoch callbacks, validation, early stopping with
// restore-best-weights, cancellation, divergence detection, checkpoints and exact resume.
// Seeds: createModel's seed draws the initial weights; TrainSpec.seed drives the per-epoch shuffle and the
// dropout masks (its stream state is in every checkpoint, so a resumed run equals an uninterrupted one).
// Batch metrics are running means over the epoch so far (Keras' progress bar); a cancelled run's partial
// epoch reports no EpochMetrics/checkpoint, but its weight updates are kept.
import { trainSpecSchema, type TrainSpec } from '../model/spec.js';
import { validate } from '../model/validate.js';
import { UserError } from '../errors.js';
import type { Checkpoint, Dataset, EpochMetrics, FitCallbacks, FitResult, StopReason, WeightTensor } from './types.js';
import type { EngineModel } from './model.js';
import { Rng } from './rng.js';
import { clipGlobalNorm } from './optimizers.js';
import { checkDataset } from './data-check.js';
import { restore, snapshot } from './weights.js';

/** Random stream of training (shuffles, dropout masks): distinct from the initialisation stream. */
const TRAIN_STREAM = 1;

function median(a: number[]): number {
  if (a.length === 0) return 0;
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

export async function runFit(
  model: EngineModel, train: Dataset, val: Dataset | null, specIn: TrainSpec, cb: FitCallbacks, resume?: Checkpoint,
): Promise<FitResult> {
  const spec = validate(trainSpecSchema, specIn, 'train spec');
  checkDataset(train, model.spec, 'training data');
  if (val && spec.validation) checkDataset(val, model.spec, 'validation data');
  if (spec.batchSize > train.n) throw new UserError(`batchSize ${spec.batchSize} is larger than the training data (${train.n} reviews)`);
  if (resume && (resume.epoch < 0 || resume.epoch > spec.epochs)) {
    throw new UserError(`checkpoint is at epoch ${resume.epoch}, outside 0..${spec.epochs}`);
  }

  const params = model.net.params;
  const opt = model.makeOptimizer(spec);
  const rng = new Rng(spec.seed, TRAIN_STREAM);
  let best: number | null = null;
  let bestEpoch: number | null = null;
  let bestWeights: WeightTensor[] | null = null;
  let wait = 0;
  let startEpoch = 0;
  if (resume) {
    restore(params, resume.weights);
    opt.load(resume.optimizerState, resume.optimizerStep);
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
  model.reserve(bs);
  const perm = new Int32Array(n);
  const stepMs: number[] = [];
  const epochs: EpochMetrics[] = [];
  const t0 = performance.now();
  let stopReason: StopReason = 'completed';
  let message: string | null = null;

  outer: for (let epoch = startEpoch + 1; epoch <= spec.epochs; epoch++) {
    for (let i = 0; i < n; i++) perm[i] = i;
    rng.shuffle(perm);
    const e0 = performance.now();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (let bi = 0; bi < batches; bi++) {
      const from = bi * bs;
      const B = Math.min(bs, n - from);
      const s0 = performance.now();
      const { xb, yb } = model.gather(train.x, train.y, perm, from, B);
      const stats = await model.trainStep(xb, yb, B, model.ctx(true, rng));
      if (!Number.isFinite(stats.lossSum)) {
        stopReason = 'diverged';
        message = `training diverged: the loss became ${Number.isNaN(stats.lossSum) ? 'NaN' : 'infinite'} at epoch ${epoch}, batch ${bi + 1}; ` +
          'stopped before applying that update (try a lower learning rate or gradient clipping)';
        break outer;
      }
      if (spec.clipNorm !== null) clipGlobalNorm(params, spec.clipNorm);
      opt.step();
      stepMs.push(performance.now() - s0);
      lossSum += stats.lossSum;
      correct += stats.correct;
      seen += B;
      const now = performance.now();
      // Like Keras' progress bar: running means over the epoch so far.
      cb.onBatch?.({
        epoch, batch: bi + 1, batches, loss: lossSum / seen, accuracy: correct / seen,
        examplesPerSec: seen / Math.max(1e-9, (now - e0) / 1000), elapsedMs: now - t0,
      });
      await yieldToEventLoop();
      if (cb.shouldStop?.()) {
        stopReason = 'cancelled';
        break outer;
      }
    }
    const trainSec = (performance.now() - e0) / 1000;
    const ev = val && spec.validation ? await model.evaluate(val) : null;
    const m: EpochMetrics = {
      epoch, loss: lossSum / seen, accuracy: correct / seen, valLoss: ev ? ev.loss : null, valAccuracy: ev ? ev.accuracy : null,
      examplesPerSec: seen / Math.max(1e-9, trainSec), elapsedMs: performance.now() - t0,
    };
    epochs.push(m);
    // Early stopping monitors val_loss (training loss without validation data), min_delta 0, like Keras.
    const monitored = m.valLoss ?? m.loss;
    let stopEarly = false;
    if (spec.earlyStopping !== null) {
      if (best === null || monitored < best) {
        best = monitored;
        bestEpoch = epoch;
        bestWeights = snapshot(params);
        wait = 0;
      } else {
        wait++;
      }
      stopEarly = wait >= spec.earlyStopping;
    }
    const checkpoint: Checkpoint = {
      epoch, weights: snapshot(params), optimizerState: model.optimizer!.state(), optimizerStep: model.optimizer!.iterations,
      rngState: rng.getState(), bestValLoss: best, bestEpoch, bestWeights, epochsWithoutImprovement: wait,
    };
    await cb.onEpoch?.(m, checkpoint);
    if (stopEarly) {
      if (bestWeights) restore(params, bestWeights);
      stopReason = 'early-stopping';
      break;
    }
    if (cb.shouldStop?.()) {
      stopReason = epoch === spec.epochs ? 'completed' : 'cancelled';
      break;
    }
  }
  return { epochs, stopReason, message, msPerStep: median(stepMs) };
}
