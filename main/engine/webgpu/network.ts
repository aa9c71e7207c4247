// The model on the GPU: parameters, optimizer slots and activations in device buffers, and the recorded
// dispatches of a training step (forward, backward, clip, update) or of an inference pass, per batch size.
// The stage structure follows the CPU engine's (network.ts): embedding → [dropout] → recurrent layers
// (one or two directions; stacked layers with dropout between) → merge or pooling → Dense(1) → BCE from
// logits, assembled from the parts each layer kind declares (GpuLayout in layer-kinds/kind.ts).
// The first recurrent layer reads the embedding through the batch's distinct tokens (token-input.ts) when
// no dropout stands between them, like the CPU engine; otherwise the embedding rows are gathered per
// position. Embedding gradients are folds over the CSR of positions by token: deterministic, no atomics.
import type { ModelSpec, TrainSpec } from '../../model/spec.js';
import { layerPlan } from '../plan.js';
import { kindOf } from '../layer-kinds/registry.js';
import type { GpuLayout } from '../layer-kinds/kind.js';
import { gatesOf, type RecurrentPlan } from '../layer-kinds/recurrent-shape.js';
import type { WeightTensor } from '../types.js';
import { UserError } from '../../errors.js';
import type { GpuKit} from './gpu-kit.js';
import { groups, type Op, type StepDims } from './gpu-kit.js';
import { GEMM_REDUCE_WGSL, GEMM_TILE, GEMM_WGSL } from './wgsl/gemm.js';
import { COLSUM_WGSL, GATHER_WGSL, MASK_SCALE_WGSL, SCATTER_WGSL, SEGMENT_SUM_WGSL, SUM_SQUARES_WGSL, TRANSPOSE_WGSL } from './wgsl/rows.js';
import { recurrentBackwardWgsl, recurrentForwardWgsl, workgroupFloats, type CellShape } from './wgsl/recurrent.js';
import { DENSE_LOSS_WGSL, HEAD_BACKWARD_WGSL, MERGE_WGSL, MERGES, POOL_BACKWARD_WGSL, POOL_WGSL } from './wgsl/head.js';
import type { OPTIMIZER_KINDS} from './wgsl/optim.js';
import { optimizerWgsl } from './wgsl/optim.js';
import type { BatchInput } from './batch-input.js';
import type { PrepTargets } from './batch-prep.js';
import { GpuDropoutDraws } from './dropout-draws.js';
import type { Rng } from '../rng.js';

const NONE = 0xffffffff;
/** Indices into the per-step dynamic parameters. */
const DYN_COUNT = 0;
const DYN_ALPHA = 1;
/** Split-K: below this many output tiles, slices of at least SPLIT_MIN_K of K, at most SPLIT_MAX slices. */
const SPLIT_BELOW_TILES = 64;
const SPLIT_MIN_K = 512;
const SPLIT_MAX = 32;

interface GpuParam {
  name: string;
  shape: number[];
  n: number;
  w: GPUBuffer;
  g: GPUBuffer;
  m: GPUBuffer | null;
  v: GPUBuffer | null;
}

/** One direction of one recurrent layer, with its activations. */
interface Direction {
  shape: CellShape;
  D: number;
  G: number;
  kernel: GpuParam;
  recurrent: GpuParam;
  bias: GpuParam;
  /** x-projection [rows, GU]: per position, or per distinct token (the first layer's token path). */
  zx: GPUBuffer;
  gates: GPUBuffer;
  h: GPUBuffer;
  c: GPUBuffer;
  tc: GPUBuffer;
  rh: GPUBuffer;
  hd: GPUBuffer;
  rdm: GPUBuffer;
  rt: GPUBuffer;
  dzx: GPUBuffer;
  dzr: GPUBuffer;
  /** ∂L/∂(this direction's output): [B, U] (last state) or [T, B, U] (sequences, set by the layer above). */
  dOut: GPUBuffer;
  /** Index into GpuNet.maskBits (the pass's draws, plan.ts maskDraws) of its recurrent-dropout bits, or −1. */
  rdIndex: number;
}

interface Layer {
  dirs: Direction[];
  /** Input [T·B, D] (layers above the first, and the first without the token path), and its gradient. */
  x: GPUBuffer | null;
  dx: GPUBuffer;
  /** Dropout in front of this layer (index into GpuNet.maskBits), or −1. */
  dropIndex: number;
  dropRate: number;
  returnSequences: boolean;
}

