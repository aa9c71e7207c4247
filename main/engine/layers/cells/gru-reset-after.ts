// GRU cell, reset_after = true (Keras' default, CuDNN-compatible): the reset gate scales the candidate's
// recurrent product, hh = tanh(x·W_h + b_h + r·(h_{t−1}·R_h + b'_h)); two bias rows (input, recurrent);
// h_t = z·h_{t−1} + (1 − z)·hh.
import { sigmoidF as sigmoid, tanhF } from '../activations.js';
import type { Addresses, Cell, CellWeights, SequenceBuffers } from './cell.js';
import { addRecurrentPath, cellAddresses, ftz, padded } from './cell.js';

type GruAddresses = Addresses & { rec: number; rh: number; dzr: number };

export class GruResetAfterCell implements Cell {
  /** [B, GU] the current step's recurrent products h_{t−1}·R (all three gate blocks, no bias). */
  private recProduct: Float32Array = new Float32Array(0);
  /** [T, B, U] h_{t−1}·R_h + b'_h, the candidate's recurrent part that r scales (kept for backward). */
  private candRec: Float32Array = new Float32Array(0);
  /** [T, B, GU] ∂L/∂(recurrent-side pre-activations): dGates with the candidate's block scaled by r. */
  private dGatesRec: Float32Array = new Float32Array(0);
  private dGatesRecAt: Float32Array[] = [];
  private mask: Uint8Array | null = null;
  private simd: GruAddresses | null = null;

  constructor(private readonly seq: SequenceBuffers, private readonly w: CellWeights) {}

  ensure(cap: number, T: number): void {
    const { k, U, GU } = this.seq;
    this.dGatesRec = k.alloc(T * cap * GU);
    this.candRec = k.alloc(T * cap * U);
    this.recProduct = k.alloc(cap * GU);
  }

  setBatch(B: number): void {
    const { T, GU } = this.seq;
    const BG = B * GU;
    this.dGatesRecAt = [];
    for (let t = 0; t < T; t++) this.dGatesRecAt.push(this.dGatesRec.subarray(t * BG, (t + 1) * BG));
  }

  beginForward(mask: Uint8Array | null): void {
    this.begin(mask);
  }

  beginBackward(mask: Uint8Array | null): void {
    this.begin(mask);
  }

  private begin(mask: Uint8Array | null): void {
    this.mask = mask;
    this.simd = cellAddresses(this.seq, this.w.bias.data, mask, { rec: this.recProduct, rh: this.candRec, dzr: this.dGatesRec });
  }

  forward(t: number, prev: number, hd: Float32Array): void {
    const { k, B, U, GU } = this.seq;
    k.sgemm(false, false, B, GU, U, hd, U, this.w.recurrent.data, GU, this.recProduct, GU, 0);
    const simd = this.simd;
    const BU = B * U;
    const zo = t * B * GU;
    if (simd) simd.k.gruForward(simd.z + 4 * zo, simd.bias, simd.rec, simd.rh + 4 * t * BU, simd.h + 4 * prev * BU, simd.h + 4 * (t + 1) * BU, B, U, simd.maskAt(t));
    else this.forwardJs(t, prev, zo);
  }

  private forwardJs(t: number, prev: number, zo: number): void {
    const { B, U, GU } = this.seq;
    const BU = B * U;
    const cur = t + 1;
    const mask = this.mask;
    const Z = this.seq.gates;
    const H = this.seq.states;
    const rec = this.recProduct;
    const RH = this.candRec;
    const bias = this.w.bias.data;
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

  backward(t: number, prev: number): void {
    const seq = this.seq;
    const { B, U, GU } = seq;
    const BU = B * U;
    const zo = t * B * GU;
    const simd = this.simd;
    if (simd) simd.k.gruBackward(simd.z + 4 * zo, simd.h + 4 * prev * BU, simd.rh + 4 * t * BU, simd.dh, simd.dz + 4 * zo, simd.dzr + 4 * zo, B, U, simd.maskAt(t));
    else this.backwardJs(t, prev, zo);
    addRecurrentPath(seq, this.dGatesRecAt[t]!, this.w.recurrent.data);
  }

  private backwardJs(t: number, prev: number, zo: number): void {
    const seq = this.seq;
    const { B, U, GU } = seq;
    const BU = B * U;
    const mask = this.mask;
    const Z = seq.gates;
    const H = seq.states;
    const DH = seq.dh;
    const dZx = seq.dGates;
    const dZr = this.dGatesRec;
    const RH = this.candRec;
    for (let b = 0; b < B; b++) {
      const zb = zo + b * GU;
      if (padded(seq, mask, t, b, zb)) {
        dZr.fill(0, zb, zb + GU);
        continue;
      }
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
  }

  recurrentGrads(prevStates: Float32Array, rows: number): void {
    const { k, U, GU, ones } = this.seq;
    k.sgemm(true, false, U, GU, rows, prevStates, U, this.dGatesRec, GU, this.w.recurrent.grad, GU, 0);
    k.sgemm(false, false, 1, GU, rows, ones, rows, this.dGatesRec, GU, this.w.bias.grad.subarray(GU), GU, 0);
  }
}
