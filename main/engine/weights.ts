// Trainable parameters and their names.
//
// Naming (getWeights order = Keras `model.weights` order; names in TF.js layers style, shapes as Keras):
//   embedding/embeddings                    [numWords, embeddingDim]
//   simple_rnn/kernel [D, U]   simple_rnn/recurrent_kernel [U, U]    simple_rnn/bias [U]
//   lstm/kernel       [D, 4U]  lstm/recurrent_kernel       [U, 4U]   lstm/bias       [4U]   gates i, f, c, o
//   gru/kernel        [D, 3U]  gru/recurrent_kernel        [U, 3U]   gru/bias [2, 3U] (reset_after=true:
//                     row 0 input bias, row 1 recurrent bias) or [3U] (reset_after=false); gates z, r, h
//   lstm_1/…  (stacked layers, Keras auto-names: lstm, lstm_1, lstm_2, …)
//   bidirectional/forward_lstm/kernel, …/recurrent_kernel, …/bias, then bidirectional/backward_lstm/… (same shapes)
//   dense/kernel [F, 1]   dense/bias [1]
// Dropout layers hold no weights. D is the layer's input width (embeddingDim, or U for stacked layers).

import type { WeightTensor } from './types.js';
import { UserError } from '../errors.js';

/** Rows of a [rows, rowSize] gradient that a batch touched (the embedding's sparse gradient). */
export interface SparseRows {
  rowSize: number;
  flags: Uint8Array;
  rows: Int32Array;
  count: number;
}

export interface Param {
  name: string;
  shape: number[];
  data: Float32Array;
  grad: Float32Array;
  /** Set for the embedding: only these rows of grad are non-zero. */
  sparse: SparseRows | null;
}

export function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function snapshot(params: Param[]): WeightTensor[] {
  return params.map((p) => ({ name: p.name, shape: [...p.shape], data: Float32Array.from(p.data) }));
}

/** Copies weights in by name (all must be present with matching shapes) — throws UserError otherwise. */
export function restore(params: Param[], weights: WeightTensor[]): void {
  const byName = new Map(weights.map((w) => [w.name, w]));
  for (const p of params) {
    const w = byName.get(p.name);
    if (!w) throw new UserError(`weights are missing ${p.name}`);
    if (w.shape.length !== p.shape.length || w.shape.some((d, i) => d !== p.shape[i]) || w.data.length !== p.data.length) {
      throw new UserError(`weight ${p.name} has shape [${w.shape.join(',')}], expected [${p.shape.join(',')}]`);
    }
    p.data.set(w.data);
  }
  if (weights.length !== params.length) {
    const known = new Set(params.map((p) => p.name));
    const extra = weights.find((w) => !known.has(w.name));
    if (extra) throw new UserError(`unknown weight ${extra.name}`);
  }
}
