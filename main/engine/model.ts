// EngineModel: the TrainableModel of our own CPU engine (construction, predict/evaluate, gradients, weights)
// and its TrainingBackend (one step: forward, backward, clip, update). The training loop lives in
// training/fit-loop.ts.
import type { Kernels } from './kernels/api.js';
import type { ModelSpec, TrainSpec } from '../model/spec.js';
import type { Checkpoint, Dataset, DeviceInfo, EvalResult, FitCallbacks, FitResult, TrainableModel, WeightTensor } from './types.js';
import { Network } from './network.js';
import { Rng } from './rng.js';
import { bceWithLogits } from './loss.js';
import type { PassContext } from './layers/context.js';
import { restore, snapshot } from './weights.js';
import { checkDataset, checkTokens } from './data-check.js';
import { Optimizer, type OptimizerConfig } from './optimizers.js';
import { runFit } from './training/fit-loop.js';
import type { OptimizerSnapshot, StepStats, TrainingBackend } from './training/backend.js';
import { clipGlobalNorm } from './optimizers.js';
import type { LossStats } from './loss.js';
import type { Param } from './weights.js';
import type { DataParallel, ReplicaHost } from './parallel/data-parallel.js';
import { isWasmKernels, switchable, type SwitchableKernels } from './parallel/single-gemm.js';

/** Rows per forward pass in predict/evaluate when training has not set a larger capacity. */
const INFER_CHUNK = 64;

export class EngineModel implements TrainableModel, TrainingBackend, ReplicaHost {
  readonly stepsInFlight = 1;
  device: DeviceInfo;
  readonly net: Network;
  optimizer: Optimizer | null = null;
  /** Largest batch the buffers were sized for. */
  capacity = 0;
  private xb: Int32Array = new Int32Array(0);
  private yb: Float32Array = new Float32Array(0);
  private dLogits: Float32Array;
  /** Logits of a data-parallel inference chunk. */
  private inferOut = new Float32Array(0);
  private disposed = false;
  /** The fit in progress: its training data, gradient clip, and whether a non-finite loss stopped updates. */
  private fitData: Dataset | null = null;
  private clipNorm: number | null = null;
  private updatesStopped = false;
  /** The network's kernels: wasm ones can be told to keep products single-threaded (data-parallel steps). */
  private readonly netKernels: SwitchableKernels | null;
  /** Replica threads for training batches (attachParallel), or null: single replica. */
  private parallel: DataParallel | null = null;

  constructor(readonly spec: ModelSpec, readonly seed: number, readonly kernels: Kernels) {
    this.netKernels = isWasmKernels(kernels) ? switchable(kernels) : null;
    this.net = new Network(spec, this.netKernels ?? kernels, seed);
    this.dLogits = new Float32Array(0);
    this.device = {
      engine: 'recurrent-lab',
      threads: kernels.threads,
      simd: kernels.simd,
      gpu: null,
      description: `recurrent-lab engine, ${kernels.name} kernels${kernels.simd ? ' (SIMD)' : ''}, ${kernels.threads} thread${kernels.threads === 1 ? '' : 's'}`,
    };
  }

  get params(): Param[] {
    return this.net.params;
  }

  /** Trains with data parallelism over the batch from now on (see parallel/data-parallel.ts). */
  attachParallel(dp: DataParallel): void {
    this.parallel?.dispose();
    this.parallel = dp;
    const k = this.kernels;
    this.device = {
      ...this.device,
      threads: dp.threads,
      description: `recurrent-lab engine, ${k.name} kernels${k.simd ? ' (SIMD)' : ''}, ${dp.threads} threads (data-parallel over the batch)`,
    };
  }

  /**
   * After a failed or dead replica thread: the pass stops with its reason (what was logged stays; a resume
   * starts fresh threads) and this model goes on single-threaded if used again.
   */
  private dropParallel(): void {
    this.parallel?.dispose();
    this.parallel = null;
  }

  private live(): void {
    if (this.disposed) throw new Error('model was disposed');
  }

  /** Sizes the per-batch buffers for batches of up to `cap` reviews. */
  reserve(cap: number): void {
    if (cap <= this.capacity) return;
    this.capacity = cap;
    this.xb = new Int32Array(cap * this.spec.maxLen);
    this.yb = new Float32Array(cap);
    this.dLogits = new Float32Array(cap);
  }

