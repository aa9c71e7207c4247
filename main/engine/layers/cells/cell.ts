// What a recurrent cell is to its layer (layers/recurrent.ts): one timestep's forward and backward math over
// the layer's sequence buffers, in JS or in the SIMD cell kernels (kernels/wasm/cells.as, same formulas).
// The layer owns the time loop (direction, masking, recurrent dropout) and the whole-sequence GEMMs; each
// cell module owns its gate math and the buffers only it needs (LSTM's cell states, GRU's r·h products…).
import type { CellKernels, Kernels } from '../../kernels/api.js';
import type { Param } from '../../weights.js';

/**
 * Flush-to-zero for backward values: gradients through hundreds of timesteps decay geometrically into the
 * float32 subnormal range, where WebAssembly (and x86) arithmetic is up to 100× slower. Anything below 1e-30
 * is far beneath float32 resolution of any real gradient, so it is dropped.
 */
const TINY = 1e-30;
export function ftz(v: number): number {
  return v > TINY || v < -TINY ? v : 0;
}

/**
 * The layer's buffers every cell works on, sized and filled by RecurrentLayer (fields are replaced when
 * its capacity grows). Time-major: position t of batch row b is row t·B + b. State slot t+1 holds h at
 * position t; slots 0 and T+1 stay zero (see recurrent.ts).
 */
export interface SequenceBuffers {
  readonly k: Kernels;
  readonly U: number;
  /** Gates × units: the width of one row of `gates`. */
  readonly GU: number;
  /** recurrent_dropout > 0: `recurrentIn` is a buffer of its own. */
  readonly dropping: boolean;
  B: number;
  T: number;
  /** [T, B, GU] gate pre-activations (input projection + recurrent product), activated in place. */
  gates: Float32Array;
  /** [T+2, B, U] hidden-state slots. */
  states: Float32Array;
  /** [T+2, B, U] the states as the recurrent kernel reads them: dropped out (recurrent dropout), else `states` itself. */
  recurrentIn: Float32Array;
  /** [T, B, GU] ∂L/∂(gate pre-activations), input side (and recurrent side, except GRU reset_after). */
  dGates: Float32Array;
  /** [B, U] ∂L/∂h of the current step, carried back through time. */
  dh: Float32Array;
  /** [B, U] one step's ∂L/∂(recurrentIn slot), before the dropout mask is applied to it. */
  dRecurrentIn: Float32Array;
  /** [B, U] recurrent-dropout mask (1/keep or 0), drawn once per training pass. */
  dropMask: Float32Array;
  /** [T·B] ones: bias gradients as GEMMs (1ᵀ·dZ). */
  ones: Float32Array;
  /** This pass applies `dropMask` (training with recurrent dropout). */
  useDropMask: boolean;
  /** Per-timestep views (rebuilt when B changes) so the time loop allocates nothing: gates[t], dGates[t], recurrentIn slot s. */
  gatesAt: Float32Array[];
  dGatesAt: Float32Array[];
  recurrentInAt: Float32Array[];
}

/** The layer's weights a cell reads (their `data` may be re-pointed: data-parallel replicas, see rebind). */
export interface CellWeights {
  readonly recurrent: Param;
  readonly bias: Param;
}

/**
 * One cell type's single-step math. Steps are called in time-loop order with the input position t and
 * the state slot `prev` of the previous state (t or t+2 by direction; the step writes slot t+1).
 */
