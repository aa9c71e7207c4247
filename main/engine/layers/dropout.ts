// Dropout (inverted, a fresh mask per element and batch like keras.layers.Dropout); identity when not training.
import type { Kernels } from '../kernels/api.js';
import type { Param } from '../weights.js';
import type { PassContext } from './context.js';

export class DropoutLayer {
  readonly params: Param[] = []; // no weights
  private mask: Float32Array = new Float32Array(0);
  /** This batch's keep decisions (1 keep, 0 drop), drawn in one call. */
  private kept: Uint8Array = new Uint8Array(0);
  private out: Float32Array = new Float32Array(0);
  private dIn: Float32Array = new Float32Array(0);
  private active = false;

  constructor(private readonly k: Kernels, readonly rate: number) {}

  forward(x: Float32Array, _B: number, _T: number, ctx: PassContext): Float32Array {
    this.active = ctx.training && this.rate > 0;
    if (!this.active) return x;
    const n = x.length;
    if (this.mask.length < n) {
      this.mask = this.k.alloc(n);
      this.out = this.k.alloc(n);
      this.dIn = this.k.alloc(n);
    }
    const keep = 1 - this.rate;
    const scale = 1 / keep;
    if (this.kept.length < n) this.kept = new Uint8Array(n);
    const kept = this.kept;
    ctx.rng.fillDecisions(kept, 0, n, keep, 1, 0);
    const m = this.mask;
    const out = this.out;
    for (let i = 0; i < n; i++) {
      const v = kept[i] === 1 ? scale : 0;
      m[i] = v;
      out[i] = x[i]! * v;
    }
    return out.subarray(0, n);
  }

  backward(dOut: Float32Array): Float32Array {
    if (!this.active) return dOut;
    const n = dOut.length;
    const d = this.dIn;
    const m = this.mask;
    for (let i = 0; i < n; i++) d[i] = dOut[i]! * m[i]!;
    return d.subarray(0, n);
  }
}
