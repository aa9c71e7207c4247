// Embedding: gathers rows into a time-major [T, B, E] activation; its gradient touches only the rows seen.
import type { Kernels } from '../kernels/api.js';
import { fillUniform } from '../init.js';
import type { Rng } from '../rng.js';
import type { Param } from '../weights.js';
import type { TokenInput } from './token-input.js';

export class EmbeddingLayer {
  readonly param: Param;
  private out: Float32Array = new Float32Array(0);
  private cap = 0;
  private T = 0;
  private x: Int32Array = new Int32Array(0);
  private B = 0;
  private rowsBuf: Float32Array = new Float32Array(0);

  constructor(private readonly k: Kernels, name: string, readonly vocab: number, readonly E: number, rng: Rng) {
    const n = vocab * E;
    this.param = {
      name: `${name}/embeddings`, shape: [vocab, E], data: k.alloc(n), grad: k.alloc(n),
      sparse: { rowSize: E, flags: new Uint8Array(vocab), rows: new Int32Array(vocab), count: 0 },
    };
    fillUniform(this.param.data, rng, -0.05, 0.05);
  }

  /** x: batch-major [B, T] token ids (already range-checked). Returns [T, B, E]. */
  forward(x: Int32Array, B: number, T: number): Float32Array {
    if (B > this.cap || T !== this.T) {
      this.cap = Math.max(B, this.cap);
      this.T = T;
      this.k.free(this.out);
      this.out = this.k.alloc(this.cap * T * this.E);
    }
    this.x = x;
    this.B = B;
    const E = this.E;
    const W = this.param.data;
    const out = this.out;
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < B; b++) {
        const row = x[b * T + t]! * E;
        const o = (t * B + b) * E;
        for (let e = 0; e < E; e++) out[o + e] = W[row + e]!; // no per-row view allocation
      }
    }
    return out.subarray(0, T * B * E);
  }

  /** The distinct rows E[uniq[u]] of a batch, [count, E] (the token-input path: see token-input.ts). */
  gatherUnique(tok: TokenInput): Float32Array {
    const E = this.E;
    const need = tok.uniq.length * E;
    if (this.rowsBuf.length < need) {
      this.k.free(this.rowsBuf);
      this.rowsBuf = this.k.alloc(need);
    }
    const W = this.param.data;
    const out = this.rowsBuf;
    for (let u = 0; u < tok.count; u++) {
      const row = tok.uniq[u]! * E;
      const o = u * E;
      for (let e = 0; e < E; e++) out[o + e] = W[row + e]!;
    }
    return out.subarray(0, tok.count * E);
  }

  /** Gradient rows of the distinct ids, dRows [count, E], written as the (sparse) embedding gradient. */
  backwardUnique(tok: TokenInput, dRows: Float32Array): void {
    const E = this.E;
    const sp = this.clearGrad();
    const g = this.param.grad;
    for (let u = 0; u < tok.count; u++) {
      const id = tok.uniq[u]!;
      sp.flags[id] = 1;
      sp.rows[sp.count++] = id;
      g.set(dRows.subarray(u * E, (u + 1) * E), id * E);
    }
  }

  /** Zeroes the rows the previous batch touched and empties the row list. */
  private clearGrad(): NonNullable<Param['sparse']> {
    const E = this.E;
    const sp = this.param.sparse!;
    const g = this.param.grad;
    for (let i = 0; i < sp.count; i++) {
      const r = sp.rows[i]!;
      g.fill(0, r * E, (r + 1) * E);
      sp.flags[r] = 0;
    }
    sp.count = 0;
    return sp;
  }

  /** Scatter-adds dOut [T, B, E] into the touched rows (clearing the rows of the previous batch first). */
  backward(dOut: Float32Array): void {
    const { E, B, T, x } = this;
    const sp = this.clearGrad();
    const g = this.param.grad;
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < B; b++) {
        const id = x[b * T + t]!;
        if (sp.flags[id] === 0) {
          sp.flags[id] = 1;
          sp.rows[sp.count++] = id;
        }
        const go = id * E;
        const o = (t * B + b) * E;
        for (let e = 0; e < E; e++) g[go + e]! += dOut[o + e]!;
      }
    }
  }
}
