// The tfjs TrainingBackend: one step = tfjs-layers forward/backward, optional global-norm clipping and a
// Keras-default optimizer update. The loop itself is the shared one (training/fit-loop.ts).
// Dropout masks come from tfjs' own random source, not the loop's Rng: tfjs-layers draws them inside its
// layers, so a tfjs run with dropout is seeded but not mask-identical to our engine's.
import type { ModelSpec, TrainSpec } from '../../model/spec.js';
import type { Checkpoint, Dataset, EvalResult, WeightTensor } from '../types.js';
import type { Optimizer, NamedTensorMap } from '@tensorflow/tfjs';
import type { Tf, LayersModel, Tensor } from './tf.js';
import { readTfjsWeights, writeTfjsWeights } from './weights.js';
import type { OptimizerSnapshot, StepStats, TrainingBackend } from '../training/backend.js';

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

export class TfjsBackend implements TrainingBackend {
  readonly stepsInFlight = 1;
  private optimizer: Optimizer | null = null;
  private train: Dataset | null = null;
  private clipNorm: number | null = null;
  private updatesStopped = false;

  constructor(
    private readonly tf: Tf,
    private readonly model: LayersModel,
    readonly spec: ModelSpec,
    readonly evaluate: (d: Dataset) => Promise<EvalResult>,
  ) {}

  async beginFit(train: Dataset, ts: TrainSpec, resume: Checkpoint | undefined): Promise<void> {
    this.optimizer?.dispose();
    this.optimizer = makeOptimizer(this.tf, ts);
    this.train = train;
    this.clipNorm = ts.clipNorm;
    this.updatesStopped = false;
    if (resume) {
      writeTfjsWeights(this.tf, this.model, resume.weights);
      if (resume.optimizerState.length > 0) {
        await this.optimizer.setWeights(resume.optimizerState.map((w) => ({ name: w.name, tensor: this.tf.tensor(w.data, w.shape) })));
      }
    }
  }

  async step(rows: Int32Array): Promise<StepStats> {
    const { tf, model } = this;
    const train = this.train!;
    const L = this.spec.maxLen;
    const m = rows.length;
    const xb = new Int32Array(m * L);
    const yb = new Float32Array(m);
    for (let i = 0; i < m; i++) {
      const r = rows[i]!;
      xb.set(train.x.subarray(r * L, (r + 1) * L), i * L);
      yb[i] = train.y[r]!;
    }
    const vars = model.trainableWeights.map((w) => w.read() as ReturnType<Tf['variable']>);
    const xt = tf.tensor2d(xb, [m, L], 'int32');
    const yt = tf.tensor1d(yb);
    let logits: Tensor | null = null;
    const { value, grads } = tf.variableGrads(() => {
      const z = tf.reshape(model.apply(xt, { training: true }) as Tensor, [m]);
      logits = tf.keep(z);
      return tf.losses.sigmoidCrossEntropy(yt, z) as ReturnType<Tf['scalar']>;
    }, vars);
    const loss = (await value.data())[0]!;
    const z = logits ? await (logits as Tensor).data() : new Float32Array(m);
    tf.dispose([xt, yt, value, ...(logits ? [logits as Tensor] : [])]);
    if (!Number.isFinite(loss)) this.updatesStopped = true;
    if (this.updatesStopped) {
      tf.dispose(Object.values(grads));
      return { lossSum: loss * m, correct: 0 };
    }
    let toApply: NamedTensorMap = grads;
    const clipNorm = this.clipNorm;
    if (clipNorm !== null) {
      toApply = tf.tidy(() => {
        const names = Object.keys(grads);
        const norm = tf.sqrt(tf.addN(names.map((k) => tf.sum(tf.square(grads[k] as Tensor)))));
        const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
        return Object.fromEntries(names.map((k) => [k, tf.mul(grads[k] as Tensor, scale)]));
      });
      tf.dispose(Object.values(grads));
    }
    this.optimizer!.applyGradients(toApply as Parameters<Optimizer['applyGradients']>[0]);
    tf.dispose(Object.values(toApply));
    let correct = 0;
    for (let i = 0; i < m; i++) if ((z[i]! > 0 ? 1 : 0) === yb[i]) correct++;
    return { lossSum: loss * m, correct };
  }

  async readWeights(): Promise<WeightTensor[]> {
    return readTfjsWeights(this.model);
  }

  async writeWeights(weights: WeightTensor[]): Promise<void> {
    writeTfjsWeights(this.tf, this.model, weights);
  }

  async readOptimizer(): Promise<OptimizerSnapshot> {
    if (!this.optimizer) return { state: [], step: 0 };
    const ws = await this.optimizer.getWeights();
    const state: WeightTensor[] = ws.map((w) => ({ name: w.name, shape: [...w.tensor.shape], data: new Float32Array(w.tensor.dataSync()) }));
    return { state, step: state.find((w) => w.name === 'iter')?.data[0] ?? 0 };
  }

  async endFit(): Promise<void> {
    this.optimizer?.dispose();
    this.optimizer = null;
    this.train = null;
  }
}