/** What a recorded pass does: a training step (update), gradients only (grads), or inference (infer). */
export type PassKind = 'step' | 'grads' | 'infer';

export class GpuNet {
  readonly params: GpuParam[] = [];
  private readonly layers: Layer[] = [];
  private readonly embedding: GpuParam;
  private readonly dense: { kernel: GpuParam; bias: GpuParam };
  private readonly tokenPath: boolean;
  private readonly T: number;
  private readonly D0: number;
  private readonly F: number;
  private readonly merge: number;
  /** The pooled head over time, or null: the last state (the tutorial's). */
  private readonly pool: 'max' | 'avg' | null;
  private readonly poolArg: GPUBuffer;
  // Per-batch inputs and head buffers.
  readonly slot: GPUBuffer;
  readonly uniq: GPUBuffer;
  readonly off: GPUBuffer;
  readonly pos: GPUBuffer;
  readonly y: GPUBuffer;
  readonly dyn: GPUBuffer;
  /** Keep bits of each dropout draw of a pass (plan.ts maskDraws, in plan order; drawn by `draws`). */
  private readonly maskBits: GPUBuffer[] = [];
  /** Draws the dropout masks into maskBits on the GPU (null: the model has no dropout). */
  private readonly draws: GpuDropoutDraws | null;
  private readonly xu: GPUBuffer;
  private readonly dxu: GPUBuffer;
  private readonly feat: GPUBuffer;
  private readonly dl: GPUBuffer;
  readonly logits: GPUBuffer;
  readonly stats: GPUBuffer;
  readonly bad: GPUBuffer;
  private readonly parts: GPUBuffer;
  private optimizer: { kind: keyof typeof OPTIMIZER_KINDS; ts: TrainSpec } | null = null;
  private readonly plans = new Map<string, Op[]>();
  /** Most distinct tokens a batch can have (the token path's longest K). */
  private readonly maxUniq: number;

