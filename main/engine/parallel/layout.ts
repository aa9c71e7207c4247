// Shared layout of the data-parallel replicas: the per-worker control block (a SharedArrayBuffer of its own)
// and the worker's arena in the kernels' shared wasm memory (its batch inputs first, then everything the
// worker's network allocates). Both sides compute the same offsets from (spec, capacity).
import type { ModelSpec } from '../../model/spec.js';
import { layerPlan, gatesOf } from '../plan.js';

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
  const T = spec.maxLen;
  let n = 0;
  for (const l of layerPlan(spec)) {
    if (l.kind === 'dropout') n += T * rows * l.dim;
    else if (l.kind === 'recurrent' && spec.recurrentDropout > 0) n += rows * l.rec.units;
    else if (l.kind === 'bidirectional' && spec.recurrentDropout > 0) n += 2 * rows * l.rec.units;
  }
  return n;
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
  let n = 0;
  const recurrent = (D: number, U: number, G: number): number => {
    const GU = G * U;
    return 2 * (D * GU + U * GU + 2 * GU) + 3 * seq * GU + 3 * (T + 2) * cap * U + 2 * seq * U + seq * D + 6 * cap * U + cap * GU + seq;
  };
  // Token input (layers/token-input.ts): the distinct embedding rows, and each direction's projections of
  // them and folded gradients, when the first recurrent layer follows the embedding directly.
  const distinct = Math.min(spec.numWords, seq);
  let prev = '';
  for (const l of layerPlan(spec)) {
    const tokens = prev === 'embedding';
    prev = l.kind;
    if (l.kind === 'embedding') n += 2 * l.inputDim * l.outputDim + seq * l.outputDim + distinct * l.outputDim + Math.ceil(seq / 4); // + padding mask
    else if (l.kind === 'dropout') n += 3 * seq * l.dim;
    else if (l.kind === 'recurrent') {
      const GU = gatesOf(l.rec.cell) * l.rec.units;
      n += recurrent(l.rec.inputDim, l.rec.units, gatesOf(l.rec.cell)) + (tokens ? 2 * distinct * GU : 0);
    } else if (l.kind === 'bidirectional') {
      const U = l.rec.units;
      const GU = gatesOf(l.rec.cell) * U;
      n += 2 * recurrent(l.rec.inputDim, U, gatesOf(l.rec.cell)) + seq * 2 * U + 2 * seq * U + seq * l.rec.inputDim + (tokens ? 4 * distinct * GU : 0);
    } else if (l.kind === 'pooling') n += cap * l.dim + seq * l.dim + cap * l.dim; // out, ∂in, argmax
    else if (l.kind === 'dense') n += 2 * (l.inputDim + 1) + cap + cap * l.inputDim;
    else throw new Error(`unknown layer kind ${(l as { kind: string }).kind}`);
  }
  return n;
}

/** Arena bytes for a worker replica of `cap` rows (inputs + network + sgemm workspace + slack). */
export function arenaBytes(spec: ModelSpec, cap: number, workspaceBytes: number): number {
  const io = ioLayout(spec, 0, cap).end;
  const net = networkFloats(spec, cap) * 4;
  return up(io + Math.ceil(net * 1.1) + workspaceBytes + 256 * ALIGN + (1 << 20));
}
