// The training set resident on the GPU, and the recorded kernels that turn a step's row indices into the
// batch inputs the network reads (token slots, distinct ids, CSR of positions by slot, labels). With it a
// step uploads B row indices instead of ~100 KB of token slots and CSR built on the CPU (its dropout masks
// are drawn on the GPU too: dropout-draws.ts). Distinct ids come out ascending here (first-seen order on
// the CPU path): the per-id arithmetic is the same, only the order of the terms of the weight products
// over ids differs (well within the 1e-4 parity). A training set too large for one storage buffer keeps
// the CPU path.
/// <reference types="@webgpu/types" />
import type { Dataset } from '../types.js';
import { groups, type GpuKit, type Op } from './gpu-kit.js';
import { PREP_CHUNKS_WGSL, PREP_NUMBER_WGSL, PREP_OFFSETS_WGSL, PREP_ROWS_WGSL, PREP_SLOTS_WGSL, PREP_TOKENS_WGSL } from './wgsl/batch-prep.js';

/** The per-batch buffers the prepared inputs go to (the network's own) and where the count goes in dyn. */
export interface PrepTargets {
  slot: GPUBuffer;
  uniq: GPUBuffer;
  off: GPUBuffer;
  pos: GPUBuffer;
  y: GPUBuffer;
  dyn: GPUBuffer;
  countIdx: number;
}

/** Chunks of about √n positions: the per-chunk walks and the per-slot walks across chunks are both ~√n long. */
function chunking(n: number): { L: number; C: number } {
  const L = Math.max(1, Math.ceil(Math.sqrt(n)));
  return { L, C: Math.ceil(n / L) };
}

export class GpuBatchPrep {
  private readonly X: GPUBuffer;
  private readonly Y: GPUBuffer;
  private readonly rows: GPUBuffer;
  private readonly tok: GPUBuffer;
  private readonly flags: GPUBuffer;
  private readonly hist: GPUBuffer;
  private readonly cnt: GPUBuffer;
  private readonly recorded = new Map<number, Op[]>();

  /**
   * Uploads `data` (throws RangeError when it does not fit one buffer) and sizes the work buffers for
   * batches of up to `maxB` reviews of `T` positions over a vocabulary of `vocab` ids.
   */
  constructor(
    private readonly kit: GpuKit,
    private readonly targets: PrepTargets,
    readonly data: Dataset,
    private readonly T: number,
    private readonly vocab: number,
    readonly maxB: number,
  ) {
    this.X = kit.storage(data.n * T, 'resident token ids');
    this.Y = kit.storage(data.n, 'resident labels');
    kit.write(this.X, data.x.subarray(0, data.n * T));
    kit.write(this.Y, data.y.subarray(0, data.n));
    const n = maxB * T;
    const { C } = chunking(n);
    this.rows = kit.storage(maxB, 'batch rows');
    this.tok = kit.storage(n, 'batch token ids');
    this.flags = kit.storage(vocab, 'ids present / their slots');
    this.hist = kit.storage(this.maxDistinct(maxB) * C, 'positions per slot and chunk');
    this.cnt = kit.storage(this.maxDistinct(maxB), 'positions per slot');
  }

  /** Frees the resident dataset and the work buffers. */
  release(): void {
    this.kit.release([this.X, this.Y, this.rows, this.tok, this.flags, this.hist, this.cnt]);
    this.recorded.clear();
  }

  /** Most distinct ids a batch of B reviews can hold: the dispatch size of the per-id kernels. */
  maxDistinct(B: number): number {
    return Math.min(B * this.T, this.vocab);
  }

  /** Queues the upload of one batch's row indices (into the dataset). */
  writeRows(rows: Int32Array): void {
    if (rows.length > this.maxB) throw new Error(`batch of ${rows.length} rows, prepared for at most ${this.maxB}`);
    this.kit.write(this.rows, rows);
  }

  /** The recorded preparation of a batch of B rows (run before the step's own ops, in the same encoder). */
  ops(B: number): Op[] {
    let ops = this.recorded.get(B);
    if (!ops) {
      ops = this.record(B);
      this.recorded.set(B, ops);
    }
    return ops;
  }

  private record(B: number): Op[] {
    const { kit, targets: t } = this;
    const n = B * this.T;
    const { L, C } = chunking(n);
    return [
      { kind: 'clear', buffer: this.flags },
      { kind: 'clear', buffer: this.hist },
      kit.op(PREP_TOKENS_WGSL, 'batch tokens', [kit.uniform([n, B, this.T, 0]), this.X, this.Y, this.rows, this.tok, this.flags, t.y], groups(n)),
      kit.op(PREP_NUMBER_WGSL, 'number distinct ids', [kit.uniform([this.vocab, t.countIdx, 0, 0]), this.flags, t.uniq, t.dyn], 1),
      kit.op(PREP_SLOTS_WGSL, 'token slots', [kit.uniform([n, 0, 0, 0]), this.tok, this.flags, t.slot], groups(n)),
      kit.op(PREP_CHUNKS_WGSL, 'count per chunk', [kit.uniform([n, L, C, 0]), t.slot, this.hist, t.off, t.pos], groups(C)),
      kit.op(PREP_ROWS_WGSL, 'chunk starts per slot', [kit.uniform([C, t.countIdx, 0, 0]), this.hist, this.cnt, t.dyn], groups(this.maxDistinct(B))),
      kit.op(PREP_OFFSETS_WGSL, 'slot offsets', [kit.uniform([t.countIdx, 0, 0, 0]), this.cnt, t.off, t.dyn], 1),
      kit.op(PREP_CHUNKS_WGSL, 'place positions', [kit.uniform([n, L, C, 1]), t.slot, this.hist, t.off, t.pos], groups(C)),
    ];
  }
}