export interface Cell {
  /** Allocates the cell's own buffers for `cap` sequences of T steps (when the layer's grow). */
  ensure(cap: number, T: number): void;
  /** Rebuilds the cell's own per-timestep views for batch B (cells that keep some). */
  setBatch?(B: number): void;
  /** After the weights' `data` arrays were re-pointed (cells that keep views of them). */
  rebind?(): void;
  /** Starts a forward pass: clears carried state, resolves SIMD addresses (or falls back to JS). */
  beginForward(mask: Uint8Array | null): void;
  /** Recurrent product of `hd` (slot prev of recurrentIn) plus the gate math: writes state slot t+1. */
  forward(t: number, prev: number, hd: Float32Array): void;
  /** Starts a backward pass (after the layer seeded `dh`). */
  beginBackward(mask: Uint8Array | null): void;
  /** Gate gradients of step t into dGates, and ∂L/∂h of slot prev (through the recurrent kernel) into dh. */
  backward(t: number, prev: number): void;
  /** Whole-sequence ∂L/∂R (and recurrent bias) from `prevStates` [T·B, U], the recurrentIn slots each step read. */
  recurrentGrads(prevStates: Float32Array, rows: number): void;
}

/** Byte addresses of the shared buffers in the SIMD cell kernels' memory (names as in CellKernels). */
export interface Addresses {
  k: CellKernels;
  z: number;
  bias: number;
  h: number;
  dz: number;
  dh: number;
  /** The padding mask [T, B] (mask_zero), or 0. */
  mask: number;
  /** Address of timestep t's B mask bytes, or 0 without a mask. */
  maskAt(t: number): number;
}

/**
 * Addresses of the shared buffers plus the cell's own (`own`), or null when there are no SIMD cell kernels
 * or any buffer (the padding mask included) lies outside their memory: then the cell's JS loops run.
 */
export function cellAddresses<O extends Record<string, Float32Array>>(
  seq: SequenceBuffers, bias: Float32Array, mask: Uint8Array | null, own: O,
): (Addresses & { [K in keyof O]: number }) | null {
  const c = seq.k.cells;
  if (!c) return null;
  const m = mask ? c.address(mask) : 0;
  const B = seq.B;
  const a: Record<string, unknown> = {
    k: c, z: c.address(seq.gates), bias: c.address(bias), h: c.address(seq.states), dz: c.address(seq.dGates),
    dh: c.address(seq.dh), mask: m, maskAt: (t: number) => (m === 0 ? 0 : m + t * B),
  };
  for (const [name, buf] of Object.entries(own)) a[name] = c.address(buf);
  return Object.values(a).some((v) => typeof v === 'number' && v < 0) ? null : (a as Addresses & { [K in keyof O]: number });
}

/**
 * For the JS backward loops: whether row b is padding at step t; if so its gate gradients (row zb of
 * dGates) are zeroed, and its dh (and dc) carry over unchanged.
 */
export function padded(seq: SequenceBuffers, mask: Uint8Array | null, t: number, b: number, zb: number): boolean {
  if (mask === null || mask[t * seq.B + b] === 1) return false;
  seq.dGates.fill(0, zb, zb + seq.GU);
  return true;
}

/** dh += src ⊙ recurrent-dropout mask (or unmasked when not dropping): src is ∂L/∂(recurrentIn slot). */
export function addDropped(seq: SequenceBuffers, src: Float32Array): void {
  const DH = seq.dh;
  const BU = seq.B * seq.U;
  if (seq.useDropMask) {
    const m = seq.dropMask;
    for (let i = 0; i < BU; i++) DH[i]! += src[i]! * m[i]!;
  } else {
    for (let i = 0; i < BU; i++) DH[i]! += src[i]!;
  }
}

/** dh += dZ_t·Rᵀ, the path into the previous state through the recurrent kernel (and the dropout mask). */
export function addRecurrentPath(seq: SequenceBuffers, dzt: Float32Array, R: Float32Array): void {
  const { k, B, U, GU } = seq;
  if (seq.dropping) {
    k.sgemm(false, true, B, U, GU, dzt, GU, R, GU, seq.dRecurrentIn, U, 0);
    addDropped(seq, seq.dRecurrentIn);
  } else {
    k.sgemm(false, true, B, U, GU, dzt, GU, R, GU, seq.dh, U, 1);
  }
}