  constructor(
    readonly kit: GpuKit,
    readonly spec: ModelSpec,
    weights: WeightTensor[],
    /** Largest batch (training batch or inference chunk) the buffers hold. */
    readonly cap: number,
    workgroupBytes: number,
    readonly statSlots: number,
  ) {
    const T = spec.maxLen;
    this.T = T;
    const byName = new Map(weights.map((w) => [w.name, w]));
    const param = (name: string): GpuParam => {
      const w = byName.get(name);
      if (!w) throw new Error(`initial weights lack ${name}`);
      const p: GpuParam = { name, shape: [...w.shape], n: w.data.length, w: kit.storage(w.data.length, name), g: kit.storage(w.data.length, `${name} grad`), m: null, v: null };
      kit.write(p.w, w.data);
      this.params.push(p);
      return p;
    };
    const rows = cap * T;
    const maxUniq = Math.min(rows, spec.numWords);
    this.maxUniq = maxUniq;
    this.slot = kit.storage(rows, 'slot');
    this.uniq = kit.storage(maxUniq, 'uniq');
    this.off = kit.storage(maxUniq + 1, 'csr offsets');
    this.pos = kit.storage(rows, 'csr positions');
    this.y = kit.storage(cap, 'labels');
    this.dyn = kit.storage(4, 'step params');
    // What the layers declare, in plan order (layer-kinds/kind.ts GpuLayout), gathered into this net's shape.
    const at = {
      embedding: null as GpuParam | null,
      D0: 0,
      tokenPath: false,
      /** The dropout in front of the next recurrent layer (its mask index), or −1. */
      dropIndex: -1,
      dropRate: 0,
      /** Width of the activation the next layer reads. */
      dim: 0,
      merge: 0,
      denseIn: 0,
      dense: null as GpuNet['dense'] | null,
      pool: null as 'max' | 'avg' | null,
    };
    const maxWg = workgroupBytes / 4;
    const direction = (prefix: string, rec: RecurrentPlan, reverse: boolean, D: number, first: boolean, mask: number | undefined): Direction => {
      const shape: CellShape = { cell: rec.cell, resetAfter: rec.resetAfter, units: rec.units, reverse, seqOut: rec.returnSequences };
      if (workgroupFloats(shape) > maxWg) {
        throw new UserError(`units ${rec.units} is too large for the WebGPU engine on this GPU (a ${rec.cell.toUpperCase()} layer needs ${workgroupFloats(shape) * 4} bytes of workgroup memory, the adapter has ${workgroupBytes}); use fewer units or the CPU engine`);
      }
      const U = rec.units;
      const G = gatesOf(rec.cell);
      const GU = G * U;
      const lstm = rec.cell === 'lstm';
      const gru = rec.cell === 'gru';
      const slots = (T + 2) * cap * U;
      const tokenFirst = first && at.tokenPath;
      return {
        shape, D, G,
        kernel: param(`${prefix}/kernel`), recurrent: param(`${prefix}/recurrent_kernel`), bias: param(`${prefix}/bias`),
        zx: kit.storage((tokenFirst ? maxUniq : rows) * GU, `${prefix} x-projection`),
        gates: kit.storage(rows * GU, `${prefix} gates`),
        h: kit.storage(slots, `${prefix} states`),
        c: lstm ? kit.storage(slots, `${prefix} cells`) : kit.dummy(),
        tc: lstm ? kit.storage(rows * U, `${prefix} tanh(c)`) : kit.dummy(),
        rh: gru ? kit.storage(rows * U, `${prefix} reset terms`) : kit.dummy(),
        hd: mask !== undefined ? kit.storage(slots, `${prefix} dropped states`) : kit.dummy(),
        rdm: mask !== undefined ? this.maskBits[mask]! : kit.dummy(),
        rt: kit.storage(U * GU, `${prefix} recurrent kernelᵀ`),
        dzx: kit.storage(rows * GU, `${prefix} gate gradients`),
        dzr: rec.cell === 'gru' && rec.resetAfter ? kit.storage(rows * GU, `${prefix} recurrent gate gradients`) : kit.dummy(),
        dOut: kit.storage((rec.returnSequences ? rows : cap) * U, `${prefix} output gradient`),
        rdIndex: mask ?? -1,
      };
    };
    const layout: GpuLayout = {
      embedding: (name, width) => {
        at.embedding = param(`${name}/embeddings`);
        at.D0 = width;
        at.dim = width;
      },
      dropout: (rate, mask) => {
        at.dropIndex = mask;
        at.dropRate = rate;
      },
      recurrent: (rec, prefixes, mergeMode, masks) => {
        const first = this.layers.length === 0;
        // The first recurrent layer reads the embedding through the batch's distinct tokens unless a dropout
        // stands between them.
        if (first) at.tokenPath = at.dropIndex < 0;
        const dirs = prefixes.map((prefix, i) => direction(prefix, rec, i > 0, at.dim, first, masks[i]));
        at.merge = MERGES.indexOf(mergeMode);
        const needsX = !(first && at.tokenPath);
        this.layers.push({
          dirs, x: needsX ? kit.storage(rows * at.dim, `${prefixes[0]} input`) : null, dx: kit.storage((needsX ? rows : maxUniq) * at.dim, `${prefixes[0]} input gradient`),
          dropIndex: at.dropIndex, dropRate: at.dropRate, returnSequences: rec.returnSequences,
        });
        at.dropIndex = -1;
        at.dropRate = 0;
        at.dim = rec.units;
      },
      pool: (mode) => {
        at.pool = mode;
      },
      dense: (name, inputDim) => {
        at.denseIn = inputDim;
        at.dense = { kernel: param(`${name}/kernel`), bias: param(`${name}/bias`) };
      },
    };
    for (const l of layerPlan(spec)) {
      const kind = kindOf(l);
      // Each of the layer's dropout draws gets its bit buffer, indexed like BatchInput.masks.
      const masks = kind.draws(l, T).map((d) => {
        this.maskBits.push(kit.storage(Math.ceil((d.steps * cap * d.width) / 32), `${l.name} mask`));
        return this.maskBits.length - 1;
      });
      kind.gpu(l, layout, masks);
    }
    if (!at.embedding) throw new Error('layer plan must start with the embedding');
    if (this.layers.length === 0) throw new UserError('the WebGPU engine needs a recurrent layer after the embedding');
    if (!at.dense) throw new Error('layer plan must end with the dense layer');
    this.embedding = at.embedding;
    this.D0 = at.D0;
    this.tokenPath = at.tokenPath;
    this.dense = at.dense;
    this.F = at.denseIn;
    this.merge = at.merge;
    const pool = at.pool;
    this.pool = pool;
    this.poolArg = pool === 'max' ? kit.storage(cap * this.F, 'max-pool steps') : kit.dummy();
    this.xu = this.tokenPath ? kit.storage(maxUniq * this.D0, 'distinct embedding rows') : kit.dummy();
    this.dxu = this.layers[0]!.dx;
    this.feat = kit.storage(cap * this.F, 'features');
    this.dl = kit.storage(cap, 'logit gradients');
    this.logits = kit.storage(cap, 'logits');
    this.stats = kit.storage(2 * statSlots, 'step stats');
    this.bad = kit.storage(4, 'non-finite flag');
    this.parts = kit.storage(this.params.length, 'squared norms');
    this.draws = this.maskBits.length > 0 ? new GpuDropoutDraws(kit, spec, this.maskBits) : null;
  }

