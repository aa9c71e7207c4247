// One recurrent layer (SimpleRNN, LSTM, GRU with reset_after true/false), one direction, fused over the sequence.
//
// Layout is time-major: input X [T, B, D], gate pre-activations Z [T, B, G·U] (overwritten in place by the
// activated gates), hidden states H in slots [(T+2), B, U] where slot t+1 holds h at position t and slots 0 and
// T+1 stay zero — so the previous state of position t is slot t (forward) or slot t+2 (reverse, go_backwards
// with outputs kept at their input positions, as Keras' Bidirectional returns them). That makes every
// "previous states" matrix one contiguous (T·B)×U block, so ∂L/∂R is a single GEMM after the time loop, like
// ∂L/∂W = Xᵀ·dZ, the bias sums and ∂L/∂X = dZ·Wᵀ. Per timestep only the B×U·U×GU recurrent products remain.
// Masked (padding) steps carry state and output over unchanged, like Keras.
import type { CellKernels, Kernels } from '../kernels/api.js';
import type { RecurrentPlan } from '../plan.js';
import { gatesOf } from '../plan.js';
import { fillGlorotUniform, fillOrthogonal } from '../init.js';
import type { Rng } from '../rng.js';
import type { Param } from '../weights.js';
import { sizeOf } from '../weights.js';
import type { PassContext } from './context.js';
import type { TokenInput } from './token-input.js';
import { sigmoidF as sigmoid, tanhF } from './activations.js';

/**
 * Flush-to-zero for backward values: gradients through hundreds of timesteps decay geometrically into the
 * float32 subnormal range, where WebAssembly (and x86) arithmetic is up to 100× slower. Anything below 1e-30
 * is far beneath float32 resolution of any real gradient, so it is dropped.
 */
const TINY = 1e-30;
function ftz(v: number): number {
  return v > TINY || v < -TINY ? v : 0;
}

function param(k: Kernels, name: string, shape: number[]): Param {
  const n = sizeOf(shape);
  return { name, shape, data: k.alloc(n), grad: k.alloc(n), sparse: null };
}

/** Where the SIMD cell kernels find this layer's buffers (byte addresses in their memory). */
interface CellAddresses {
  k: CellKernels;
  z: number;
  bias: number;
  h: number;
  c: number;
  tc: number;
  dz: number;
  dh: number;
  dc: number;
  rec: number;
  rh: number;
  dzr: number;
  /** GRU reset_before: the (dropped-out) previous states, ∂L/∂(r ⊙ h) and ∂L/∂hd. */
  hd: number;
  drh: number;
  dhd: number;
  /** The padding mask [T, B] (mask_zero), or 0. */
  mask: number;
  /** Address of timestep t's B mask bytes, or 0 without a mask. */
  maskAt(t: number): number;
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

