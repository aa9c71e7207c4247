// Dropout and recurrent-dropout decisions drawn on the GPU (wgsl/dropout-bits.ts) from the training stream,
// in the CPU engine's order — the layer kinds' declared draws in plan order (plan.ts maskDraws: a dropout
// layer's [T, B, dim], a recurrent direction's [B, U]) — so both engines drop the same units. Per step the
// CPU writes the stream's state (16 bytes) and jumps its own stream past the draws (rng-jump.ts) instead of
// drawing millions of numbers and uploading their bits.
/// <reference types="@webgpu/types" />
import type { ModelSpec } from '../../model/spec.js';
import { maskDraws } from '../plan.js';
import type { MaskDraw } from '../layer-kinds/kind.js';
import type { Rng } from '../rng.js';
import { jumpState, jumpTable, JUMP_BITS } from '../rng-jump.js';
import { type GpuKit, type Op } from './gpu-kit.js';
import { DROPOUT_BITS_WGSL, WORDS_PER_THREAD } from './wgsl/dropout-bits.js';

export class GpuDropoutDraws {
  private readonly table: GPUBuffer;
  private readonly start: GPUBuffer;
  private readonly draws: MaskDraw[];
  private readonly recorded = new Map<number, Op[]>();

  /** `masks`: the keep-bit buffer of each of the spec's draws, in order (sized for the largest batch). */
  constructor(private readonly kit: GpuKit, spec: ModelSpec, private readonly masks: readonly GPUBuffer[]) {
    this.draws = maskDraws(spec);
    if (this.draws.length !== masks.length) throw new Error(`${this.draws.length} mask draws but ${masks.length} mask buffers`);
    const table = jumpTable();
    this.table = kit.storage(table.length, 'rng jump table');
    kit.write(this.table, table);
    this.start = kit.storage(4, 'rng state at the step');
  }

  /** Draws of a batch of B reviews. */
  total(B: number): number {
    return this.draws.reduce((a, d) => a + d.steps * B * d.width, 0);
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
    const done = this.recorded.get(B);
    if (done) return done;
    const ops: Op[] = [];
    let offset = 0;
    this.draws.forEach((d, i) => {
      const count = d.steps * B * d.width;
      const thr = Math.ceil(d.keep * 2 ** 32);
      const keepAll = thr >= 2 ** 32 ? 1 : 0;
      const threads = Math.ceil(Math.ceil(count / 32) / WORDS_PER_THREAD);
      const wgs = Math.max(1, Math.min(65535, Math.ceil(threads / 64)));
      ops.push(this.kit.op(DROPOUT_BITS_WGSL, `mask ${i}`, [this.kit.uniform([count, offset, keepAll ? 0 : thr, keepAll]), this.table, this.start, this.masks[i]!], wgs));
      offset += count;
    });
    this.recorded.set(B, ops);
    return ops;
  }
}
