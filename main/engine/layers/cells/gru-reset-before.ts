// GRU cell, reset_after = false (the original GRU, Keras' reset_after=False): the reset gate scales the
// previous state before the candidate's recurrent product, hh = tanh(x·W_h + b_h + (r ⊙ h_{t−1})·R_h), so
// each step runs two recurrent GEMMs (z, r first); h_t = z·h_{t−1} + (1 − z)·hh.
import { sigmoidF as sigmoid, tanhF } from '../activations.js';
import type { Addresses, Cell, CellWeights, SequenceBuffers } from './cell.js';
import { addDropped, cellAddresses, ftz, padded } from './cell.js';

type GruRbAddresses = Addresses & { hd: number; rh: number; drh: number; dhd: number };

export class GruResetBeforeCell implements Cell {
  /** [T, B, U] r ⊙ h_{t−1} (the recurrent input, dropped out where dropping): the candidate GEMM's input, kept for ∂L/∂R_h. */
  private resetH: Float32Array = new Float32Array(0);
  /** [B, U] the current step's ∂L/∂(r ⊙ h_{t−1}). */
  private dResetH: Float32Array = new Float32Array(0);
  /** R_h: the candidate's columns (2U…3U) of the recurrent kernel, a view (see rebind). */
  private candKernel: Float32Array;
  /** Per-timestep views: resetH[t], and the candidate block (columns 2U…) of gates[t] and dGates[t]. */
  private resetHAt: Float32Array[] = [];
  private candGatesAt: Float32Array[] = [];
  private dCandGatesAt: Float32Array[] = [];
  private mask: Uint8Array | null = null;
  private simd: GruRbAddresses | null = null;

  constructor(private readonly seq: SequenceBuffers, private readonly w: CellWeights) {
    this.candKernel = w.recurrent.data.subarray(2 * seq.U);
  }

  ensure(cap: number, T: number): void {
    const { k, U } = this.seq;
    this.resetH = k.alloc(T * cap * U);
    this.dResetH = k.alloc(cap * U);
  }

  setBatch(B: number): void {
    const { T, U, GU, gates, dGates } = this.seq;
    const BU = B * U;
    const BG = B * GU;
    this.resetHAt = [];
    this.candGatesAt = [];
    this.dCandGatesAt = [];
    for (let t = 0; t < T; t++) {
      this.resetHAt.push(this.resetH.subarray(t * BU, (t + 1) * BU));
      this.candGatesAt.push(gates.subarray(t * BG + 2 * U, (t + 1) * BG));
      this.dCandGatesAt.push(dGates.subarray(t * BG + 2 * U, (t + 1) * BG));
    }
  }

  rebind(): void {
    this.candKernel = this.w.recurrent.data.subarray(2 * this.seq.U);
  }

  beginForward(mask: Uint8Array | null): void {
    this.begin(mask);
  }

  beginBackward(mask: Uint8Array | null): void {
    this.begin(mask);
  }

  private begin(mask: Uint8Array | null): void {
    const seq = this.seq;
    this.mask = mask;
    this.simd = cellAddresses(seq, this.w.bias.data, mask, { hd: seq.recurrentIn, rh: this.resetH, drh: this.dResetH, dhd: seq.dRecurrentIn });
  }

  forward(t: number, prev: number, hd: Float32Array): void {
    const seq = this.seq;
    const { k, B, U, GU } = seq;
    const BU = B * U;
    const zo = t * B * GU;
    // z, r from the recurrent product; then (r ⊙ h)·R_h for the candidate.
    k.sgemm(false, false, B, 2 * U, U, hd, U, this.w.recurrent.data, GU, seq.gatesAt[t]!, GU, 1);
    const simd = this.simd;
    if (simd) {
      simd.k.gruRbGates(simd.z + 4 * zo, simd.bias, simd.hd + 4 * prev * BU, simd.rh + 4 * t * BU, B, U);
      k.sgemm(false, false, B, U, U, this.resetHAt[t]!, U, this.candKernel, GU, this.candGatesAt[t]!, GU, 1);
      simd.k.gruRbState(simd.z + 4 * zo, simd.bias, simd.h + 4 * prev * BU, simd.h + 4 * (t + 1) * BU, B, U, simd.maskAt(t));
      return;
    }
    const cur = t + 1;
    const mask = this.mask;
    const Z = seq.gates;
    const H = seq.states;
    const RH = this.resetH;
    const bias = this.w.bias.data;
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
    k.sgemm(false, false, B, U, U, this.resetHAt[t]!, U, this.candKernel, GU, this.candGatesAt[t]!, GU, 1);
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

  backward(t: number, prev: number): void {
    const seq = this.seq;
    const { k, B, U, GU } = seq;
    const BU = B * U;
    const zo = t * B * GU;
    const R = this.w.recurrent.data;
    const simd = this.simd;
    const Z = seq.gates;
    const dZx = seq.dGates;
    if (simd) simd.k.gruRbBackState(simd.z + 4 * zo, simd.h + 4 * prev * BU, simd.dh, simd.dz + 4 * zo, B, U, simd.maskAt(t));
    else {
      const mask = this.mask;
      const H = seq.states;
      const DH = seq.dh;
      for (let b = 0; b < B; b++) {
        const zb = zo + b * GU;
        if (padded(seq, mask, t, b, zb)) continue;
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
    const DRH = this.dResetH;
    const DHD = seq.dRecurrentIn;
    k.sgemm(false, true, B, U, U, this.dCandGatesAt[t]!, GU, this.candKernel, GU, DRH, U, 0);
    if (simd) {
      simd.k.gruRbBackReset(simd.z + 4 * zo, simd.drh, simd.hd + 4 * prev * BU, simd.dz + 4 * zo, simd.dhd, B, U);
    } else {
      const hd = seq.recurrentInAt[prev]!;
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
    }
    k.sgemm(false, true, B, U, 2 * U, seq.dGatesAt[t]!, GU, R, GU, DHD, U, 1);
    addDropped(seq, DHD);
  }

  recurrentGrads(prevStates: Float32Array, rows: number): void {
    const { k, U, GU, dGates } = this.seq;
    const grad = this.w.recurrent.grad;
    k.sgemm(true, false, U, 2 * U, rows, prevStates, U, dGates, GU, grad, GU, 0);
    k.sgemm(true, false, U, U, rows, this.resetH, U, dGates.subarray(2 * U), GU, grad.subarray(2 * U), GU, 0);
  }
}
