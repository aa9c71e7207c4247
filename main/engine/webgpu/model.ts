// WebGpuModel: the TrainableModel and TrainingBackend of the WebGPU engine. Weights, gradients and
// optimizer slots live on the GPU; each training step uploads the batch's token slots, labels and
// dropout decisions (a few hundred KB), records its dispatches into one command buffer, and reads back
// only its loss and accuracy, asynchronously, up to STEPS_IN_FLIGHT batches behind. Initial weights come
// from the CPU engine's seeded Keras-exact initialisers, so one seed starts both engines identically.
/// <reference types="@webgpu/types" />
import type { ModelSpec, TrainSpec } from '../../model/spec.js';
import type { Checkpoint, Dataset, DeviceInfo, EvalResult, FitCallbacks, FitResult, TrainableModel, WeightTensor } from '../types.js';
import type { OptimizerSnapshot, StepStats, TrainingBackend } from '../training/backend.js';
import { runFit } from '../training/fit-loop.js';
import type { Rng } from '../rng.js';
import { EngineModel } from '../model.js';
import { createJsKernels } from '../kernels/js.js';
import { layerPlan } from '../plan.js';
import { kindOf } from '../layer-kinds/registry.js';
import { bceWithLogits } from '../loss.js';
import { checkDataset, checkTokens } from '../data-check.js';
import { UserError } from '../../errors.js';
import { openGpu, type AdapterInfo, type GpuHandle } from './gpu.js';
import { GpuKit, type Op } from './gpu-kit.js';
import { GpuNet, type PassKind } from './network.js';
import { BatchInput } from './batch-input.js';
import { GpuBatchPrep } from './batch-prep.js';

/** Steps whose statistics may still be on their way back when the next is submitted. */
const STEPS_IN_FLIGHT = 3;
/** Reviews per inference pass, when memory allows. */
const INFER_CHUNK = 256;

export interface WebGpuOptions {
  /**
   * Where a training batch's inputs are prepared: 'gpu' (default) from the training set resident on the
   * device, or 'cpu' (BatchInput, uploaded per step) — also what a set too large for one buffer gets.
   */
  batchPrep?: 'gpu' | 'cpu';
}

export class WebGpuModel implements TrainableModel, TrainingBackend {
  readonly stepsInFlight = STEPS_IN_FLIGHT;
  device: DeviceInfo;
  readonly adapter: AdapterInfo;
  private net: GpuNet | null = null;
  private weights: WeightTensor[];
  private readonly inp: BatchInput;
  private readonly staging: GPUBuffer[] = [];
  private slotBusy: boolean[] = [];
  private nextSlot = 0;
  private iterations = 0;
  private ts: TrainSpec | null = null;
  private train: Dataset | null = null;
  private failure: string | null = null;
  private disposed = false;
  /** The training set on the device and its batch-preparation kernels (null: batches prepared on the CPU). */
  private prep: GpuBatchPrep | null = null;
  private prepNet: GpuNet | null = null;

  private constructor(readonly spec: ModelSpec, readonly seed: number, private readonly gpu: GpuHandle, private readonly options: WebGpuOptions) {
    const init = new EngineModel(spec, seed, createJsKernels());
    this.weights = init.getWeights();
    init.dispose();
    this.inp = new BatchInput(spec);
    this.adapter = gpu.adapter;
    const a = gpu.adapter;
    const name = a.description || [a.vendor, a.architecture].filter(Boolean).join(' ') || 'unidentified adapter';
    this.device = {
      engine: 'webgpu',
      threads: 1,
      simd: false,
      gpu: a.software ? null : name,
      description: `recurrent-lab WebGPU engine on ${name} (${a.backend === 'opengles' ? 'OpenGL ES' : 'native'} backend${a.software ? ', software rasteriser: not a GPU' : ''})`,
      adapter: { vendor: a.vendor, architecture: a.architecture, description: a.description, isFallback: a.isFallback, software: a.software },
    };
    gpu.device.addEventListener('uncapturederror', (e) => {
      this.failure ??= `the GPU reported an error: ${(e as GPUUncapturedErrorEvent).error.message}`;
    });
    void gpu.device.lost.then((info) => {
      if (this.disposed) return;
      this.failure ??= `the GPU device was lost (${info.reason === 'destroyed' ? 'destroyed' : info.message || 'driver reset or GPU switch'}); ` +
        'the run stops here and can be resumed from its last checkpoint';
    });
  }

