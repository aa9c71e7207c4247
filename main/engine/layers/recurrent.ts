// One recurrent layer (SimpleRNN, LSTM, GRU with reset_after true/false), one direction, fused over the sequence.
//
// The layer owns the buffers, the time loop (direction, masking, recurrent dropout) and the whole-sequence
// GEMMs; one cell module per cell type (cells/: lstm, simple-rnn, gru-reset-after, gru-reset-before) owns
// the single-step gate math, JS and SIMD, and the buffers only it needs.
//
// Layout is time-major: input X [T, B, D], gate pre-activations `gates` [T, B, G·U] (overwritten in place by
// the activated gates), hidden states `states` in slots [(T+2), B, U] where slot t+1 holds h at position t and slots 0 and
// T+1 stay zero — so the previous state of position t is slot t (forward) or slot t+2 (reverse, go_backwards
// with outputs kept at their input positions, as Keras' Bidirectional returns them). That makes every
// "previous states" matrix one contiguous (T·B)×U block, so ∂L/∂R is a single GEMM after the time loop, like
// ∂L/∂W = Xᵀ·dZ, the bias sums and ∂L/∂X = dZ·Wᵀ. Per timestep only the B×U·U×GU recurrent products remain.
// Masked (padding) steps carry state and output over unchanged, like Keras.
import type { Kernels } from '../kernels/api.js';
import { gatesOf, type RecurrentPlan } from '../layer-kinds/recurrent-shape.js';
import { fillGlorotUniform, fillOrthogonal } from '../init.js';
import type { Rng } from '../rng.js';
import type { Param } from '../weights.js';
import { sizeOf } from '../weights.js';
import type { PassContext } from './context.js';
import type { TokenInput } from './token-input.js';
import type { Cell, CellWeights, SequenceBuffers } from './cells/cell.js';
import { LstmCell } from './cells/lstm.js';
import { GruResetAfterCell } from './cells/gru-reset-after.js';
import { GruResetBeforeCell } from './cells/gru-reset-before.js';
import { SimpleRnnCell } from './cells/simple-rnn.js';

function param(k: Kernels, name: string, shape: number[]): Param {
  const n = sizeOf(shape);
  return { name, shape, data: k.alloc(n), grad: k.alloc(n), sparse: null };
}

/** What a recurrent layer is, besides its kernels and initializer randomness (tfjs-layers' *LayerArgs). */
export interface RecurrentLayerArgs {
  /** Weight-name prefix, as Keras names the layer (`lstm`, `bidirectional/forward_lstm`…). */
  name: string;
  plan: RecurrentPlan;
  /** go_backwards, outputs kept at their input positions (Bidirectional's backward copy). Default false. */
  reverse?: boolean;
  /** recurrent_dropout: fraction of the previous state dropped while training. Default 0. */
  recurrentDropout?: number;
}

function cellFor(plan: RecurrentPlan, seq: SequenceBuffers, w: CellWeights): Cell {
  if (plan.cell === 'lstm') return new LstmCell(seq, w);
  if (plan.cell === 'rnn') return new SimpleRnnCell(seq, w);
  return plan.resetAfter ? new GruResetAfterCell(seq, w) : new GruResetBeforeCell(seq, w);
}

export class RecurrentLayer {
  readonly params: Param[];
  readonly kernel: Param;
  readonly recurrent: Param;
  readonly bias: Param;
  readonly name: string;
  readonly plan: RecurrentPlan;
  readonly reverse: boolean;
  readonly recurrentDropout: number;
  readonly U: number;
  readonly D: number;
  readonly G: number;
  readonly GU: number;
  /** Filled during backward when ctx.recordNorms: mean over the batch of ‖∂L/∂h_t‖, by position t. */
  norms: Float64Array | null = null;

  private readonly cell: Cell;
  private cap = 0;
  /** The buffers the cell shares (capacity-sized, from kernels.alloc; see cells/cell.ts for each). */
  private readonly seq: SequenceBuffers;
  /** The input of the last forward [T, B, D], and ∂L/∂ it. */
  private X: Float32Array = new Float32Array(0);
  private dX: Float32Array = new Float32Array(0);
  // Token input (forwardTokens): the ids, their distinct embedding rows, those rows' input projections
  // [distinct, GU] and the dGates rows folded onto them.
  private tok: TokenInput | null = null;
  private tokRows: Float32Array = new Float32Array(0);
  private tokProj: Float32Array = new Float32Array(0);
  private dTokProj: Float32Array = new Float32Array(0);

