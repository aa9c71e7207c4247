// Dropout and recurrent-dropout decisions drawn on the GPU (wgsl/dropout-bits.ts) from the training stream,
// in the CPU engine's order — each dropout layer's [T, B, dim] decisions, then each recurrent direction's
// [B, U], in plan order (replay-rng.ts) — so both engines drop the same units. Per step the CPU writes the
// stream's state (16 bytes) and jumps its own stream past the draws (rng-jump.ts) instead of drawing
// millions of numbers and uploading their bits.
/// <reference types="@webgpu/types" />
import type { ModelSpec } from '../../model/spec.js';
import { layerPlan } from '../plan.js';
import type { Rng } from '../rng.js';
import { jumpState, jumpTable, JUMP_BITS } from '../rng-jump.js';
import { type GpuKit, type Op } from './gpu-kit.js';
import { DROPOUT_BITS_WGSL, WORDS_PER_THREAD } from './wgsl/dropout-bits.js';

interface Segment {
  /** Decisions per review (dropout: T·dim, spread over time-major rows; recurrent: U). */
  kind: 'dropout' | 'recurrent';
  perRow: number;
  keep: number;
  target: GPUBuffer;
}

/** The masks a batch draws, in stream order, each with the buffer its bits go to. */
function segments(spec: ModelSpec, dropBits: readonly GPUBuffer[], recBits: readonly GPUBuffer[]): Segment[] {
  const out: Segment[] = [];
  const rd = spec.recurrentDropout;
  let d = 0;
  let r = 0;
  for (const l of layerPlan(spec)) {
    if (l.kind === 'dropout') out.push({ kind: 'dropout', perRow: spec.maxLen * l.dim, keep: 1 - l.rate, target: dropBits[d++]! });
    if ((l.kind === 'recurrent' || l.kind === 'bidirectional') && rd > 0) {
      for (let i = 0; i < (l.kind === 'bidirectional' ? 2 : 1); i++) out.push({ kind: 'recurrent', perRow: l.rec.units, keep: 1 - rd, target: recBits[r++]! });
    }
  }
  return out;
}

export class GpuDropoutDraws {
  private readonly table: GPUBuffer;
  private readonly start: GPUBuffer;
  private readonly segments: Segment[];
  private readonly recorded = new Map<number, Op[]>();

  constructor(private readonly kit: GpuKit, spec: ModelSpec, dropBits: readonly GPUBuffer[], recBits: readonly GPUBuffer[]) {
    this.segments = segments(spec, dropBits, recBits);
    const table = jumpTable();
    this.table = kit.storage(table.length, 'rng jump table');
    kit.write(this.table, table);
    this.start = kit.storage(4, 'rng state at the step');
  }

  /** Draws of a batch of B reviews. */
  total(B: number): number {
    return this.segments.reduce((a, s) => a + s.perRow * B, 0);
  }

  /** Hands the GPU the stream where this batch's draws begin, and moves `rng` past them (as drawing would). */
  begin(rng: Rng, B: number): void {
    const total = this.total(B);
    if (total >= 2 ** JUMP_BITS) throw new RangeError(`a batch of ${B} draws ${total} dropout decisions; the GPU draws at most 2^${JUMP_BITS} − 1`);
    const s = rng.getState();
    this.kit.write(this.start, Uint32Array.from(s));
    rng.setState(jumpState(s, total));
  }

  /** The recorded draws of a batch of B reviews (before the ops that read the masks). */
  ops(B: number): Op[] {
    let ops = this.recorded.get(B);
    if (ops) return ops;
    ops = [];
    let offset = 0;
    for (const s of this.segments) {
      const count = s.perRow * B;
      const thr = Math.ceil(s.keep * 2 ** 32);
      const keepAll = thr >= 2 ** 32 ? 1 : 0;
      const threads = Math.ceil(Math.ceil(count / 32) / WORDS_PER_THREAD);
      const wgs = Math.max(1, Math.min(65535, Math.ceil(threads / 64)));
      ops.push(this.kit.op(DROPOUT_BITS_WGSL, `${s.kind} mask`, [this.kit.uniform([count, offset, keepAll ? 0 : thr, keepAll]), this.table, this.start, s.target], wgs));
      offset += count;
    }
    this.recorded.set(B, ops);
    return ops;
  }
}
