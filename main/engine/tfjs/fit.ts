// The tfjs training loop: seeded shuffling, Keras-default optimizers, optional global-norm clipping,
// per-batch/per-epoch callbacks, cancellation, early stopping with restore-best-weights, divergence
// stop, and per-epoch checkpoints (weights + optimizer slots) that resume exactly where they ended.
import type { ModelSpec, TrainSpec } from '../../model/spec.js';
import type { BatchMetrics, Checkpoint, Dataset, EpochMetrics, EvalResult, FitCallbacks, FitResult, StopReason, WeightTensor } from '../types.js';
import { UserError } from '../../errors.js';
import type { Optimizer, NamedTensorMap } from '@tensorflow/tfjs';
import type { Tf, LayersModel, Tensor } from './tf.js';
import { SeededRng } from './rng.js';
import { readTfjsWeights, writeTfjsWeights } from './weights.js';

export interface FitContext {
  tf: Tf;
  model: LayersModel;
  spec: ModelSpec;
  evaluate(d: Dataset): Promise<EvalResult>;
}

/** Keras defaults: Adam(β1 .9, β2 .999, ε 1e-7), RMSprop(ρ .9, ε 1e-7), SGD with optional momentum. */
export function makeOptimizer(tf: Tf, ts: TrainSpec): Optimizer {
  switch (ts.optimizer) {
    case 'adam':
      return tf.train.adam(ts.learningRate, 0.9, 0.999, 1e-7);
    case 'rmsprop':
      return tf.train.rmsprop(ts.learningRate, 0.9, 0, 1e-7);
    case 'sgd':
      return ts.momentum > 0 ? tf.train.momentum(ts.learningRate, ts.momentum) : tf.train.sgd(ts.learningRate);
  }
}