  /**
   * Sets the optimizer for a fit. Like the CPU engine (and Keras' fit after fit), the same optimizer —
   * name, learning rate, momentum — keeps its slots; another one starts from zeroed slots. Returns whether
   * the slots were reset.
   */
  setOptimizer(ts: TrainSpec): boolean {
    const kind = ts.optimizer === 'sgd' ? (ts.momentum > 0 ? 'momentum' : 'sgd') : ts.optimizer;
    const cur = this.optimizer?.ts;
    const same = cur !== undefined && cur.optimizer === ts.optimizer && cur.learningRate === ts.learningRate && cur.momentum === ts.momentum;
    if (!same) {
      for (const p of this.params) {
        p.m ??= this.kit.storage(p.n, `${p.name} slot 1`);
        p.v ??= this.kit.storage(p.n, `${p.name} slot 2`);
        const enc = this.kit.device.createCommandEncoder();
        enc.clearBuffer(p.m);
        enc.clearBuffer(p.v);
        this.kit.device.queue.submit([enc.finish()]);
      }
    }
    this.optimizer = { kind, ts };
    // Recorded steps carry the optimizer's kernels and settings: record them anew.
    for (const k of [...this.plans.keys()]) if (k.startsWith('step:')) this.plans.delete(k);
    return !same;
  }

  forgetOptimizer(): void {
    this.optimizer = null;
  }

  /** Slot names of the optimizer state, as the CPU engine names them (optimizers.ts). */
  slotNames(): string[] {
    const o = this.optimizer;
    if (!o) return [];
    return o.kind === 'adam' ? ['m', 'v'] : o.kind === 'rmsprop' ? ['velocity'] : o.kind === 'momentum' ? ['momentum'] : [];
  }

  optimizerName(): string {
    return this.optimizer?.ts.optimizer ?? '';
  }

  /** Uploads one batch's inputs prepared on the CPU (queue-ordered: steps already submitted keep their own). */
  upload(inp: BatchInput, B: number, train: boolean, alpha: number): void {
    const kit = this.kit;
    const tok = inp.tokens;
    const n = B * this.T;
    kit.write(this.slot, tok.slot.subarray(0, n));
    kit.write(this.uniq, tok.uniq.subarray(0, tok.count));
    this.writeDyn(tok.count, alpha);
    if (!train) return;
    kit.write(this.off, inp.off.subarray(0, tok.count + 1));
    kit.write(this.pos, inp.pos.subarray(0, n));
    kit.write(this.y, inp.y.subarray(0, B));
  }

  /** The step's parameters: its distinct-id count (the GPU preparation overwrites it) and Adam's α. */
  writeDyn(count: number, alpha: number): void {
    const dyn = new Uint32Array(4);
    dyn[DYN_COUNT] = count;
    new Float32Array(dyn.buffer)[DYN_ALPHA] = alpha;
    this.kit.write(this.dyn, dyn);
  }

  /**
   * Starts a batch of B reviews with dropout: the GPU draws its masks from `rng`'s stream (maskOps, recorded
   * before the pass), and `rng` moves past them as the CPU engine's draws would move it.
   */
  drawMasks(rng: Rng, B: number): void {
    this.draws?.begin(rng, B);
  }

  maskOps(B: number): Op[] {
    return this.draws?.ops(B) ?? [];
  }

  /** Where a batch prepared on the GPU (batch-prep.ts) must land. */
  prepTargets(): PrepTargets {
    return { slot: this.slot, uniq: this.uniq, off: this.off, pos: this.pos, y: this.y, dyn: this.dyn, countIdx: DYN_COUNT };
  }

