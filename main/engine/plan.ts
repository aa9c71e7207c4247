// The layer list a ModelSpec stands for — one source for the engine, modelSummary and the TF.js export.
//
// Layout (Keras Sequential, auto-named like Keras 3):
//   embedding → [dropout] → recurrent (× layers; all but the last return sequences,
//   with a [dropout_k] between stacked layers when spec.dropout > 0) → [global max / average pooling over
//   time, when spec.head pools: then the last recurrent layer returns sequences too] → dense (1, sigmoid)
// Recurrent layers: rnn → simple_rnn (SimpleRNN, tanh); lstm / stacked-lstm → lstm, lstm_1, …;
// gru → gru (reset_after from spec.gruResetAfter); bilstm → bidirectional wrapping forward_lstm /
// backward_lstm, merge mode spec.merge. spec.recurrentDropout is each recurrent layer's recurrent_dropout.
import { layersFor, type ModelSpec } from '../model/spec.js';

export type CellKind = 'rnn' | 'lstm' | 'gru';

export interface RecurrentPlan {
  cell: CellKind;
  units: number;
  inputDim: number;
  returnSequences: boolean;
  resetAfter: boolean; // GRU only
}

export type PlannedLayer =
  | { kind: 'embedding'; name: string; type: 'Embedding'; outputShape: (number | null)[]; params: number; inputDim: number; outputDim: number; maskZero: boolean }
  | { kind: 'dropout'; name: string; type: 'Dropout'; outputShape: (number | null)[]; params: number; rate: number; dim: number }
  | { kind: 'recurrent'; name: string; type: 'SimpleRNN' | 'LSTM' | 'GRU'; outputShape: (number | null)[]; params: number; rec: RecurrentPlan }
  | { kind: 'bidirectional'; name: string; type: 'Bidirectional'; outputShape: (number | null)[]; params: number; rec: RecurrentPlan; innerName: string; merge: ModelSpec['merge'] }
  | { kind: 'pooling'; name: string; type: 'GlobalMaxPooling1D' | 'GlobalAveragePooling1D'; outputShape: (number | null)[]; params: number; mode: 'max' | 'avg'; dim: number }
  | { kind: 'dense'; name: string; type: 'Dense'; outputShape: (number | null)[]; params: number; inputDim: number };

/** Gate blocks per cell: SimpleRNN 1, GRU 3 (z, r, h), LSTM 4 (i, f, c, o). */
export function gatesOf(cell: CellKind): number {
  return cell === 'rnn' ? 1 : cell === 'gru' ? 3 : 4;
}

/** Keras parameter count of one recurrent layer (GRU reset_after keeps two bias vectors). */
export function recurrentParams(r: RecurrentPlan): number {
  const g = gatesOf(r.cell);
  const biases = r.cell === 'gru' && r.resetAfter ? 2 : 1;
  return g * (r.inputDim * r.units + r.units * r.units + biases * r.units);
}

export function layerPlan(spec: ModelSpec): PlannedLayer[] {
  const T = spec.maxLen;
  const layers: PlannedLayer[] = [];
  const counters = new Map<string, number>();
  const autoName = (base: string) => {
    const k = counters.get(base) ?? 0;
    counters.set(base, k + 1);
    return k === 0 ? base : `${base}_${k}`;
  };
  layers.push({
    kind: 'embedding', name: autoName('embedding'), type: 'Embedding', outputShape: [null, T, spec.embeddingDim],
    params: spec.numWords * spec.embeddingDim, inputDim: spec.numWords, outputDim: spec.embeddingDim, maskZero: spec.maskZero,
  });
  let dim = spec.embeddingDim;
  const dropout = () => {
    if (spec.dropout > 0) {
      layers.push({ kind: 'dropout', name: autoName('dropout'), type: 'Dropout', outputShape: [null, T, dim], params: 0, rate: spec.dropout, dim });
    }
  };
  dropout();
  const U = spec.units;
  // A pooled head reads the last layer's whole sequence.
  const pooled = spec.head === 'max-pool' || spec.head === 'avg-pool';
  if (spec.arch === 'bilstm') {
    const rec: RecurrentPlan = { cell: 'lstm', units: U, inputDim: dim, returnSequences: pooled, resetAfter: false };
    const out = spec.merge === 'concat' ? 2 * U : U;
    layers.push({
      kind: 'bidirectional', name: autoName('bidirectional'), type: 'Bidirectional', outputShape: pooled ? [null, T, out] : [null, out],
      params: 2 * recurrentParams(rec), rec, innerName: 'lstm', merge: spec.merge,
    });
    dim = out;
  } else {
    const cell: CellKind = spec.arch === 'rnn' ? 'rnn' : spec.arch === 'gru' ? 'gru' : 'lstm';
    const n = layersFor(spec.arch, spec.layers);
    for (let i = 0; i < n; i++) {
      if (i > 0) dropout();
      const last = i === n - 1;
      const rec: RecurrentPlan = { cell, units: U, inputDim: dim, returnSequences: !last || pooled, resetAfter: cell === 'gru' && spec.gruResetAfter };
      const type = cell === 'rnn' ? 'SimpleRNN' : cell === 'gru' ? 'GRU' : 'LSTM';
      const base = cell === 'rnn' ? 'simple_rnn' : cell;
      layers.push({
        kind: 'recurrent', name: autoName(base), type, outputShape: rec.returnSequences ? [null, T, U] : [null, U],
        params: recurrentParams(rec), rec,
      });
      dim = U;
    }
  }
  if (pooled) {
    const max = spec.head === 'max-pool';
    layers.push({
      kind: 'pooling', name: autoName(max ? 'global_max_pooling1d' : 'global_average_pooling1d'), type: max ? 'GlobalMaxPooling1D' : 'GlobalAveragePooling1D',
      outputShape: [null, dim], params: 0, mode: max ? 'max' : 'avg', dim,
    });
  }
  layers.push({ kind: 'dense', name: autoName('dense'), type: 'Dense', outputShape: [null, 1], params: dim + 1, inputDim: dim });
  return layers;
}