  static async create(spec: ModelSpec, seed: number, options: WebGpuOptions = {}): Promise<WebGpuModel> {
    const gpu = await openGpu();
    return new WebGpuModel(spec, seed, gpu, options);
  }

  /** Whether the current fit's batches are prepared on the GPU from a resident training set. */
  get dataResident(): boolean {
    return this.prep !== null && this.prepNet === this.net;
  }

  /**
   * Makes `data` resident for batches of up to `B` rows (keeping it when it already is), or returns null
   * when batches are prepared on the CPU: asked for, or the set does not fit one storage buffer.
   */
  private resident(net: GpuNet, data: Dataset, B: number): GpuBatchPrep | null {
    if (this.options.batchPrep === 'cpu') return null;
    const p = this.prep;
    if (p && this.prepNet === net && p.data === data && p.maxB >= B) return p;
    if (p && this.prepNet === net) p.release();
    this.prep = null;
    this.prepNet = null;
    try {
      this.prep = new GpuBatchPrep(net.kit, net.prepTargets(), data, this.spec.maxLen, this.spec.numWords, B);
      this.prepNet = net;
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
    }
    return this.prep;
  }

  /** Bytes of device memory the engine's buffers hold. */
  get gpuMemoryBytes(): number {
    return this.net?.kit.bytes ?? 0;
  }

  private check(): void {
    if (this.disposed) throw new Error('model was disposed');
    if (this.failure) throw new UserError(this.failure);
  }

  /** Largest batch that fits one buffer of the widest activation. */
  private maxRows(): number {
    const T = this.spec.maxLen;
    const widest = Math.max(...layerPlan(this.spec).map((l) => kindOf(l).gpuWidth(l)));
    return Math.max(1, Math.floor(this.gpu.limits.maxStorageBufferBindingSize / (4 * T * widest)));
  }

  /** The GPU network with buffers for batches of `need` (rebuilt, keeping the weights, when it grows). */
  private async ensure(need: number): Promise<GpuNet> {
    this.check();
    if (this.net && this.net.cap >= need) return this.net;
    const max = this.maxRows();
    if (need > max) {
      throw new UserError(`batch size ${need} does not fit this GPU with maxLen ${this.spec.maxLen} and ${this.spec.units} units (at most ${max} reviews per batch); lower the batch size or use the CPU engine`);
    }
    if (this.net) {
      this.weights = await this.net.readWeights();
      this.net.kit.destroy();
    }
    const cap = Math.max(need, Math.min(INFER_CHUNK, max));
    const kit = new GpuKit(this.gpu.device, this.gpu.limits.maxStorageBufferBindingSize);
    try {
      this.net = new GpuNet(kit, this.spec, this.weights, cap, this.gpu.limits.maxComputeWorkgroupStorageSize, STEPS_IN_FLIGHT + 1);
    } catch (e) {
      kit.destroy();
      this.net = null;
      if (e instanceof RangeError) throw new UserError(`the WebGPU engine cannot hold this model: ${e.message}`);
      throw e;
    }
    for (const s of this.staging) s.destroy();
    this.staging.length = 0;
    for (let i = 0; i < STEPS_IN_FLIGHT + 1; i++) this.staging.push(this.gpu.device.createBuffer({ size: 16, usage: 0x01 | 0x08, label: 'stats readback' }));
    this.slotBusy = this.staging.map(() => false);
    return this.net;
  }

  // ---- TrainingBackend

  async beginFit(train: Dataset, ts: TrainSpec, resume: Checkpoint | undefined): Promise<void> {
    const net = await this.ensure(ts.batchSize);
    if (net.setOptimizer(ts)) this.iterations = 0;
    this.ts = ts;
    this.train = train;
    this.resident(net, train, ts.batchSize);
    net.kit.write(net.bad, new Uint32Array(4));
    if (resume) {
      net.writeWeights(resume.weights);
      net.writeOptimizer(resume.optimizerState);
      this.iterations = resume.optimizerStep;
    }
  }

