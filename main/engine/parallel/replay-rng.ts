// Dropout masks that do not depend on how the batch is split: the main thread draws every mask decision
// of the whole batch from the training stream in the single-threaded order, hands each replica the
// decisions of its rows, and the replica's layers read them back through this Rng (uniform() = 0 keeps,
// 1 drops: keep probabilities are in (0, 1]).
import type { ModelSpec } from '../../model/spec.js';
import { maskDraws } from '../plan.js';
import { Rng } from '../rng.js';

export class ReplayRng extends Rng {
  buf: Uint8Array = new Uint8Array(0);
  pos = 0;
  len = 0;

  constructor() {
    super(0, 0);
  }

  reset(buf: Uint8Array, len: number): void {
    this.buf = buf;
    this.len = len;
    this.pos = 0;
  }

  override uniform(): number {
    if (this.pos >= this.len) throw new Error('replica read more dropout decisions than were drawn');
    return this.buf[this.pos++]!;
  }

  override fillDecisions(out: Uint8Array | Float32Array, at: number, count: number, keep: number, kept: number, dropped: number): void {
    if (this.pos + count > this.len) throw new Error('replica read more dropout decisions than were drawn');
    const buf = this.buf;
    for (let i = 0; i < count; i++) out[at + i] = buf[this.pos + i]! < keep ? kept : dropped;
    this.pos += count;
  }
}

/**
 * Draws the batch's mask decisions from `rng` exactly as a single-threaded training pass would consume them
 * (each layer's draws in plan order: dropout time-major [T, B, dim]; recurrent dropout [B, U] per direction),
 * writing each into the stream of the replica owning its row. owner[b] = replica of row b; counts[r] is
 * advanced (start it at 0).
 */
export function drawMasks(spec: ModelSpec, B: number, rng: Rng, owner: Uint8Array, outs: Uint8Array[], counts: Int32Array): void {
  for (const { steps, width, keep } of maskDraws(spec)) {
    for (let s = 0; s < steps; s++) {
      for (let b = 0; b < B; b++) {
        const r = owner[b]!;
        const o = outs[r]!;
        rng.fillDecisions(o, counts[r]!, width, keep, 0, 1);
        counts[r]! += width;
      }
    }
  }
}