  /**
   * The recorded ops of a pass over B reviews (statSlot: where a training pass puts its loss; dropout:
   * whether dropout and recurrent dropout apply, i.e. the batch's masks were uploaded).
   */
  plan(B: number, kind: PassKind, statSlot: number, dropout: boolean): Op[] {
    const key = `${kind}:${B}:${statSlot}:${dropout}`;
    let ops = this.plans.get(key);
    if (!ops) {
      ops = this.record(B, kind, statSlot, dropout);
      this.plans.set(key, ops);
    }
    return ops;
  }

  private gemm(
    A: GPUBuffer, Bm: GPUBuffer, C: GPUBuffer,
    o: { M: number; N: number; K: number; lda: number; ldb: number; ldc: number; transA?: boolean; transB?: boolean; offA?: number; offB?: number; offC?: number; beta?: number; mDyn?: boolean; kDyn?: boolean },
  ): Op[] {
    const x = Math.ceil(o.N / GEMM_TILE);
    const y = o.mDyn ? (d: StepDims) => Math.ceil(d.count / GEMM_TILE) : Math.ceil(o.M / GEMM_TILE);
    // Split-K when the output has few tiles and K is long (weight gradients over every position): sized
    // for the longest K the step can have, slices of at least SPLIT_MIN_K.
    const tiles = typeof y === 'number' ? x * y : Infinity;
    const splits = tiles < SPLIT_BELOW_TILES && !o.mDyn ? Math.min(SPLIT_MAX, Math.max(1, Math.floor(o.K / SPLIT_MIN_K))) : 1;
    const params = (splitsHere: number) => this.kit.uniform(
      [o.M, o.N, o.K, o.lda, o.ldb, o.ldc, o.offA ?? 0, o.offB ?? 0, o.offC ?? 0, o.transA ? 1 : 0, o.transB ? 1 : 0, o.mDyn ? DYN_COUNT : NONE, o.kDyn ? DYN_COUNT : NONE, 1, o.beta ?? 0, splitsHere],
      [13, 14],
    );
    if (splits === 1) return [this.kit.op(GEMM_WGSL, 'gemm', [params(1), A, Bm, C, this.dyn], x, y)];
    const part = this.kit.storage(splits * o.M * o.N, 'split-K partials');
    return [
      this.kit.op(GEMM_WGSL, 'gemm (split-K)', [params(splits), A, Bm, part, this.dyn], x, y, splits),
      this.kit.op(GEMM_REDUCE_WGSL, 'split-K reduce', [this.kit.uniform([o.M, o.N, o.ldc, o.offC ?? 0, splits, 1, o.beta ?? 0, 0], [5, 6]), part, C], groups(o.M * o.N)),
    ];
  }