  private cap = 0;
  private T = 0;
  private B = 0;
  private useHd = false;
  // Buffers (capacity-sized, from kernels.alloc).
  private Z: Float32Array = new Float32Array(0);
  private H: Float32Array = new Float32Array(0);
  private Hd: Float32Array = new Float32Array(0);
  private C: Float32Array = new Float32Array(0);
  private TC: Float32Array = new Float32Array(0);
  private RH: Float32Array = new Float32Array(0);
  private REC: Float32Array = new Float32Array(0);
  private RDM: Float32Array = new Float32Array(0);
  private dZx: Float32Array = new Float32Array(0);
  private dZr: Float32Array = new Float32Array(0);
  private dX: Float32Array = new Float32Array(0);
  private DH: Float32Array = new Float32Array(0);
  private DC: Float32Array = new Float32Array(0);
  private DHD: Float32Array = new Float32Array(0);
  private DRH: Float32Array = new Float32Array(0);
  private ones: Float32Array = new Float32Array(0);
  private X: Float32Array = new Float32Array(0);
  // Token input (forwardTokens): the ids, their distinct embedding rows, projections and folded gradients.
  private tok: TokenInput | null = null;
  private XU: Float32Array = new Float32Array(0);
  private P: Float32Array = new Float32Array(0);
  private dP: Float32Array = new Float32Array(0);
  // Per-timestep views (rebuilt when B changes) so the time loop allocates nothing.
  private zT: Float32Array[] = [];
  private zTh: Float32Array[] = [];
  private dzxT: Float32Array[] = [];
  private dzxTh: Float32Array[] = [];
  private dzrT: Float32Array[] = [];
  private hdS: Float32Array[] = [];
  private rhT: Float32Array[] = [];
  private Rh: Float32Array;

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
    this.Rh = this.recurrent.data.subarray(2 * U);
  }

  /** Call after pointing the weights' `data` at other arrays (data-parallel replicas share the main model's). */
  rebindWeights(): void {
    this.Rh = this.recurrent.data.subarray(2 * this.U);
  }

  private get isGruRA(): boolean {
    return this.plan.cell === 'gru' && this.plan.resetAfter;
  }
  private get isGruRB(): boolean {
    return this.plan.cell === 'gru' && !this.plan.resetAfter;
  }

  /** Allocates buffers for up to `cap` sequences of length T (only when they grow). */
  ensure(cap: number, T: number): void {
    if (cap <= this.cap && T === this.T) return;
    const k = this.k;
    const { U, D, GU } = this;
    this.cap = cap;
    this.T = T;
    this.B = 0;
    const seq = T * cap;
    this.Z = k.alloc(seq * GU);
    this.dZx = k.alloc(seq * GU);
    this.dZr = this.isGruRA ? k.alloc(seq * GU) : this.dZx;
    this.H = k.alloc((T + 2) * cap * U);
    this.Hd = this.recurrentDropout > 0 ? k.alloc((T + 2) * cap * U) : this.H;
    this.RDM = this.recurrentDropout > 0 ? k.alloc(cap * U) : new Float32Array(0);
    this.C = this.plan.cell === 'lstm' ? k.alloc((T + 2) * cap * U) : new Float32Array(0);
    this.TC = this.plan.cell === 'lstm' ? k.alloc(seq * U) : new Float32Array(0);
    this.RH = this.plan.cell === 'gru' ? k.alloc(seq * U) : new Float32Array(0);
    this.REC = this.isGruRA ? k.alloc(cap * GU) : new Float32Array(0);
    this.dX = k.alloc(seq * D);
    this.DH = k.alloc(cap * U);
    this.DC = k.alloc(cap * U);
    this.DHD = k.alloc(cap * U);
    this.DRH = k.alloc(cap * U);
    this.ones = k.alloc(seq);
    this.ones.fill(1);
  }

  private setBatch(B: number): void {
    if (B === this.B) return;
    if (B > this.cap) throw new Error(`batch ${B} exceeds capacity ${this.cap}`);
    this.B = B;
    const { T, U, GU } = this;
    const BU = B * U;
    const BG = B * GU;
    this.zT = [];
    this.zTh = [];
    this.dzxT = [];
    this.dzxTh = [];
    this.dzrT = [];
    this.rhT = [];
    for (let t = 0; t < T; t++) {
      this.zT.push(this.Z.subarray(t * BG, (t + 1) * BG));
      this.zTh.push(this.Z.subarray(t * BG + 2 * U, (t + 1) * BG));
      this.dzxT.push(this.dZx.subarray(t * BG, (t + 1) * BG));
      this.dzxTh.push(this.dZx.subarray(t * BG + 2 * U, (t + 1) * BG));
      this.dzrT.push(this.dZr.subarray(t * BG, (t + 1) * BG));
      if (this.RH.length > 0) this.rhT.push(this.RH.subarray(t * BU, (t + 1) * BU));
    }
    this.hdS = [];
    for (let s = 0; s < T + 2; s++) this.hdS.push(this.Hd.subarray(s * BU, (s + 1) * BU));
  }

  /** Output of the last forward: [T, B, U] when returning sequences, else [B, U]. */
  output(): Float32Array {
    const BU = this.B * this.U;
    if (this.plan.returnSequences) return this.H.subarray(BU, (this.T + 1) * BU);
    const slot = this.reverse ? 1 : this.T;
    return this.H.subarray(slot * BU, (slot + 1) * BU);
  }

  forward(X: Float32Array, B: number, T: number, ctx: PassContext): Float32Array {
    this.ensure(Math.max(B, this.cap), T);
    this.setBatch(B);
    this.X = X;
    this.tok = null;
    // Input projection for every timestep at once; the input bias is added inside the gate loops.
    this.k.sgemm(false, false, T * B, this.GU, this.D, X, this.D, this.kernel.data, this.GU, this.Z, this.GU, 0);
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
    this.XU = rows;
    const { k, D, GU } = this;
    const need = tok.uniq.length * GU;
    if (this.P.length < need) {
      k.free(this.P);
      k.free(this.dP);
      this.P = k.alloc(need);
      this.dP = k.alloc(need);
    }
    const P = this.P;
    const Z = this.Z;
    k.sgemm(false, false, tok.count, GU, D, rows, D, this.kernel.data, GU, P, GU, 0);
    const slot = tok.slot;
    for (let r = 0; r < T * B; r++) {
      const o = slot[r]! * GU;
      Z.set(P.subarray(o, o + GU), r * GU);
    }
    return this.run(B, T, ctx);
  }

  /** The time loop over the projected inputs in Z. */
  private run(B: number, T: number, ctx: PassContext): Float32Array {
    const { k, U, GU } = this;
    const BU = B * U;
    const Z = this.Z;
    const H = this.H;
    const R = this.recurrent.data;
    const bias = this.bias.data;
    H.fill(0, 0, BU);
    H.fill(0, (T + 1) * BU, (T + 2) * BU);
    if (this.C.length > 0) {
      this.C.fill(0, 0, BU);
      this.C.fill(0, (T + 1) * BU, (T + 2) * BU);
    }
    this.useHd = ctx.training && this.recurrentDropout > 0;
    if (this.useHd) {
      const keep = 1 - this.recurrentDropout;
      const m = this.RDM;
      for (let i = 0; i < BU; i++) m[i] = ctx.rng.uniform() < keep ? 1 / keep : 0;
    }
    const mask = ctx.mask;
    const cell = this.plan.cell;
    const simd = this.cellAddresses(mask);
    for (let s = 0; s < T; s++) {
      const t = this.reverse ? T - 1 - s : s;
      const prev = this.reverse ? t + 2 : t;
      const cur = t + 1;
      let hd: Float32Array;
      if (this.recurrentDropout > 0) {
        // Hd is a separate buffer: dropped-out copy when training, plain copy otherwise.
        const hdv = this.hdS[prev]!;
        const po = prev * BU;
        if (this.useHd) for (let i = 0; i < BU; i++) hdv[i] = H[po + i]! * this.RDM[i]!;
        else hdv.set(H.subarray(po, po + BU));
        hd = hdv;
      } else {
        hd = this.hdS[prev]!;
      }
      const zt = this.zT[t]!;
      const zo = t * B * GU;
      if (cell === 'lstm') {
        k.sgemm(false, false, B, GU, U, hd, U, R, GU, zt, GU, 1);
        if (simd) simd.k.lstmForward(simd.z + 4 * zo, simd.bias, simd.c + 4 * prev * BU, simd.c + 4 * cur * BU, simd.h + 4 * prev * BU, simd.h + 4 * cur * BU, simd.tc + 4 * t * BU, B, U, simd.maskAt(t));
        else this.lstmStep(B, t, prev, cur, zo, mask);
      } else if (cell === 'rnn') {
        k.sgemm(false, false, B, GU, U, hd, U, R, GU, zt, GU, 1);
        if (simd) {
          simd.k.rnnForward(simd.z + 4 * zo, simd.bias, simd.h + 4 * prev * BU, simd.h + 4 * cur * BU, B, U, simd.maskAt(t));
          continue;
        }
        for (let b = 0; b < B; b++) {
          const on = mask === null || mask[t * B + b] === 1;
          const zb = zo + b * GU;
          const hp = prev * BU + b * U;
          const hc = cur * BU + b * U;
          for (let j = 0; j < U; j++) {
            const a = tanhF(Z[zb + j]! + bias[j]!);
            Z[zb + j] = a;
            H[hc + j] = on ? a : H[hp + j]!;
          }
        }
      } else if (this.plan.resetAfter) {
        const rec = this.REC;
        k.sgemm(false, false, B, GU, U, hd, U, R, GU, rec, GU, 0);
        if (simd) simd.k.gruForward(simd.z + 4 * zo, simd.bias, simd.rec, simd.rh + 4 * t * BU, simd.h + 4 * prev * BU, simd.h + 4 * cur * BU, B, U, simd.maskAt(t));
        else this.gruRAStep(B, t, prev, cur, zo, mask, bias);
      } else {
        // z, r from the recurrent product; then (r ⊙ h)·R_h for the candidate.
        k.sgemm(false, false, B, 2 * U, U, hd, U, R, GU, zt, GU, 1);
        if (simd) {
          simd.k.gruRbGates(simd.z + 4 * zo, simd.bias, simd.hd + 4 * prev * BU, simd.rh + 4 * t * BU, B, U);
          k.sgemm(false, false, B, U, U, this.rhT[t]!, U, this.Rh, GU, this.zTh[t]!, GU, 1);
          simd.k.gruRbState(simd.z + 4 * zo, simd.bias, simd.h + 4 * prev * BU, simd.h + 4 * cur * BU, B, U, simd.maskAt(t));
          continue;
        }
        const RH = this.RH;
        const ro = t * BU;
        for (let b = 0; b < B; b++) {
          const zb = zo + b * GU;
          const hb = b * U;
          for (let j = 0; j < U; j++) {
            const z = sigmoid(Z[zb + j]! + bias[j]!);
            const r = sigmoid(Z[zb + U + j]! + bias[U + j]!);
            Z[zb + j] = z;
            Z[zb + U + j] = r;
            RH[ro + hb + j] = r * hd[hb + j]!;
          }
        }
        k.sgemm(false, false, B, U, U, this.rhT[t]!, U, this.Rh, GU, this.zTh[t]!, GU, 1);
        for (let b = 0; b < B; b++) {
          const on = mask === null || mask[t * B + b] === 1;
          const zb = zo + b * GU;
          const hp = prev * BU + b * U;
          const hc = cur * BU + b * U;
          for (let j = 0; j < U; j++) {
            const hh = tanhF(Z[zb + 2 * U + j]! + bias[2 * U + j]!);
            Z[zb + 2 * U + j] = hh;
            const z = Z[zb + j]!;
            const hprev = H[hp + j]!;
            H[hc + j] = on ? z * hprev + (1 - z) * hh : hprev;
          }
        }
      }
    }
    return this.output();
  }

  private lstmStep(B: number, t: number, prev: number, cur: number, zo: number, mask: Uint8Array | null): void {
    const { U, GU } = this;
    const BU = B * U;
    const Z = this.Z;
    const H = this.H;
    const C = this.C;
    const TC = this.TC;
    const bias = this.bias.data;
    for (let b = 0; b < B; b++) {
      const on = mask === null || mask[t * B + b] === 1;
      const zb = zo + b * GU;
      const hp = prev * BU + b * U;
      const hc = cur * BU + b * U;
      const tco = t * BU + b * U;
      for (let j = 0; j < U; j++) {
        const i = sigmoid(Z[zb + j]! + bias[j]!);
        const f = sigmoid(Z[zb + U + j]! + bias[U + j]!);
        const g = tanhF(Z[zb + 2 * U + j]! + bias[2 * U + j]!);
        const o = sigmoid(Z[zb + 3 * U + j]! + bias[3 * U + j]!);
        Z[zb + j] = i;
        Z[zb + U + j] = f;
        Z[zb + 2 * U + j] = g;
        Z[zb + 3 * U + j] = o;
        if (on) {
          const c = f * C[hp + j]! + i * g;
          const tc = tanhF(c);
          C[hc + j] = c;
          TC[tco + j] = tc;
          H[hc + j] = o * tc;
        } else {
          C[hc + j] = C[hp + j]!;
          TC[tco + j] = 0;
          H[hc + j] = H[hp + j]!;
        }
      }
    }
  }

  private gruRAStep(B: number, t: number, prev: number, cur: number, zo: number, mask: Uint8Array | null, bias: Float32Array): void {
    const { U, GU } = this;
    const BU = B * U;
    const Z = this.Z;
    const H = this.H;
    const rec = this.REC;
    const RH = this.RH;
    for (let b = 0; b < B; b++) {
      const on = mask === null || mask[t * B + b] === 1;
      const zb = zo + b * GU;
      const rb = b * GU;
      const hp = prev * BU + b * U;
      const hc = cur * BU + b * U;
      const ro = t * BU + b * U;
      for (let j = 0; j < U; j++) {
        const z = sigmoid(Z[zb + j]! + bias[j]! + rec[rb + j]! + bias[GU + j]!);
        const r = sigmoid(Z[zb + U + j]! + bias[U + j]! + rec[rb + U + j]! + bias[GU + U + j]!);
        const rh = rec[rb + 2 * U + j]! + bias[GU + 2 * U + j]!;
        const hh = tanhF(Z[zb + 2 * U + j]! + bias[2 * U + j]! + r * rh);
        Z[zb + j] = z;
        Z[zb + U + j] = r;
        Z[zb + 2 * U + j] = hh;
        RH[ro + j] = rh;
        const hprev = H[hp + j]!;
        H[hc + j] = on ? z * hprev + (1 - z) * hh : hprev;
      }
    }
  }

  /**
   * Backward through time. dOut is [T, B, U] (sequences) or [B, U] (last state). Writes this layer's
   * parameter gradients (overwriting) and returns ∂L/∂X [T, B, D] — after forwardTokens, ∂L/∂(distinct
   * embedding rows) [tok.count, D] instead.
   */
  backward(dOut: Float32Array, ctx: PassContext): Float32Array {
    const { k, U, D, GU, B, T } = this;
    const BU = B * U;
    const BG = B * GU;
    const Z = this.Z;
    const H = this.H;
    const DH = this.DH;
    const DC = this.DC;
    const R = this.recurrent.data;
    const mask = ctx.mask;
    const cell = this.plan.cell;
    const seqOut = this.plan.returnSequences;
    if (seqOut) DH.fill(0, 0, BU);
    else DH.set(dOut.subarray(0, BU));
    DC.fill(0, 0, BU);
    const norms = ctx.recordNorms ? new Float64Array(T) : null;
    const simd = this.cellAddresses(mask);
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
      const zo = t * BG;
      const dZx = this.dZx;
      if (cell === 'lstm' && simd) {
        simd.k.lstmBackward(simd.z + 4 * zo, simd.tc + 4 * t * BU, simd.c + 4 * prev * BU, simd.dh, simd.dc, simd.dz + 4 * zo, B, U, simd.maskAt(t));
      } else if (cell === 'rnn' && simd) {
        simd.k.rnnBackward(simd.z + 4 * zo, simd.dh, simd.dz + 4 * zo, B, U, simd.maskAt(t));
      } else if (this.isGruRA && simd) {
        simd.k.gruBackward(simd.z + 4 * zo, simd.h + 4 * prev * BU, simd.rh + 4 * t * BU, simd.dh, simd.dz + 4 * zo, simd.dzr + 4 * zo, B, U, simd.maskAt(t));
      } else if (cell === 'lstm') {
        const C = this.C;
        const TC = this.TC;
        for (let b = 0; b < B; b++) {
          const zb = zo + b * GU;
          if (this.padded(mask, t, b, zb)) continue;
          const hb = b * U;
          const cp = prev * BU + hb;
          const tco = t * BU + hb;
          for (let j = 0; j < U; j++) {
            const i = Z[zb + j]!;
            const f = Z[zb + U + j]!;
            const g = Z[zb + 2 * U + j]!;
            const o = Z[zb + 3 * U + j]!;
            const tc = TC[tco + j]!;
            const dh = ftz(DH[hb + j]!);
            const dc = ftz(DC[hb + j]! + dh * o * (1 - tc * tc));
            dZx[zb + j] = dc * g * i * (1 - i);
            dZx[zb + U + j] = dc * C[cp + j]! * f * (1 - f);
            dZx[zb + 2 * U + j] = dc * i * (1 - g * g);
            dZx[zb + 3 * U + j] = dh * tc * o * (1 - o);
            DC[hb + j] = ftz(dc * f);
            DH[hb + j] = 0;
          }
        }
      } else if (cell === 'rnn') {
        for (let b = 0; b < B; b++) {
          const zb = zo + b * GU;
          if (this.padded(mask, t, b, zb)) continue;
          const hb = b * U;
          for (let j = 0; j < U; j++) {
            const a = Z[zb + j]!;
            dZx[zb + j] = ftz(DH[hb + j]!) * (1 - a * a);
            DH[hb + j] = 0;
          }
        }
      } else if (this.plan.resetAfter) {
        const dZr = this.dZr;
        const RH = this.RH;
        for (let b = 0; b < B; b++) {
          const zb = zo + b * GU;
          if (this.padded(mask, t, b, zb)) continue;
          const hb = b * U;
          const hp = prev * BU + hb;
          const ro = t * BU + hb;
          for (let j = 0; j < U; j++) {
            const z = Z[zb + j]!;
            const r = Z[zb + U + j]!;
            const hh = Z[zb + 2 * U + j]!;
            const dh = ftz(DH[hb + j]!);
            const dz = dh * (H[hp + j]! - hh) * z * (1 - z);
            const dah = dh * (1 - z) * (1 - hh * hh);
            const dr = dah * RH[ro + j]! * r * (1 - r);
            dZx[zb + j] = dz;
            dZx[zb + U + j] = dr;
            dZx[zb + 2 * U + j] = dah;
            dZr[zb + j] = dz;
            dZr[zb + U + j] = dr;
            dZr[zb + 2 * U + j] = dah * r;
            DH[hb + j] = dh * z;
          }
        }
      } else {
        if (simd) simd.k.gruRbBackState(simd.z + 4 * zo, simd.h + 4 * prev * BU, simd.dh, simd.dz + 4 * zo, B, U, simd.maskAt(t));
        else {
          for (let b = 0; b < B; b++) {
            const zb = zo + b * GU;
            if (this.padded(mask, t, b, zb)) continue;
            const hb = b * U;
            const hp = prev * BU + hb;
            for (let j = 0; j < U; j++) {
              const z = Z[zb + j]!;
              const hh = Z[zb + 2 * U + j]!;
              const dh = ftz(DH[hb + j]!);
              dZx[zb + j] = dh * (H[hp + j]! - hh) * z * (1 - z);
              dZx[zb + U + j] = 0;
              dZx[zb + 2 * U + j] = dh * (1 - z) * (1 - hh * hh);
              DH[hb + j] = dh * z;
            }
          }
        }
        // ∂L/∂(r⊙h) = dZ_h·R_hᵀ, then r's gate gradient and the path into h.
        const DRH = this.DRH;
        const DHD = this.DHD;
        k.sgemm(false, true, B, U, U, this.dzxTh[t]!, GU, this.Rh, GU, DRH, U, 0);
        const hd = this.hdS[prev]!;
        if (simd) {
          simd.k.gruRbBackReset(simd.z + 4 * zo, simd.drh, simd.hd + 4 * prev * BU, simd.dz + 4 * zo, simd.dhd, B, U);
          k.sgemm(false, true, B, U, 2 * U, this.dzxT[t]!, GU, R, GU, DHD, U, 1);
          this.addHd(DHD, BU);
          continue;
        }
        for (let b = 0; b < B; b++) {
          const zb = zo + b * GU;
          const hb = b * U;
          for (let j = 0; j < U; j++) {
            const r = Z[zb + U + j]!;
            const drh = DRH[hb + j]!;
            dZx[zb + U + j] = drh * hd[hb + j]! * r * (1 - r);
            DHD[hb + j] = drh * r;
          }
        }
        k.sgemm(false, true, B, U, 2 * U, this.dzxT[t]!, GU, R, GU, DHD, U, 1);
        this.addHd(DHD, BU);
        continue;
      }
      if (this.recurrentDropout > 0) {
        k.sgemm(false, true, B, U, GU, this.dzrT[t]!, GU, R, GU, this.DHD, U, 0);
        this.addHd(this.DHD, BU);
      } else {
        k.sgemm(false, true, B, U, GU, this.dzrT[t]!, GU, R, GU, DH, U, 1);
      }
    }
    this.norms = norms;
    // Whole-sequence parameter gradients. From token input, the input-side products run over the distinct
    // ids: their rows of dZ are summed first (Σ_rows xᵀ·dz = Σ_ids eᵀ·Σ_its rows dz).
    const rows = T * B;
    const hdBase = this.reverse ? this.Hd.subarray(2 * BU, (T + 2) * BU) : this.Hd.subarray(0, T * BU);
    const ones = this.ones;
    const tok = this.tok;
    let inRows = rows;
    let inX = this.X;
    let dIn = this.dZx;
    if (tok) {
      inRows = tok.count;
      inX = this.XU;
      dIn = this.dP;
      this.foldByToken(tok, rows);
    }
    k.sgemm(true, false, D, GU, inRows, inX, D, dIn, GU, this.kernel.grad, GU, 0);
    k.sgemm(false, false, 1, GU, inRows, ones, inRows, dIn, GU, this.bias.grad, GU, 0);
    if (this.isGruRA) {
      k.sgemm(true, false, U, GU, rows, hdBase, U, this.dZr, GU, this.recurrent.grad, GU, 0);
      k.sgemm(false, false, 1, GU, rows, ones, rows, this.dZr, GU, this.bias.grad.subarray(GU), GU, 0);
    } else if (this.isGruRB) {
      k.sgemm(true, false, U, 2 * U, rows, hdBase, U, this.dZx, GU, this.recurrent.grad, GU, 0);
      k.sgemm(true, false, U, U, rows, this.RH, U, this.dZx.subarray(2 * U), GU, this.recurrent.grad.subarray(2 * U), GU, 0);
    } else {
      k.sgemm(true, false, U, GU, rows, hdBase, U, this.dZx, GU, this.recurrent.grad, GU, 0);
    }
    k.sgemm(false, true, inRows, D, GU, dIn, GU, this.kernel.data, GU, this.dX, D, 0);
    return this.dX.subarray(0, inRows * D);
  }

  /**
   * Byte addresses of the buffers the SIMD cell kernels work on (every cell), or null
   * when there are no such kernels or a buffer (the padding mask included) lies outside their memory: then
   * the JS loops run.
   */
  private cellAddresses(mask: Uint8Array | null): CellAddresses | null {
    const c = this.k.cells;
    const cell = this.plan.cell;
    if (!c) return null;
    const lstm = cell === 'lstm';
    const gru = this.isGruRA;
    const rb = this.isGruRB;
    const m = mask ? c.address(mask) : 0;
    const B = this.B;
    const a: CellAddresses = {
      k: c, z: c.address(this.Z), bias: c.address(this.bias.data), h: c.address(this.H), dz: c.address(this.dZx),
      dh: c.address(this.DH), c: lstm ? c.address(this.C) : 0, tc: lstm ? c.address(this.TC) : 0, dc: lstm ? c.address(this.DC) : 0,
      rec: gru ? c.address(this.REC) : 0, rh: gru || rb ? c.address(this.RH) : 0, dzr: gru ? c.address(this.dZr) : 0, mask: m,
      hd: rb ? c.address(this.Hd) : 0, drh: rb ? c.address(this.DRH) : 0, dhd: rb ? c.address(this.DHD) : 0,
      maskAt: (t) => (m === 0 ? 0 : m + t * B),
    };
    return Object.values(a).some((v) => typeof v === 'number' && v < 0) ? null : a;
  }

  /**
   * For the JS backward loops: whether row b is padding at step t; if so its gate gradients (row zb of dZ,
   * and of the recurrent-side dZ for GRU reset_after) are zeroed, and its dh (and dc) carry over unchanged.
   */
  private padded(mask: Uint8Array | null, t: number, b: number, zb: number): boolean {
    if (mask === null || mask[t * this.B + b] === 1) return false;
    this.dZx.fill(0, zb, zb + this.GU);
    if (this.dZr !== this.dZx) this.dZr.fill(0, zb, zb + this.GU);
    return true;
  }

  /** dP[slot] = Σ of the dZ rows whose token has that slot. */
  private foldByToken(tok: TokenInput, rows: number): void {
    const { GU } = this;
    const dP = this.dP;
    const dZ = this.dZx;
    const slot = tok.slot;
    dP.fill(0, 0, tok.count * GU);
    for (let r = 0; r < rows; r++) {
      const o = slot[r]! * GU;
      const zr = r * GU;
      for (let j = 0; j < GU; j++) dP[o + j]! += dZ[zr + j]!;
    }
  }

  /** DH += d(dropped h) ⊙ recurrent-dropout mask (or unmasked when not dropping). */
  private addHd(src: Float32Array, BU: number): void {
    const DH = this.DH;
    if (this.useHd) {
      const m = this.RDM;
      for (let i = 0; i < BU; i++) DH[i]! += src[i]! * m[i]!;
    } else {
      for (let i = 0; i < BU; i++) DH[i]! += src[i]!;
    }
  }
}
