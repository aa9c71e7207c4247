// Shared layout of the data-parallel replicas: the per-worker control block (a SharedArrayBuffer of its own)
// and the worker's arena in the kernels' shared wasm memory (its batch inputs first, then everything the
// worker's network allocates). Both sides compute the same offsets from (spec, capacity).
import type { ModelSpec } from '../../model/spec.js';
import { layerPlan, maskDraws } from '../plan.js';
import { kindOf } from '../layer-kinds/registry.js';

// Control block: Int32 slots.
export const CTL_BYTES = 1024;
export const SEQ = 0; // bumped by the main thread to post a command
export const DONE = 1; // set to the command's SEQ by the worker when it finished
export const CMD = 2;
export const ROWS = 3; // batch rows of this step
export const TRAINING = 4;
export const DRAWS = 5; // mask decisions posted for this step
export const ERR = 6; // 1 when the command threw (message on the error port)
export const CORRECT = 7;
export const TOUCHED = 8; // embedding rows touched (listed in the arena's rows area)
export const CONSUMED = 9; // mask decisions the layers read
export const FINITE = 10; // 1 when the loss was finite (gradients written)
export const ARENA_BASE = 11; // byte offsets in the wasm memory
export const ARENA_BYTES = 12;
export const CAP = 13;
export const GRAD_OFFSETS = 32; // byte offset of each parameter's gradient, in Network.params order
export const MAX_PARAMS = 160;
// Float64 slots (view over the same buffer, after the ints).
export const F64_BASE_BYTES = 832;
export const LOSS = 0;
export const SCALE = 1;

export const CMD_SETUP = 1;
export const CMD_STEP = 2;
export const CMD_QUIT = 3;
export const CMD_FORWARD = 4; // inference logits of the rows, written over the yb area

const ALIGN = 64;
const up = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

/** Mask decisions (one byte each) a training pass of `rows` reviews draws, in the single-threaded order. */
export function drawsFor(spec: ModelSpec, rows: number): number {
  return maskDraws(spec).reduce((n, d) => n + d.steps * rows * d.width, 0);
}

export interface IoLayout {
  xb: number; // Int32 [cap, T]
  yb: number; // Float32 [cap]
  rows: number; // Int32 [numWords]: touched embedding rows
  draws: number; // Uint8 [drawsFor(cap)]
  end: number; // first byte of the worker's own allocations
}

export function ioLayout(spec: ModelSpec, base: number, cap: number): IoLayout {
  const xb = base;
  const yb = xb + up(4 * cap * spec.maxLen);
  const rows = yb + up(4 * cap);
  const draws = rows + up(4 * spec.numWords);
  const end = draws + up(drawsFor(spec, cap));
  return { xb, yb, rows, draws, end };
}

/** Floats a replica network (parameters with gradients + activations for `cap` rows) allocates, generously. */
function networkFloats(spec: ModelSpec, cap: number): number {
  const T = spec.maxLen;
  const seq = T * cap;
  // Token input (layers/token-input.ts): the layer right after the embedding may read its distinct rows.
  const distinct = Math.min(spec.numWords, seq);
  return layerPlan(spec).reduce((n, l, i) => n + kindOf(l).arenaFloats(l, { T, cap, seq, distinct, tokenInput: i === 1 }), 0);
}

/** Arena bytes for a worker replica of `cap` rows (inputs + network + sgemm workspace + slack). */
export function arenaBytes(spec: ModelSpec, cap: number, workspaceBytes: number): number {
  const io = ioLayout(spec, 0, cap).end;
  const net = networkFloats(spec, cap) * 4;
  return up(io + Math.ceil(net * 1.1) + workspaceBytes + 256 * ALIGN + (1 << 20));
}