  private adamAlpha(t: number): number {
    const ts = this.ts!;
    return ts.optimizer === 'adam' ? (ts.learningRate * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t) : 0;
  }

  /**
   * Submits a pass over a batch: prepared on the GPU by `prep` (its rows already written) or built on the
   * CPU in this.inp; with `dropout`, its masks drawn on the GPU (net.drawMasks already called). Resolves with
   * its loss and accuracy.
   */
  private async submit(B: number, kind: PassKind, dropout: boolean, alpha: number, prep: GpuBatchPrep | null): Promise<StepStats> {
    const net = this.net!;
    const slot = this.nextSlot;
    this.nextSlot = (this.nextSlot + 1) % this.staging.length;
    if (this.slotBusy[slot]) throw new Error('more steps in flight than stats slots');
    this.slotBusy[slot] = true;
    const pre: Op[] = dropout ? [...net.maskOps(B)] : [];
    let count: number;
    if (prep) {
      net.writeDyn(0, alpha);
      pre.push(...prep.ops(B));
      count = prep.maxDistinct(B);
    } else {
      net.upload(this.inp, B, true, alpha);
      count = this.inp.tokens.count;
    }
    const dev = this.gpu.device;
    const enc = dev.createCommandEncoder();
    net.kit.encode(enc, [...pre, ...net.plan(B, kind, slot, dropout)], { count });
    const staging = this.staging[slot]!;
    enc.copyBufferToBuffer(net.stats, slot * 8, staging, 0, 8);
    dev.queue.submit([enc.finish()]);
    try {
      await staging.mapAsync(0x0001);
      const v = new Float32Array(staging.getMappedRange(0, 8).slice(0));
      staging.unmap();
      this.check();
      return { lossSum: v[0]!, correct: Math.round(v[1]!) };
    } catch (e) {
      this.check();
      throw e;
    } finally {
      this.slotBusy[slot] = false;
    }
  }

  async step(rows: Int32Array, rng: Rng): Promise<StepStats> {
    this.check();
    const train = this.train;
    if (!train || !this.net) throw new Error('step() before beginFit()');
    const prep = this.dataResident ? this.prep : null;
    if (prep) prep.writeRows(rows);
    else this.inp.build(train.x, train.y, rows);
    this.net.drawMasks(rng, rows.length);
    const t = ++this.iterations;
    return this.submit(rows.length, 'step', true, this.adamAlpha(t), prep);
  }

  async readWeights(): Promise<WeightTensor[]> {
    this.check();
    if (this.net) this.weights = await this.net.readWeights();
    return this.weights.map((w) => ({ name: w.name, shape: [...w.shape], data: Float32Array.from(w.data) }));
  }

  async writeWeights(weights: WeightTensor[]): Promise<void> {
    this.setWeights(weights);
  }

  async readOptimizer(): Promise<OptimizerSnapshot> {
    this.check();
    return { state: this.net ? await this.net.readOptimizer() : [], step: this.iterations };
  }

  /** The next fit starts from a fresh optimizer (after a probe). */
  async forgetOptimizer(): Promise<void> {
    this.ts = null;
    this.iterations = 0;
    this.net?.forgetOptimizer();
  }

  async endFit(): Promise<void> {
    this.train = null;
    if (this.net && !this.failure && !this.disposed) this.weights = await this.net.readWeights();
  }

  // ---- TrainableModel

  async fit(train: Dataset, val: Dataset | null, spec: TrainSpec, callbacks: FitCallbacks = {}, resume?: Checkpoint): Promise<FitResult> {
    this.check();
    return runFit(this, train, val, spec, callbacks, resume);
  }

