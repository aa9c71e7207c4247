// GlobalMaxPooling1D / GlobalAveragePooling1D: a [T, B, F] sequence reduced over time to [B, F], like
// Keras and TF.js compute them (TF.js ignores the padding mask: the mean is over all T steps, and padded
// steps — whose outputs carry the zero initial state — take part in the max). The max's gradient goes to
// the first step holding the maximum.
import type { Kernels } from '../kernels/api.js';
import type { Param } from '../weights.js';

export class PoolingLayer {
  readonly params: Param[] = []; // no weights
  private out: Float32Array = new Float32Array(0);
  private dIn: Float32Array = new Float32Array(0);
  /** Max pooling: the step of each (b, f)'s maximum. */
  private arg: Int32Array = new Int32Array(0);
  private argStore: Float32Array = new Float32Array(0);
  private B = 0;
  private T = 0;

  constructor(private readonly k: Kernels, readonly mode: 'max' | 'avg', readonly F: number) {}

  forward(x: Float32Array, B: number, T: number): Float32Array {
    const F = this.F;
    const n = B * F;
    if (this.out.length < n || this.dIn.length < T * n) {
      this.k.free(this.out);
      this.k.free(this.dIn);
      this.k.free(this.argStore);
      this.out = this.k.alloc(n);
      this.dIn = this.k.alloc(T * n);
      this.argStore = this.k.alloc(n);
      this.arg = new Int32Array(this.argStore.buffer, this.argStore.byteOffset, n);
    }
    this.B = B;
    this.T = T;
    const out = this.out;
    if (this.mode === 'max') {
      const arg = this.arg;
      out.set(x.subarray(0, n));
      arg.fill(0, 0, n);
      for (let t = 1; t < T; t++) {
        const o = t * n;
        for (let i = 0; i < n; i++) {
          const v = x[o + i]!;
          if (v > out[i]!) {
            out[i] = v;
            arg[i] = t;
          }
        }
      }
    } else {
      out.fill(0, 0, n);
      for (let t = 0; t < T; t++) {
        const o = t * n;
        for (let i = 0; i < n; i++) out[i]! += x[o + i]!;
      }
      for (let i = 0; i < n; i++) out[i]! /= T;
    }
    return out.subarray(0, n);
  }

  /** ∂L/∂out [B, F] → ∂L/∂x [T, B, F]. */
  backward(dOut: Float32Array): Float32Array {
    const { T } = this;
    const n = this.B * this.F;
    const d = this.dIn;
    if (this.mode === 'max') {
      d.fill(0, 0, T * n);
      const arg = this.arg;
      for (let i = 0; i < n; i++) d[arg[i]! * n + i] = dOut[i]!;
    } else {
      for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) d[t * n + i] = dOut[i]! / T;
    }
    return d.subarray(0, T * n);
  }
}
