// SimpleRNN cell (Keras): h_t = tanh(x·W + h_{t−1}·R + b); one gate block, no buffers of its own.
import { tanhF } from '../activations.js';
import type { Addresses, Cell, CellWeights, SequenceBuffers } from './cell.js';
import { addRecurrentPath, cellAddresses, ftz, padded } from './cell.js';

export class SimpleRnnCell implements Cell {
  private mask: Uint8Array | null = null;
  private simd: Addresses | null = null;

  constructor(private readonly seq: SequenceBuffers, private readonly w: CellWeights) {}

  ensure(): void {}

  beginForward(mask: Uint8Array | null): void {
    this.begin(mask);
  }

  beginBackward(mask: Uint8Array | null): void {
    this.begin(mask);
  }

  private begin(mask: Uint8Array | null): void {
    this.mask = mask;
    this.simd = cellAddresses(this.seq, this.w.bias.data, mask, {});
  }

  forward(t: number, prev: number, hd: Float32Array): void {
    const { k, B, U, GU } = this.seq;
    k.sgemm(false, false, B, GU, U, hd, U, this.w.recurrent.data, GU, this.seq.gatesAt[t]!, GU, 1);
    const simd = this.simd;
    const BU = B * U;
    const zo = t * B * GU;
    if (simd) {
      simd.k.rnnForward(simd.z + 4 * zo, simd.bias, simd.h + 4 * prev * BU, simd.h + 4 * (t + 1) * BU, B, U, simd.maskAt(t));
      return;
    }
    const cur = t + 1;
    const mask = this.mask;
    const Z = this.seq.gates;
    const H = this.seq.states;
    const bias = this.w.bias.data;
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
  }

  backward(t: number): void {
    const seq = this.seq;
    const { B, U, GU } = seq;
    const zo = t * B * GU;
    const simd = this.simd;
    if (simd) simd.k.rnnBackward(simd.z + 4 * zo, simd.dh, simd.dz + 4 * zo, B, U, simd.maskAt(t));
    else {
      const mask = this.mask;
      const Z = seq.gates;
      const dZx = seq.dGates;
      const DH = seq.dh;
      for (let b = 0; b < B; b++) {
        const zb = zo + b * GU;
        if (padded(seq, mask, t, b, zb)) continue;
        const hb = b * U;
        for (let j = 0; j < U; j++) {
          const a = Z[zb + j]!;
          dZx[zb + j] = ftz(DH[hb + j]!) * (1 - a * a);
          DH[hb + j] = 0;
        }
      }
    }
    addRecurrentPath(seq, seq.dGatesAt[t]!, this.w.recurrent.data);
  }

  recurrentGrads(prevStates: Float32Array, rows: number): void {
    const { k, U, GU } = this.seq;
    k.sgemm(true, false, U, GU, rows, prevStates, U, this.seq.dGates, GU, this.w.recurrent.grad, GU, 0);
  }
}