  private record(B: number, kind: PassKind, statSlot: number, dropout: boolean): Op[] {
    const kit = this.kit;
    const train = kind !== 'infer';
    const drops = train && dropout;
    const T = this.T;
    const rows = T * B;
    const ops: Op[] = [];
    const countGroups = (width: number) => (d: StepDims) => groups(d.count * width);
    // ---- forward
    let prevH: { buf: GPUBuffer; U: number } | null = null;
    this.layers.forEach((layer, li) => {
      const D = layer.dirs[0]!.D;
      if (li === 0 && this.tokenPath) {
        ops.push(kit.op(GATHER_WGSL, 'gather distinct rows', [kit.uniform([0, D, 0, DYN_COUNT, 0, 0, 0, 0]), this.embedding.w, this.xu, this.slot, this.uniq, this.dyn, kit.dummy()], countGroups(D)));
      } else if (li === 0) {
        const drop = drops && layer.dropIndex >= 0;
        ops.push(kit.op(GATHER_WGSL, 'gather rows', [
          kit.uniform([rows, D, 1, NONE, drop ? 1 : 0, drop ? 1 / (1 - layer.dropRate) : 1, 0, 0], [5]),
          this.embedding.w, layer.x!, this.slot, this.uniq, this.dyn, drop ? this.maskBits[layer.dropIndex]! : kit.dummy(),
        ], groups(rows * D)));
      } else {
        const src = prevH!;
        ops.push({ kind: 'copy', src: src.buf, srcOff: B * src.U * 4, dst: layer.x!, dstOff: 0, bytes: rows * src.U * 4 });
        if (drops && layer.dropIndex >= 0) {
          ops.push(kit.op(MASK_SCALE_WGSL, 'dropout', [kit.uniform([rows * D, 1 / (1 - layer.dropRate)], [1]), layer.x!, this.maskBits[layer.dropIndex]!], groups(rows * D)));
        }
      }
      for (const d of layer.dirs) {
        const GU = d.G * d.shape.units;
        if (li === 0 && this.tokenPath) {
          ops.push(...this.gemm(this.xu, d.kernel.w, d.zx, { M: 0, N: GU, K: D, lda: D, ldb: GU, ldc: GU, mDyn: true }));
        } else {
          ops.push(...this.gemm(layer.x!, d.kernel.w, d.zx, { M: rows, N: GU, K: D, lda: D, ldb: GU, ldc: GU }));
        }
        const useRdm = drops && d.rdIndex >= 0;
        const u = kit.uniform([B, T, li === 0 && this.tokenPath ? 1 : 0, this.spec.maskZero ? 1 : 0, useRdm ? 1 : 0, useRdm ? 1 / (1 - this.spec.recurrentDropout) : 1, 0, 0], [5]);
        ops.push(kit.op(recurrentForwardWgsl(d.shape), `${d.shape.cell} forward`, [
          u, d.zx, this.slot, this.uniq, d.bias.w, d.recurrent.w, d.gates, d.h, d.c, d.tc, d.rh, useRdm ? d.hd : kit.dummy(), useRdm ? d.rdm : kit.dummy(),
        ], B));
      }
      prevH = { buf: layer.dirs[0]!.h, U: layer.dirs[0]!.shape.units };
    });
    // ---- head
    const top = this.layers.at(-1)!;
    const f = top.dirs[0]!;
    const b2 = top.dirs[1];
    const U = f.shape.units;
    const BU = B * U;
    const headU = kit.uniform([B, U, this.F, this.merge, T * BU, BU, b2 ? 1 : 0, 0, 1 / B, statSlot, train ? 1 : 0, 0], [8]);
    const poolU = kit.uniform([T, this.pool === 'max' ? 1 : 0, 0, 0]);
    if (this.pool) ops.push(kit.op(POOL_WGSL, `${this.pool} pooling`, [headU, f.h, b2 ? b2.h : kit.dummy(), this.feat, this.poolArg, poolU], groups(B * this.F)));
    else ops.push(kit.op(MERGE_WGSL, 'merge', [headU, f.h, b2 ? b2.h : kit.dummy(), this.feat], groups(B * this.F)));
    ops.push(kit.op(DENSE_LOSS_WGSL, 'dense + loss', [
      headU, this.feat, this.dense.kernel.w, this.dense.bias.w, this.y, this.logits, this.dl, this.stats, this.bad, this.dense.kernel.g, this.dense.bias.g,
    ], 1));
    if (!train) return ops;
    // ---- backward
    if (this.pool) {
      ops.push(kit.op(POOL_BACKWARD_WGSL, 'pooling backward', [
        headU, this.dl, this.dense.kernel.w, f.h, b2 ? b2.h : kit.dummy(), f.dOut, b2 ? b2.dOut : kit.dummy(), this.poolArg, poolU,
      ], groups(T * BU)));
    } else {
      ops.push(kit.op(HEAD_BACKWARD_WGSL, 'head backward', [headU, this.dl, this.dense.kernel.w, f.h, b2 ? b2.h : kit.dummy(), f.dOut, b2 ? b2.dOut : kit.dummy()], groups(BU)));
    }
    for (let li = this.layers.length - 1; li >= 0; li--) {
      const layer = this.layers[li]!;
      const D = layer.dirs[0]!.D;
      const token = li === 0 && this.tokenPath;
      layer.dirs.forEach((d, di) => {
        const Ud = d.shape.units;
        const GU = d.G * Ud;
        const useRdm = drops && d.rdIndex >= 0;
        const u = kit.uniform([B, T, 0, this.spec.maskZero ? 1 : 0, useRdm ? 1 : 0, useRdm ? 1 / (1 - this.spec.recurrentDropout) : 1, 0, 0], [5]);
        ops.push(kit.op(TRANSPOSE_WGSL, 'transpose', [kit.uniform([Ud, GU, 0, 0]), d.recurrent.w, d.rt], groups(Ud * GU)));
        ops.push(kit.op(recurrentBackwardWgsl(d.shape), `${d.shape.cell} backward`, [
          u, d.dOut, this.slot, this.uniq, d.rt, d.gates, d.h, d.c, d.tc, d.rh, useRdm ? d.rdm : kit.dummy(), d.dzx, d.dzr,
        ], B));
        // Input side: from the token path, the gate gradients are first folded by token.
        let inX: GPUBuffer;
        let dIn: GPUBuffer;
        if (token) {
          ops.push(kit.op(SEGMENT_SUM_WGSL, 'fold by token', [kit.uniform([GU, 0, DYN_COUNT, 0]), d.dzx, d.zx, this.off, this.pos, this.uniq, this.dyn], countGroups(GU)));
          inX = this.xu;
          dIn = d.zx; // the x-projection buffer is free after the forward: it holds the folded gradients
          ops.push(...this.gemm(inX, dIn, d.kernel.g, { M: D, N: GU, K: this.maxUniq, lda: D, ldb: GU, ldc: GU, transA: true, kDyn: true }));
          ops.push(kit.op(COLSUM_WGSL, 'bias grad', [kit.uniform([GU, 0, GU, 0, 0, DYN_COUNT, 0, 0]), dIn, d.bias.g, this.dyn], groups(GU)));
          ops.push(...this.gemm(dIn, d.kernel.w, this.dxu, { M: 0, N: D, K: GU, lda: GU, ldb: GU, ldc: D, transB: true, mDyn: true, beta: di > 0 ? 1 : 0 }));
        } else {
          inX = layer.x!;
          dIn = d.dzx;
          ops.push(...this.gemm(inX, dIn, d.kernel.g, { M: D, N: GU, K: rows, lda: D, ldb: GU, ldc: GU, transA: true }));
          ops.push(kit.op(COLSUM_WGSL, 'bias grad', [kit.uniform([GU, rows, GU, 0, 0, NONE, 0, 0]), dIn, d.bias.g, this.dyn], groups(GU)));
          ops.push(...this.gemm(dIn, d.kernel.w, layer.dx, { M: rows, N: D, K: GU, lda: GU, ldb: GU, ldc: D, transB: true, beta: di > 0 ? 1 : 0 }));
        }
        // Recurrent side: previous (dropped-out) states are one contiguous [T·B, U] block.
        const hsrc = useRdm ? d.hd : d.h;
        const hOff = d.shape.reverse ? 2 * B * Ud : 0;
        const ra = d.shape.cell === 'gru' && d.shape.resetAfter;
        const rb = d.shape.cell === 'gru' && !d.shape.resetAfter;
        if (ra) {
          ops.push(...this.gemm(hsrc, d.dzr, d.recurrent.g, { M: Ud, N: GU, K: rows, lda: Ud, ldb: GU, ldc: GU, transA: true, offA: hOff }));
          ops.push(kit.op(COLSUM_WGSL, 'recurrent bias grad', [kit.uniform([GU, rows, GU, 0, GU, NONE, 0, 0]), d.dzr, d.bias.g, this.dyn], groups(GU)));
        } else if (rb) {
          ops.push(...this.gemm(hsrc, d.dzx, d.recurrent.g, { M: Ud, N: 2 * Ud, K: rows, lda: Ud, ldb: GU, ldc: GU, transA: true, offA: hOff }));
          ops.push(...this.gemm(d.rh, d.dzx, d.recurrent.g, { M: Ud, N: Ud, K: rows, lda: Ud, ldb: GU, ldc: GU, transA: true, offB: 2 * Ud, offC: 2 * Ud }));
        } else {
          ops.push(...this.gemm(hsrc, d.dzx, d.recurrent.g, { M: Ud, N: GU, K: rows, lda: Ud, ldb: GU, ldc: GU, transA: true, offA: hOff }));
        }
      });
      if (li > 0) {
        // This layer's input gradient is the output gradient of the layer below (through its dropout).
        if (drops && layer.dropIndex >= 0) {
          ops.push(kit.op(MASK_SCALE_WGSL, 'dropout backward', [kit.uniform([rows * D, 1 / (1 - layer.dropRate)], [1]), layer.dx, this.maskBits[layer.dropIndex]!], groups(rows * D)));
        }
        const below = this.layers[li - 1]!.dirs[0]!;
        ops.push({ kind: 'copy', src: layer.dx, srcOff: 0, dst: below.dOut, dstOff: 0, bytes: rows * D * 4 });
      }
    }
    // ---- embedding gradient: dense (Keras' dense Adam over the embedding), non-zero in the batch's rows.
    const first = this.layers[0]!;
    const E = this.D0;
    ops.push({ kind: 'clear', buffer: this.embedding.g });
    if (this.tokenPath) {
      ops.push(kit.op(SCATTER_WGSL, 'embedding grad', [kit.uniform([E, DYN_COUNT, 0, 0]), this.dxu, this.embedding.g, this.uniq, this.dyn], countGroups(E)));
    } else {
      if (drops && first.dropIndex >= 0) {
        ops.push(kit.op(MASK_SCALE_WGSL, 'dropout backward', [kit.uniform([rows * E, 1 / (1 - first.dropRate)], [1]), first.dx, this.maskBits[first.dropIndex]!], groups(rows * E)));
      }
      ops.push(kit.op(SEGMENT_SUM_WGSL, 'embedding grad', [kit.uniform([E, 1, DYN_COUNT, 0]), first.dx, this.embedding.g, this.off, this.pos, this.uniq, this.dyn], countGroups(E)));
    }
    if (kind === 'grads') return ops;
    // ---- clip and update
    const o = this.optimizer;
    if (!o) throw new Error('no optimizer set');
    const clip = o.ts.clipNorm ?? 0;
    if (clip > 0) {
      this.params.forEach((p, i) => ops.push(kit.op(SUM_SQUARES_WGSL, 'sum of squares', [kit.uniform([p.n, i, 0, 0]), p.g, this.parts], 1)));
    }
    const lr = o.ts.learningRate;
    const [b1, b2o, eps] = o.kind === 'adam' ? [0.9, 0.999, 1e-7] : o.kind === 'rmsprop' ? [0.9, 0, 1e-7] : o.kind === 'momentum' ? [o.ts.momentum, 0, 0] : [0, 0, 0];
    for (const p of this.params) {
      const u = kit.uniform([p.n, clip, this.params.length, DYN_ALPHA, lr, b1, b2o, eps], [1, 4, 5, 6, 7]);
      ops.push(kit.op(optimizerWgsl(o.kind), o.kind, [u, p.w, p.g, p.m!, p.v!, this.bad, this.parts, this.dyn], groups(p.n)));
    }
    return ops;
  }

