// The batch's token ids as the first recurrent layer sees them when it reads the embedding directly: the
// distinct ids (in first-seen order) and, for every time-major row t·B + b, the slot of its id among them.
// A batch of 64 IMDB reviews × 200 positions holds only ~2,000–3,000 distinct ids (padding and common
// words repeat), so projecting each distinct embedding row once — Z = (E[u]·W)[slot] — and folding the
// gradients by id before the weight products does the same arithmetic on a third of the rows or less.
export class TokenInput {
  /** Distinct ids, uniq[0..count). */
  uniq: Int32Array = new Int32Array(0);
  count = 0;
  /** Slot (index into uniq) of each time-major row. */
  slot: Int32Array = new Int32Array(0);
  /** Slot of each id during build (−1: not seen); all −1 between builds. */
  private readonly seen: Int32Array;

  constructor(vocab: number) {
    this.seen = new Int32Array(vocab).fill(-1);
  }

  /** x: batch-major [B, T] ids (already range-checked). */
  build(x: Int32Array, B: number, T: number): void {
    const rows = B * T;
    if (this.slot.length < rows) {
      this.slot = new Int32Array(rows);
      this.uniq = new Int32Array(Math.min(rows, this.seen.length));
    }
    const { seen, uniq, slot } = this;
    let count = 0;
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < B; b++) {
        const id = x[b * T + t]!;
        let s = seen[id]!;
        if (s < 0) {
          s = count++;
          seen[id] = s;
          uniq[s] = id;
        }
        slot[t * B + b] = s;
      }
    }
    for (let u = 0; u < count; u++) seen[uniq[u]!] = -1;
    this.count = count;
  }
}