  /** Logits of n reviews, in passes of the network's capacity. */
  private async logits(x: Int32Array, n: number): Promise<Float32Array> {
    const net = await this.ensure(1);
    const out = new Float32Array(n);
    const chunk = net.cap;
    const all = this.gpu.device.createBuffer({ size: Math.max(16, Math.ceil(n / 4) * 16), usage: 0x80 | 0x04 | 0x08, label: 'inference logits' });
    try {
      const rows = new Int32Array(chunk);
      for (let from = 0; from < n; from += chunk) {
        const B = Math.min(chunk, n - from);
        for (let i = 0; i < B; i++) rows[i] = from + i;
        this.inp.build(x, null, rows.subarray(0, B));
        net.upload(this.inp, B, false, 0);
        const enc = this.gpu.device.createCommandEncoder();
        net.kit.encode(enc, net.plan(B, 'infer', 0, false), { count: this.inp.tokens.count });
        enc.copyBufferToBuffer(net.logits, 0, all, from * 4, B * 4);
        this.gpu.device.queue.submit([enc.finish()]);
      }
      const [data] = await net.kit.read([{ buffer: all, floats: n }]);
      out.set(data!);
    } finally {
      all.destroy();
    }
    this.check();
    return out;
  }

  async predict(x: Int32Array, n: number): Promise<Float32Array> {
    this.check();
    checkTokens(x, n, this.spec, 'predict');
    const z = await this.logits(x, n);
    return z.map((v) => 1 / (1 + Math.exp(-v)));
  }

  async evaluate(data: Dataset): Promise<EvalResult> {
    this.check();
    checkDataset(data, this.spec, 'evaluate');
    const z = await this.logits(data.x, data.n);
    const s = bceWithLogits(z, data.y, data.n, null, 1);
    return { loss: s.lossSum / data.n, accuracy: s.correct / data.n, probabilities: z.map((v) => 1 / (1 + Math.exp(-v))) };
  }

  /**
   * Mean loss and every gradient of one batch (no update): without `rng` no dropout applies, with it the
   * batch's masks are drawn as a training step would. For parity checks and tools.
   */
  async lossAndGradients(x: Int32Array, y: Float32Array, n: number, rng: Rng | null = null): Promise<{ loss: number; grads: WeightTensor[] }> {
    this.check();
    checkTokens(x, n, this.spec, 'batch');
    const net = await this.ensure(n);
    if (!this.ts) net.setOptimizer({ optimizer: 'sgd', learningRate: 0.01, momentum: 0, clipNorm: null } as TrainSpec);
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const prep = this.resident(net, { x, y, n, maxLen: this.spec.maxLen }, n);
    if (prep) prep.writeRows(rows);
    else this.inp.build(x, y, rows);
    if (rng) net.drawMasks(rng, n);
    const s = await this.submit(n, 'grads', rng !== null, 0, prep);
    return { loss: s.lossSum / n, grads: await net.readGradients() };
  }

  /** Computed by the CPU engine on this model's weights: an analysis, not training, and exact there. */
  async gradientNorms(batch: Dataset): Promise<{ layer: string; norms: number[] }[]> {
    this.check();
    const cpu = new EngineModel(this.spec, this.seed, createJsKernels());
    try {
      cpu.setWeights(await this.readWeights());
      return await cpu.gradientNorms(batch);
    } finally {
      cpu.dispose();
    }
  }

  getWeights(): WeightTensor[] {
    if (this.disposed) throw new Error('model was disposed');
    return this.weights.map((w) => ({ name: w.name, shape: [...w.shape], data: Float32Array.from(w.data) }));
  }

  setWeights(weights: WeightTensor[]): void {
    this.check();
    const byName = new Map(weights.map((w) => [w.name, w]));
    const next = this.weights.map((cur) => {
      const w = byName.get(cur.name);
      if (!w) throw new UserError(`weights are missing ${cur.name}`);
      if (w.data.length !== cur.data.length || w.shape.some((d, i) => d !== cur.shape[i])) {
        throw new UserError(`weight ${cur.name} has shape [${w.shape.join(',')}], expected [${cur.shape.join(',')}]`);
      }
      return { name: cur.name, shape: [...cur.shape], data: Float32Array.from(w.data) };
    });
    this.net?.writeWeights(next);
    this.weights = next;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.net?.kit.destroy();
    this.net = null;
    for (const s of this.staging) s.destroy();
    this.gpu.device.destroy();
  }
}