  /** Copies rows idx[from..from+B) of a dataset into the batch buffers. */
  gather(x: Int32Array, y: Float32Array | null, idx: ArrayLike<number> | null, from: number, B: number): { xb: Int32Array; yb: Float32Array } {
    const T = this.spec.maxLen;
    for (let i = 0; i < B; i++) {
      const r = idx ? idx[from + i]! : from + i;
      this.xb.set(x.subarray(r * T, (r + 1) * T), i * T);
      if (y) this.yb[i] = y[r]!;
    }
    return { xb: this.xb.subarray(0, B * T), yb: this.yb.subarray(0, B) };
  }

  ctx(training: boolean, rng: Rng, recordNorms = false): PassContext {
    return { training, rng, mask: null, recordNorms };
  }

  /**
   * One forward + backward on a batch: fills every parameter's gradient of scale·Σ loss (scale = 1/B gives
   * the batch-mean loss Keras minimises). Returns the summed loss and the number correct.
   */
  forwardBackward(xb: Int32Array, yb: Float32Array, B: number, ctx: PassContext, scale = 1 / B): { lossSum: number; correct: number } {
    const logits = this.net.forward(xb, B, ctx);
    const stats = bceWithLogits(logits, yb, B, this.dLogits, scale);
    if (!Number.isFinite(stats.lossSum)) return stats;
    this.net.backward(this.dLogits.subarray(0, B), ctx);
    return stats;
  }

  /** forwardBackward with every product on this thread (a data-parallel replica's share). */
  forwardBackwardSingle(xb: Int32Array, yb: Float32Array, B: number, ctx: PassContext, scale: number): LossStats {
    const k = this.netKernels;
    if (k) k.single = true;
    try {
      return this.forwardBackward(xb, yb, B, ctx, scale);
    } finally {
      if (k) k.single = false;
    }
  }

  /** One training batch's forward + backward: split over the replica threads when attached and worth it. */
  async trainStep(xb: Int32Array, yb: Float32Array, B: number, ctx: PassContext): Promise<LossStats> {
    this.reserve(B);
    if (this.parallel) {
      let stats: LossStats | null;
      try {
        stats = await this.parallel.step(this, xb, yb, B, ctx);
      } catch (e) {
        this.dropParallel();
        throw e;
      }
      if (stats) return stats;
    }
    return this.forwardBackward(xb, yb, B, ctx);
  }

  /** Mean loss and gradients (copies, by weight name) of a batch, without dropout — for tests and tools. */
  lossAndGradients(x: Int32Array, y: Float32Array, n: number): { loss: number; grads: WeightTensor[] } {
    this.live();
    checkTokens(x, n, this.spec, 'batch');
    this.reserve(n);
    const { lossSum } = this.forwardBackward(x, y, n, this.ctx(false, new Rng(0, 9)));
    return { loss: lossSum / n, grads: this.net.params.map((p) => ({ name: p.name, shape: [...p.shape], data: Float32Array.from(p.grad) })) };
  }

  makeOptimizer(spec: TrainSpec): Optimizer {
    const cfg: OptimizerConfig = { name: spec.optimizer, learningRate: spec.learningRate, momentum: spec.momentum };
    const cur = this.optimizer;
    if (!cur || cur.config.name !== cfg.name || cur.config.learningRate !== cfg.learningRate || cur.config.momentum !== cfg.momentum) {
      this.optimizer = new Optimizer(cfg, this.net.params, this.kernels);
    }
    return this.optimizer!;
  }

  async fit(train: Dataset, val: Dataset | null, spec: TrainSpec, callbacks: FitCallbacks = {}, resume?: Checkpoint): Promise<FitResult> {
    this.live();
    return runFit(this, train, val, spec, callbacks, resume);
  }

  async beginFit(train: Dataset, spec: TrainSpec, resume: Checkpoint | undefined): Promise<void> {
    const opt = this.makeOptimizer(spec);
    if (resume) {
      restore(this.net.params, resume.weights);
      opt.load(resume.optimizerState, resume.optimizerStep);
    }
    this.fitData = train;
    this.clipNorm = spec.clipNorm;
    this.updatesStopped = false;
    this.reserve(spec.batchSize);
  }

  async step(rows: Int32Array, rng: Rng): Promise<StepStats> {
    const train = this.fitData;
    if (!train) throw new Error('step() before beginFit()');
    const B = rows.length;
    const { xb, yb } = this.gather(train.x, train.y, rows, 0, B);
    const stats = await this.trainStep(xb, yb, B, this.ctx(true, rng));
    if (!Number.isFinite(stats.lossSum)) this.updatesStopped = true;
    if (this.updatesStopped) return stats;
    if (this.clipNorm !== null) clipGlobalNorm(this.net.params, this.clipNorm);
    this.optimizer!.step();
    return stats;
  }

