// Bidirectional: a forward and a go_backwards copy of the same recurrent layer over one input, merged
// (concat / sum / ave / mul) like keras.layers.Bidirectional; each returns its last processed state.
import type { Kernels } from '../kernels/api.js';
import type { RecurrentPlan } from '../layer-kinds/recurrent-shape.js';
import type { Rng } from '../rng.js';
import type { Param } from '../weights.js';
import type { PassContext } from './context.js';
import { RecurrentLayer } from './recurrent.js';
import type { TokenInput } from './token-input.js';

export type MergeMode = 'concat' | 'sum' | 'ave' | 'mul';

/** What a Bidirectional layer is, besides its kernels and initializer randomness (tfjs-layers' *LayerArgs). */
export interface BidirectionalLayerArgs {
  /** Its name: the directions' weights are <name>/forward_<innerName>/… and <name>/backward_<innerName>/…. */
  name: string;
  innerName: string;
  /** Each direction's layer. */
  plan: RecurrentPlan;
  merge: MergeMode;
  /** recurrent_dropout of each direction. Default 0. */
  recurrentDropout?: number;
}

export class BidirectionalLayer {
  readonly fwd: RecurrentLayer;
  readonly bwd: RecurrentLayer;
  readonly params: Param[];
  readonly outDim: number;
  private out: Float32Array = new Float32Array(0);
  private dF: Float32Array = new Float32Array(0);
  private dB: Float32Array = new Float32Array(0);
  private dX: Float32Array = new Float32Array(0);
  private hf: Float32Array = new Float32Array(0);
  private hb: Float32Array = new Float32Array(0);
  private rows = 0;

  readonly merge: MergeMode;

  constructor(private readonly k: Kernels, args: BidirectionalLayerArgs, rng: Rng) {
    const { name, innerName, plan, merge } = args;
    const recurrentDropout = args.recurrentDropout ?? 0;
    this.merge = merge;
    this.fwd = new RecurrentLayer(k, { name: `${name}/forward_${innerName}`, plan, recurrentDropout }, rng);
    this.bwd = new RecurrentLayer(k, { name: `${name}/backward_${innerName}`, plan, reverse: true, recurrentDropout }, rng);
    this.params = [...this.fwd.params, ...this.bwd.params];
    this.outDim = merge === 'concat' ? 2 * plan.units : plan.units;
  }

  forward(X: Float32Array, B: number, T: number, ctx: PassContext): Float32Array {
    return this.merged(this.fwd.forward(X, B, T, ctx), this.bwd.forward(X, B, T, ctx), B, T);
  }

  /** forward() from the embedding's distinct rows (see RecurrentLayer.forwardTokens). */
  forwardTokens(tok: TokenInput, rows: Float32Array, B: number, T: number, ctx: PassContext): Float32Array {
    return this.merged(this.fwd.forwardTokens(tok, rows, B, T, ctx), this.bwd.forwardTokens(tok, rows, B, T, ctx), B, T);
  }

  private merged(hf: Float32Array, hb: Float32Array, B: number, T: number): Float32Array {
    this.hf = hf;
    this.hb = hb;
    const U = this.fwd.U;
    const rows = hf.length / U;
    this.rows = rows;
    if (this.out.length < rows * this.outDim) {
      this.out = this.k.alloc(rows * this.outDim);
      this.dF = this.k.alloc(rows * U);
      this.dB = this.k.alloc(rows * U);
      this.dX = this.k.alloc(T * B * this.fwd.D);
    }
    const out = this.out;
    if (this.merge === 'concat') {
      for (let r = 0; r < rows; r++) {
        out.set(hf.subarray(r * U, (r + 1) * U), r * 2 * U);
        out.set(hb.subarray(r * U, (r + 1) * U), r * 2 * U + U);
      }
    } else {
      const n = rows * U;
      for (let i = 0; i < n; i++) {
        const a = hf[i]!;
        const b = hb[i]!;
        out[i] = this.merge === 'sum' ? a + b : this.merge === 'ave' ? (a + b) / 2 : a * b;
      }
    }
    return out.subarray(0, rows * this.outDim);
  }

  backward(dOut: Float32Array, ctx: PassContext): Float32Array {
    const U = this.fwd.U;
    const rows = this.rows;
    const n = rows * U;
    const dF = this.dF;
    const dB = this.dB;
    if (this.merge === 'concat') {
      for (let r = 0; r < rows; r++) {
        dF.set(dOut.subarray(r * 2 * U, r * 2 * U + U), r * U);
        dB.set(dOut.subarray(r * 2 * U + U, (r + 1) * 2 * U), r * U);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const d = dOut[i]!;
        if (this.merge === 'sum') {
          dF[i] = d;
          dB[i] = d;
        } else if (this.merge === 'ave') {
          dF[i] = d / 2;
          dB[i] = d / 2;
        } else {
          dF[i] = d * this.hb[i]!;
          dB[i] = d * this.hf[i]!;
        }
      }
    }
    const a = this.fwd.backward(dF.subarray(0, n), ctx);
    const len = a.length;
    this.dX.set(a);
    const b = this.bwd.backward(dB.subarray(0, n), ctx);
    const dX = this.dX;
    for (let i = 0; i < len; i++) dX[i]! += b[i]!;
    return dX.subarray(0, len);
  }
}