  constructor(private readonly k: Kernels, args: RecurrentLayerArgs, rng: Rng) {
    const { name, plan } = args;
    this.name = name;
    this.plan = plan;
    this.reverse = args.reverse ?? false;
    this.recurrentDropout = args.recurrentDropout ?? 0;
    const { units: U, inputDim: D, cell } = plan;
    this.U = U;
    this.D = D;
    this.G = gatesOf(cell);
    this.GU = this.G * U;
    this.kernel = param(k, `${name}/kernel`, [D, this.GU]);
    this.recurrent = param(k, `${name}/recurrent_kernel`, [U, this.GU]);
    this.bias = param(k, `${name}/bias`, cell === 'gru' && plan.resetAfter ? [2, this.GU] : [this.GU]);
    this.params = [this.kernel, this.recurrent, this.bias];
    fillGlorotUniform(this.kernel.data, rng, D, this.GU);
    fillOrthogonal(this.recurrent.data, rng, U, this.GU);
    if (cell === 'lstm') this.bias.data.fill(1, U, 2 * U); // unit_forget_bias
    const none = new Float32Array(0);
    this.seq = {
      k, U, GU: this.GU, dropping: this.recurrentDropout > 0, B: 0, T: 0,
      gates: none, states: none, recurrentIn: none, dGates: none, dh: none, dRecurrentIn: none, dropMask: none, ones: none,
      useDropMask: false, gatesAt: [], dGatesAt: [], recurrentInAt: [],
    };
    this.cell = cellFor(plan, this.seq, this);
  }

  /** Call after pointing the weights' `data` at other arrays (data-parallel replicas share the main model's). */
  rebindWeights(): void {
    this.cell.rebind?.();
  }

  /** Allocates buffers for up to `cap` sequences of length T (only when they grow). */
  ensure(cap: number, T: number): void {
    const seq = this.seq;
    if (cap <= this.cap && T === seq.T) return;
    const k = this.k;
    const { U, D, GU } = this;
    this.cap = cap;
    seq.T = T;
    seq.B = 0;
    const rows = T * cap;
    seq.gates = k.alloc(rows * GU);
    seq.dGates = k.alloc(rows * GU);
    seq.states = k.alloc((T + 2) * cap * U);
    seq.recurrentIn = seq.dropping ? k.alloc((T + 2) * cap * U) : seq.states;
    seq.dropMask = seq.dropping ? k.alloc(cap * U) : new Float32Array(0);
    this.cell.ensure(cap, T);
    this.dX = k.alloc(rows * D);
    seq.dh = k.alloc(cap * U);
    seq.dRecurrentIn = k.alloc(cap * U);
    seq.ones = k.alloc(rows);
    seq.ones.fill(1);
  }

  private setBatch(B: number): void {
    const seq = this.seq;
    if (B === seq.B) return;
    if (B > this.cap) throw new Error(`batch ${B} exceeds capacity ${this.cap}`);
    seq.B = B;
    const { T, U, GU } = this;
    const BU = B * U;
    const BG = B * GU;
    seq.gatesAt = [];
    seq.dGatesAt = [];
    for (let t = 0; t < T; t++) {
      seq.gatesAt.push(seq.gates.subarray(t * BG, (t + 1) * BG));
      seq.dGatesAt.push(seq.dGates.subarray(t * BG, (t + 1) * BG));
    }
    seq.recurrentInAt = [];
    for (let s = 0; s < T + 2; s++) seq.recurrentInAt.push(seq.recurrentIn.subarray(s * BU, (s + 1) * BU));
    this.cell.setBatch?.(B);
  }

  private get T(): number {
    return this.seq.T;
  }

  /** Output of the last forward: [T, B, U] when returning sequences, else [B, U]. */
  output(): Float32Array {
    const BU = this.seq.B * this.U;
    const H = this.seq.states;
    if (this.plan.returnSequences) return H.subarray(BU, (this.T + 1) * BU);
    const slot = this.reverse ? 1 : this.T;
    return H.subarray(slot * BU, (slot + 1) * BU);
  }

  forward(X: Float32Array, B: number, T: number, ctx: PassContext): Float32Array {
    this.ensure(Math.max(B, this.cap), T);
    this.setBatch(B);
    this.X = X;
    this.tok = null;
    // Input projection for every timestep at once; the input bias is added inside the gate loops.
    this.k.sgemm(false, false, T * B, this.GU, this.D, X, this.D, this.kernel.data, this.GU, this.seq.gates, this.GU, 0);
    return this.run(B, T, ctx);
  }

  /**
   * forward() when the input is the embedding itself: `rows` [tok.count, D] are the batch's distinct
   * embedding rows; each is projected once and the products are copied to the rows that hold its id.
   */
  forwardTokens(tok: TokenInput, rows: Float32Array, B: number, T: number, ctx: PassContext): Float32Array {
    this.ensure(Math.max(B, this.cap), T);
    this.setBatch(B);
    this.tok = tok;
    this.tokRows = rows;
    const { k, D, GU } = this;
    const need = tok.uniq.length * GU;
    if (this.tokProj.length < need) {
      k.free(this.tokProj);
      k.free(this.dTokProj);
      this.tokProj = k.alloc(need);
      this.dTokProj = k.alloc(need);
    }
    const P = this.tokProj;
    const Z = this.seq.gates;
    k.sgemm(false, false, tok.count, GU, D, rows, D, this.kernel.data, GU, P, GU, 0);
    const slot = tok.slot;
    for (let r = 0; r < T * B; r++) {
      const o = slot[r]! * GU;
      Z.set(P.subarray(o, o + GU), r * GU);
    }
    return this.run(B, T, ctx);
  }

