// What the CPU hands the GPU for one batch: the distinct token ids and each position's slot among them
// (the CPU engine's token-input arithmetic, token-input.ts), those positions grouped by slot (CSR) for the
// deterministic gradient folds, the labels, and the dropout decisions drawn from the training stream in
// the single-threaded order (replay-rng.ts's order), packed 32 to a word.
import type { ModelSpec } from '../../model/spec.js';
import { maskDraws } from '../plan.js';
import type { Rng } from '../rng.js';
import { TokenInput } from '../layers/token-input.js';

export class BatchInput {
  readonly tokens: TokenInput;
  /** CSR over slots: positions (time-major rows) of slot u are pos[off[u]..off[u+1]). */
  off: Uint32Array = new Uint32Array(0);
  pos: Uint32Array = new Uint32Array(0);
  y: Float32Array = new Float32Array(0);
  /** Packed keep bits of each of the pass's mask draws (plan.ts maskDraws: [steps, B, width]), in plan order. */
  masks: Uint32Array[] = [];
  private xb: Int32Array = new Int32Array(0);

  constructor(private readonly spec: ModelSpec) {
    this.tokens = new TokenInput(spec.numWords);
  }

  /** Rows `rows` of (x, y): token slots, CSR, labels; with `rng`, this batch's dropout decisions too. */
  build(x: Int32Array, y: Float32Array | null, rows: ArrayLike<number>, rng: Rng | null): void {
    const T = this.spec.maxLen;
    const B = rows.length;
    if (this.xb.length < B * T) this.xb = new Int32Array(B * T);
    if (this.y.length < B) this.y = new Float32Array(B);
    for (let i = 0; i < B; i++) {
      const r = rows[i]!;
      this.xb.set(x.subarray(r * T, (r + 1) * T), i * T);
      if (y) this.y[i] = y[r]!;
    }
    const tok = this.tokens;
    tok.build(this.xb, B, T);
    const n = B * T;
    if (this.pos.length < n) {
      this.pos = new Uint32Array(n);
      this.off = new Uint32Array(n + 1);
    }
    const off = this.off;
    off.fill(0, 0, tok.count + 1);
    for (let r = 0; r < n; r++) off[tok.slot[r]! + 1]!++;
    for (let u = 0; u < tok.count; u++) off[u + 1]! += off[u]!;
    const fill = off.slice(0, tok.count);
    for (let r = 0; r < n; r++) this.pos[fill[tok.slot[r]!]!++] = r;
    this.masks = [];
    if (rng) this.drawMasks(B, rng);
  }

  private drawMasks(B: number, rng: Rng): void {
    for (const { steps, width, keep } of maskDraws(this.spec)) {
      const count = steps * B * width;
      const m = new Uint32Array(Math.ceil(count / 32));
      for (let i = 0; i < count; i++) if (rng.uniform() < keep) m[i >>> 5]! |= 1 << (i & 31);
      this.masks.push(m);
    }
  }
}
