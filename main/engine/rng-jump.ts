// Jumping the engine's xoshiro128** stream (rng.ts) ahead by any number of draws without drawing them. Its
// state update is linear over GF(2)¹²⁸ (xors, shifts, a rotation), so n steps are a 128×128 bit matrix
// Mⁿ: the product of the precomputed powers M^(2^b) for the set bits b of n. The WebGPU engine uses it to
// draw a batch's dropout decisions on the GPU, each thread starting mid-stream, and the CPU side then
// skips the stream past them: the same decisions, bit for bit, as the CPU engine draws one by one.
import { Rng } from './rng.js';

/** Powers M^(2^b) for b < JUMP_BITS: jumps up to 2³² − 1 draws. */
export const JUMP_BITS = 32;

/** out = A·v, with A given by its 128 columns (4 words each) at `at` in `table`. */
function apply(table: Uint32Array, at: number, v: Uint32Array, out: Uint32Array): void {
  out.fill(0);
  for (let i = 0; i < 128; i++) {
    if (((v[i >>> 5]! >>> (i & 31)) & 1) === 0) continue;
    const c = at + i * 4;
    out[0] = (out[0]! ^ table[c]!) >>> 0;
    out[1] = (out[1]! ^ table[c + 1]!) >>> 0;
    out[2] = (out[2]! ^ table[c + 2]!) >>> 0;
    out[3] = (out[3]! ^ table[c + 3]!) >>> 0;
  }
}

let cached: Uint32Array | null = null;

/** The jump table: JUMP_BITS matrices of 128 columns of 4 words, column i of M^(2^b) at (b·128 + i)·4. */
export function jumpTable(): Uint32Array {
  if (cached) return cached;
  const table = new Uint32Array(JUMP_BITS * 128 * 4);
  // Column i of M: the state one draw after the unit state e_i (Rng's own update; its output is unused).
  const rng = new Rng(0);
  for (let i = 0; i < 128; i++) {
    const e = [0, 0, 0, 0];
    e[i >>> 5] = (1 << (i & 31)) >>> 0;
    rng.setState(e);
    rng.nextU32();
    table.set(rng.getState(), i * 4);
  }
  const out = new Uint32Array(4);
  for (let b = 1; b < JUMP_BITS; b++) {
    // Column i of M^(2^b) = M^(2^(b−1)) · (column i of M^(2^(b−1))).
    const prev = (b - 1) * 128 * 4;
    for (let i = 0; i < 128; i++) {
      apply(table, prev, table.subarray(prev + i * 4, prev + i * 4 + 4), out);
      table.set(out, (b * 128 + i) * 4);
    }
  }
  cached = table;
  return table;
}

/** The state `n` draws after `state` (each draw is one step), n < 2³². */
export function jumpState(state: readonly number[], n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** JUMP_BITS) throw new RangeError(`cannot jump ${n} draws (at most 2^${JUMP_BITS} − 1)`);
  const table = jumpTable();
  let v = Uint32Array.from(state);
  let out = new Uint32Array(4);
  for (let b = 0; b < JUMP_BITS; b++) {
    if (Math.floor(n / 2 ** b) % 2 === 0) continue;
    apply(table, b * 128 * 4, v, out);
    [v, out] = [out, v];
  }
  return [...v];
}