  /** The time loop over the projected inputs in gates. */
  private run(B: number, T: number, ctx: PassContext): Float32Array {
    const seq = this.seq;
    const cell = this.cell;
    const BU = B * this.U;
    const H = seq.states;
    H.fill(0, 0, BU);
    H.fill(0, (T + 1) * BU, (T + 2) * BU);
    seq.useDropMask = ctx.training && this.recurrentDropout > 0;
    const m = seq.dropMask;
    if (seq.useDropMask) {
      const keep = 1 - this.recurrentDropout;
      ctx.rng.fillDecisions(m, 0, BU, keep, 1 / keep, 0);
    }
    cell.beginForward(ctx.mask);
    for (let s = 0; s < T; s++) {
      const t = this.reverse ? T - 1 - s : s;
      const prev = this.reverse ? t + 2 : t;
      const hd = seq.recurrentInAt[prev]!;
      if (seq.dropping) {
        // recurrentIn is a separate buffer: dropped-out copy when training, plain copy otherwise.
        const po = prev * BU;
        if (seq.useDropMask) for (let i = 0; i < BU; i++) hd[i] = H[po + i]! * m[i]!;
        else hd.set(H.subarray(po, po + BU));
      }
      cell.forward(t, prev, hd);
    }
    return this.output();
  }

  /**
   * Backward through time. dOut is [T, B, U] (sequences) or [B, U] (last state). Writes this layer's
   * parameter gradients (overwriting) and returns ∂L/∂X [T, B, D] — after forwardTokens, ∂L/∂(distinct
   * embedding rows) [tok.count, D] instead.
   */
  backward(dOut: Float32Array, ctx: PassContext): Float32Array {
    const seq = this.seq;
    const cell = this.cell;
    const { k, U, D, GU, T } = this;
    const B = seq.B;
    const BU = B * U;
    const DH = seq.dh;
    const seqOut = this.plan.returnSequences;
    if (seqOut) DH.fill(0, 0, BU);
    else DH.set(dOut.subarray(0, BU));
    const norms = ctx.recordNorms ? new Float64Array(T) : null;
    cell.beginBackward(ctx.mask);
    for (let s = T - 1; s >= 0; s--) {
      const t = this.reverse ? T - 1 - s : s;
      const prev = this.reverse ? t + 2 : t;
      if (seqOut) {
        const o = t * BU;
        for (let i = 0; i < BU; i++) DH[i]! += dOut[o + i]!;
      }
      if (norms) {
        let acc = 0;
        for (let b = 0; b < B; b++) {
          let sq = 0;
          for (let j = 0; j < U; j++) sq += DH[b * U + j]! ** 2;
          acc += Math.sqrt(sq);
        }
        norms[t] = acc / B;
      }
      cell.backward(t, prev);
    }
    this.norms = norms;
    // Whole-sequence parameter gradients. From token input, the input-side products run over the distinct
    // ids: their rows of dGates are summed first (Σ_rows xᵀ·dz = Σ_ids eᵀ·Σ_its rows dz).
    const rows = T * B;
    const prevStates = this.reverse ? seq.recurrentIn.subarray(2 * BU, (T + 2) * BU) : seq.recurrentIn.subarray(0, T * BU);
    const ones = seq.ones;
    const tok = this.tok;
    let inRows = rows;
    let inX = this.X;
    let dIn = seq.dGates;
    if (tok) {
      inRows = tok.count;
      inX = this.tokRows;
      dIn = this.dTokProj;
      this.foldByToken(tok, rows);
    }
    k.sgemm(true, false, D, GU, inRows, inX, D, dIn, GU, this.kernel.grad, GU, 0);
    k.sgemm(false, false, 1, GU, inRows, ones, inRows, dIn, GU, this.bias.grad, GU, 0);
    cell.recurrentGrads(prevStates, rows);
    k.sgemm(false, true, inRows, D, GU, dIn, GU, this.kernel.data, GU, this.dX, D, 0);
    return this.dX.subarray(0, inRows * D);
  }

  /** dTokProj[slot] = Σ of the dGates rows whose token has that slot. */
  private foldByToken(tok: TokenInput, rows: number): void {
    const { GU } = this;
    const dP = this.dTokProj;
    const dZ = this.seq.dGates;
    const slot = tok.slot;
    dP.fill(0, 0, tok.count * GU);
    for (let r = 0; r < rows; r++) {
      const o = slot[r]! * GU;
      const zr = r * GU;
      for (let j = 0; j < GU; j++) dP[o + j]! += dZ[zr + j]!;
    }
  }
}
