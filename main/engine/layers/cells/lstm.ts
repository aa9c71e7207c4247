// LSTM cell (Keras): gates i, f, c (candidate g), o; c_t = f·c_{t−1} + i·g, h_t = o·tanh(c_t).
import { sigmoidF as sigmoid, tanhF } from '../activations.js';
import type { Addresses, Cell, CellWeights, SequenceBuffers } from './cell.js';
import { addRecurrentPath, cellAddresses, ftz, padded } from './cell.js';

type LstmAddresses = Addresses & { c: number; tc: number; dc: number };

export class LstmCell implements Cell {
  /** [T+2, B, U] cell-state slots, laid out like the hidden states. */
  private cellStates: Float32Array = new Float32Array(0);
  /** [T, B, U] tanh(c_t), kept for backward (0 on padded steps). */
  private tanhCell: Float32Array = new Float32Array(0);
  /** [B, U] ∂L/∂c carried back through time. */
  private dc: Float32Array = new Float32Array(0);
  private mask: Uint8Array | null = null;
  private simd: LstmAddresses | null = null;

  constructor(private readonly seq: SequenceBuffers, private readonly w: CellWeights) {}

  ensure(cap: number, T: number): void {
    const { k, U } = this.seq;
    this.cellStates = k.alloc((T + 2) * cap * U);
    this.tanhCell = k.alloc(T * cap * U);
    this.dc = k.alloc(cap * U);
  }

  beginForward(mask: Uint8Array | null): void {
    const { B, T, U } = this.seq;
    const BU = B * U;
    this.cellStates.fill(0, 0, BU);
    this.cellStates.fill(0, (T + 1) * BU, (T + 2) * BU);
    this.begin(mask);
  }

  beginBackward(mask: Uint8Array | null): void {
    this.dc.fill(0, 0, this.seq.B * this.seq.U);
    this.begin(mask);
  }

  private begin(mask: Uint8Array | null): void {
    this.mask = mask;
    this.simd = cellAddresses(this.seq, this.w.bias.data, mask, { c: this.cellStates, tc: this.tanhCell, dc: this.dc });
  }

  forward(t: number, prev: number, hd: Float32Array): void {
    const { k, B, U, GU } = this.seq;
    k.sgemm(false, false, B, GU, U, hd, U, this.w.recurrent.data, GU, this.seq.gatesAt[t]!, GU, 1);
    const simd = this.simd;
    const BU = B * U;
    const zo = t * B * GU;
    if (simd) simd.k.lstmForward(simd.z + 4 * zo, simd.bias, simd.c + 4 * prev * BU, simd.c + 4 * (t + 1) * BU, simd.h + 4 * prev * BU, simd.h + 4 * (t + 1) * BU, simd.tc + 4 * t * BU, B, U, simd.maskAt(t));
    else this.forwardJs(t, prev, zo);
  }

  private forwardJs(t: number, prev: number, zo: number): void {
    const { B, U, GU } = this.seq;
    const BU = B * U;
    const cur = t + 1;
    const mask = this.mask;
    const Z = this.seq.gates;
    const H = this.seq.states;
    const C = this.cellStates;
    const TC = this.tanhCell;
    const bias = this.w.bias.data;
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

  backward(t: number, prev: number): void {
    const seq = this.seq;
    const { B, U, GU } = seq;
    const BU = B * U;
    const zo = t * B * GU;
    const simd = this.simd;
    if (simd) simd.k.lstmBackward(simd.z + 4 * zo, simd.tc + 4 * t * BU, simd.c + 4 * prev * BU, simd.dh, simd.dc, simd.dz + 4 * zo, B, U, simd.maskAt(t));
    else this.backwardJs(t, prev, zo);
    addRecurrentPath(seq, seq.dGatesAt[t]!, this.w.recurrent.data);
  }

  private backwardJs(t: number, prev: number, zo: number): void {
    const seq = this.seq;
    const { B, U, GU } = seq;
    const BU = B * U;
    const mask = this.mask;
    const Z = seq.gates;
    const dZx = seq.dGates;
    const DH = seq.dh;
    const DC = this.dc;
    const C = this.cellStates;
    const TC = this.tanhCell;
    for (let b = 0; b < B; b++) {
      const zb = zo + b * GU;
      if (padded(seq, mask, t, b, zb)) continue;
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
  }

  recurrentGrads(prevStates: Float32Array, rows: number): void {
    const { k, U, GU } = this.seq;
    k.sgemm(true, false, U, GU, rows, prevStates, U, this.seq.dGates, GU, this.w.recurrent.grad, GU, 0);
  }
}