  async readWeights(): Promise<WeightTensor[]> {
    return snapshot(this.net.params);
  }

  async writeWeights(weights: WeightTensor[]): Promise<void> {
    restore(this.net.params, weights);
  }

  async readOptimizer(): Promise<OptimizerSnapshot> {
    const opt = this.optimizer;
    return opt ? { state: opt.state(), step: opt.iterations } : { state: [], step: 0 };
  }

  async endFit(): Promise<void> {
    this.fitData = null;
  }

  /** Inference logits [B] with every product on this thread (a data-parallel share). */
  forwardSingle(xb: Int32Array, B: number): Float32Array {
    const k = this.netKernels;
    if (k) k.single = true;
    try {
      return this.net.forward(xb, B, this.ctx(false, new Rng(0, 7)));
    } finally {
      if (k) k.single = false;
    }
  }

  /** Logits of the rows in chunks (rows split over the replica threads when attached). */
  private async logitsInChunks(x: Int32Array, n: number, each: (logits: Float32Array, from: number, B: number) => void): Promise<void> {
    const chunk = Math.max(this.capacity, INFER_CHUNK);
    this.reserve(chunk);
    if (this.inferOut.length < chunk) this.inferOut = new Float32Array(chunk);
    const rng = new Rng(0, 7);
    for (let from = 0; from < n; from += chunk) {
      const B = Math.min(chunk, n - from);
      const { xb } = this.gather(x, null, null, from, B);
      if (this.parallel) {
        let split: boolean;
        try {
          split = await this.parallel.forward(this, xb, B, this.inferOut);
        } catch (e) {
          this.dropParallel();
          throw e;
        }
        if (split) {
          each(this.inferOut, from, B);
          continue;
        }
      }
      each(this.net.forward(xb, B, this.ctx(false, rng)), from, B);
    }
  }

  async predict(x: Int32Array, n: number): Promise<Float32Array> {
    this.live();
    checkTokens(x, n, this.spec, 'predict');
    const out = new Float32Array(n);
    await this.logitsInChunks(x, n, (logits, from, B) => {
      for (let b = 0; b < B; b++) out[from + b] = 1 / (1 + Math.exp(-logits[b]!));
    });
    return out;
  }

  /** Loss and accuracy over a dataset (no dropout). */
  async evaluate(data: Dataset): Promise<EvalResult> {
    this.live();
    checkDataset(data, this.spec, 'evaluate');
    const probabilities = new Float32Array(data.n);
    let lossSum = 0;
    let correct = 0;
    await this.logitsInChunks(data.x, data.n, (logits, from, B) => {
      const s = bceWithLogits(logits, data.y.subarray(from, from + B), B, null, 1);
      lossSum += s.lossSum;
      correct += s.correct;
      for (let b = 0; b < B; b++) probabilities[from + b] = 1 / (1 + Math.exp(-logits[b]!));
    });
    return { loss: lossSum / data.n, accuracy: correct / data.n, probabilities };
  }

  /**
   * ‖∂L/∂h_t‖ (L = mean loss over the given reviews, no dropout) for each recurrent layer and position t,
   * averaged over the reviews. Only computed here: fit's backward passes skip it.
   */
  async gradientNorms(batch: Dataset): Promise<{ layer: string; norms: number[] }[]> {
    this.live();
    checkDataset(batch, this.spec, 'gradient-norm batch');
    const layers = this.net.recurrentLayers();
    const T = this.spec.maxLen;
    const sums = layers.map(() => new Float64Array(T));
    const chunk = Math.max(this.capacity, INFER_CHUNK);
    this.reserve(chunk);
    const rng = new Rng(0, 8);
    for (let from = 0; from < batch.n; from += chunk) {
      const B = Math.min(chunk, batch.n - from);
      const { xb, yb } = this.gather(batch.x, batch.y, null, from, B);
      this.forwardBackward(xb, yb, B, this.ctx(false, rng, true), 1 / batch.n);
      layers.forEach((l, i) => {
        const nm = l.norms!;
        for (let t = 0; t < T; t++) sums[i]![t]! += nm[t]! * B;
      });
    }
    return layers.map((l, i) => ({ layer: l.name, norms: Array.from(sums[i]!, (v) => v / batch.n) }));
  }

  getWeights(): WeightTensor[] {
    this.live();
    return snapshot(this.net.params);
  }

  setWeights(weights: WeightTensor[]): void {
    this.live();
    restore(this.net.params, weights);
  }

  dispose(): void {
    this.disposed = true;
    this.parallel?.dispose();
    this.parallel = null;
  }
}