  /** Every parameter (Keras names and shapes, CPU engine order) read back. */
  async readWeights(): Promise<WeightTensor[]> {
    const data = await this.kit.read(this.params.map((p) => ({ buffer: p.w, floats: p.n })));
    return this.params.map((p, i) => ({ name: p.name, shape: [...p.shape], data: data[i]! }));
  }

  async readGradients(): Promise<WeightTensor[]> {
    const data = await this.kit.read(this.params.map((p) => ({ buffer: p.g, floats: p.n })));
    return this.params.map((p, i) => ({ name: p.name, shape: [...p.shape], data: data[i]! }));
  }

  writeWeights(weights: WeightTensor[]): void {
    const byName = new Map(weights.map((w) => [w.name, w]));
    for (const p of this.params) {
      const w = byName.get(p.name);
      if (!w) throw new UserError(`weights are missing ${p.name}`);
      if (w.data.length !== p.n || w.shape.some((d, i) => d !== p.shape[i])) {
        throw new UserError(`weight ${p.name} has shape [${w.shape.join(',')}], expected [${p.shape.join(',')}]`);
      }
    }
    for (const p of this.params) this.kit.write(p.w, byName.get(p.name)!.data);
  }

  /** Optimizer slots named as the CPU engine names them (so checkpoints move between engines). */
  async readOptimizer(): Promise<WeightTensor[]> {
    const names = this.slotNames();
    if (names.length === 0) return [];
    const reads = this.params.flatMap((p) => names.map((_, si) => ({ buffer: si === 0 ? p.m! : p.v!, floats: p.n })));
    const data = await this.kit.read(reads);
    const out: WeightTensor[] = [];
    let k = 0;
    for (const p of this.params) for (const sn of names) out.push({ name: `${this.optimizerName()}/${sn}/${p.name}`, shape: [...p.shape], data: data[k++]! });
    return out;
  }

  writeOptimizer(state: WeightTensor[]): void {
    const names = this.slotNames();
    const byName = new Map(state.map((w) => [w.name, w]));
    for (const p of this.params) {
      names.forEach((sn, si) => {
        const name = `${this.optimizerName()}/${sn}/${p.name}`;
        const w = byName.get(name);
        if (!w || w.data.length !== p.n) throw new UserError(`checkpoint optimizer state lacks ${name} (or has the wrong size)`);
        this.kit.write(si === 0 ? p.m! : p.v!, w.data);
      });
    }
  }
}