function checkData(d: Dataset, spec: ModelSpec, what: string): void {
  if (d.maxLen !== spec.maxLen) throw new UserError(`${what} data has maxLen ${d.maxLen}, the model expects ${spec.maxLen}`);
  if (d.x.length !== d.n * d.maxLen || d.y.length !== d.n) throw new UserError(`${what} data arrays do not match n=${d.n}`);
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export async function fitTfjs(
  ctx: FitContext,
  train: Dataset,
  val: Dataset | null,
  ts: TrainSpec,
  cb: FitCallbacks,
  resume?: Checkpoint,
): Promise<FitResult> {
  const { tf, model, spec } = ctx;
  checkData(train, spec, 'training');
  if (val) checkData(val, spec, 'validation');
  if (ts.batchSize > train.n) throw new UserError(`batch size ${ts.batchSize} is larger than the ${train.n} training reviews`);

  const optimizer = makeOptimizer(tf, ts);
  const vars = model.trainableWeights.map((w) => w.read() as ReturnType<Tf['variable']>);
  const rng = new SeededRng(ts.seed);
  let firstEpoch = 1;
  let bestValLoss: number | null = null;
  let bestEpoch: number | null = null;
  let bestWeights: WeightTensor[] | null = null;
  let stale = 0;
  if (resume) {
    writeTfjsWeights(tf, model, resume.weights);
    if (resume.optimizerState.length > 0) {
      await optimizer.setWeights(resume.optimizerState.map((w) => ({ name: w.name, tensor: tf.tensor(w.data, w.shape) })));
    }
    rng.state = resume.rngState;
    firstEpoch = resume.epoch + 1;
    bestValLoss = resume.bestValLoss;
    bestEpoch = resume.bestEpoch;
    bestWeights = resume.bestWeights;
    stale = resume.epochsWithoutImprovement;
  }

  const L = spec.maxLen;
  const batches = Math.ceil(train.n / ts.batchSize);
  const started = performance.now();
  const stepMs: number[] = [];
  const epochs: EpochMetrics[] = [];
  let stopReason: StopReason = 'completed';
  let message: string | null = null;

  for (let epoch = firstEpoch; epoch <= ts.epochs && stopReason === 'completed'; epoch++) {
    const order = rng.permutation(train.n);
    const epochStart = performance.now();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (let b = 0; b < batches; b++) {
      if (cb.shouldStop?.()) {
        stopReason = 'cancelled';
        break;
      }
      const t0 = performance.now();
      const m = Math.min(ts.batchSize, train.n - b * ts.batchSize);
      const xb = new Int32Array(m * L);
      const yb = new Float32Array(m);
      for (let i = 0; i < m; i++) {
        const r = order[b * ts.batchSize + i] as number;
        xb.set(train.x.subarray(r * L, (r + 1) * L), i * L);
        yb[i] = train.y[r] as number;
      }
      const xt = tf.tensor2d(xb, [m, L], 'int32');
      const yt = tf.tensor1d(yb);
      let logits: Tensor | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const z = tf.reshape(model.apply(xt, { training: true }) as Tensor, [m]);
        logits = tf.keep(z);
        return tf.losses.sigmoidCrossEntropy(yt, z) as ReturnType<Tf['scalar']>;
      }, vars);
      const loss = (await value.data())[0] as number;
      const z = logits ? await (logits as Tensor).data() : new Float32Array(m);
      if (!Number.isFinite(loss)) {
        tf.dispose([xt, yt, value, logits ?? xt]);
        tf.dispose(Object.values(grads));
        stopReason = 'diverged';
        message = `loss became ${loss} in epoch ${epoch}, batch ${b + 1}; training stopped`;
        break;
      }
      let toApply: NamedTensorMap = grads;
      if (ts.clipNorm !== null) {
        const clipNorm = ts.clipNorm;
        toApply = tf.tidy(() => {
          const names = Object.keys(grads);
          const norm = tf.sqrt(tf.addN(names.map((k) => tf.sum(tf.square(grads[k] as Tensor)))));
          const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
          return Object.fromEntries(names.map((k) => [k, tf.mul(grads[k] as Tensor, scale)]));
        });
        tf.dispose(Object.values(grads));
      }
      optimizer.applyGradients(toApply as Parameters<Optimizer['applyGradients']>[0]);
      tf.dispose([xt, yt, value, ...(logits ? [logits as Tensor] : [])]);
      tf.dispose(Object.values(toApply));
      for (let i = 0; i < m; i++) if (((z[i] as number) > 0 ? 1 : 0) === yb[i]) correct++;
      lossSum += loss * m;
      seen += m;
      const t1 = performance.now();
      stepMs.push(t1 - t0);
      const bm: BatchMetrics = {
        epoch,
        batch: b + 1,
        batches,
        loss,
        accuracy: correct / seen,
        examplesPerSec: (seen / (t1 - epochStart)) * 1000,
        elapsedMs: t1 - started,
      };
      cb.onBatch?.(bm);
    }
    if (stopReason !== 'completed') break;

    const v = val ? await ctx.evaluate(val) : null;
    const now = performance.now();
    const em: EpochMetrics = {
      epoch,
      loss: lossSum / Math.max(1, seen),
      accuracy: correct / Math.max(1, seen),
      valLoss: v ? v.loss : null,
      valAccuracy: v ? v.accuracy : null,
      examplesPerSec: (seen / (now - epochStart)) * 1000,
      elapsedMs: now - started,
    };
    epochs.push(em);
    // Early stopping monitors val_loss (train loss without validation), like Keras' EarlyStopping.
    const monitored = em.valLoss ?? em.loss;
    if (bestValLoss === null || monitored < bestValLoss) {
      bestValLoss = monitored;
      bestEpoch = epoch;
      stale = 0;
      if (ts.earlyStopping !== null) bestWeights = readTfjsWeights(model);
    } else stale++;
    const stopEarly = ts.earlyStopping !== null && stale >= ts.earlyStopping;
    if (stopEarly && bestWeights) writeTfjsWeights(tf, model, bestWeights);
    const optState = await optimizer.getWeights();
    const optimizerState: WeightTensor[] = optState.map((w) => ({ name: w.name, shape: [...w.tensor.shape], data: new Float32Array(w.tensor.dataSync()) }));
    const step = optimizerState.find((w) => w.name === 'iter')?.data[0] ?? 0;
    const checkpoint: Checkpoint = {
      epoch,
      weights: readTfjsWeights(model),
      optimizerState,
      optimizerStep: step,
      rngState: rng.state,
      bestValLoss,
      bestEpoch,
      bestWeights,
      epochsWithoutImprovement: stale,
    };
    await cb.onEpoch?.(em, checkpoint);
    if (stopEarly) stopReason = 'early-stopping';
  }
  optimizer.dispose();
  return { epochs, stopReason, message, msPerStep: median(stepMs) };
}
