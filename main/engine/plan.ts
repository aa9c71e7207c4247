// The layer list a ModelSpec stands for — one source for the engines, modelSummary and the exports. Each
// entry is made by its kind's module (layer-kinds/), which holds its Keras class, output shape and parameter
// count; this file only places the layers.
//
// Layout (Keras Sequential, auto-named like Keras 3):
//   embedding → [dropout] → recurrent (× layers; all but the last return sequences,
//   with a [dropout_k] between stacked layers when spec.dropout > 0) → [global max / average pooling over
//   time, when spec.head pools: then the last recurrent layer returns sequences too] → dense (1, sigmoid)
// Recurrent layers: rnn → simple_rnn (SimpleRNN, tanh); lstm / stacked-lstm → lstm, lstm_1, …;
// gru → gru (reset_after from spec.gruResetAfter); bilstm → bidirectional wrapping forward_lstm /
// backward_lstm, merge mode spec.merge. spec.recurrentDropout is each recurrent layer's recurrent_dropout.
import { layersFor, type ModelSpec } from '../model/spec.js';
import { kindOf, type PlannedLayer } from './layer-kinds/registry.js';
import type { MaskDraw } from './layer-kinds/kind.js';
import type { CellKind, RecurrentPlan } from './layer-kinds/recurrent-shape.js';
import { planEmbedding } from './layer-kinds/embedding.js';
import { planDropout } from './layer-kinds/dropout.js';
import { planRecurrent } from './layer-kinds/recurrent.js';
import { planBidirectional } from './layer-kinds/bidirectional.js';
import { planPooling } from './layer-kinds/pooling.js';
import { planDense } from './layer-kinds/dense.js';

export type { PlannedLayer };

export function layerPlan(spec: ModelSpec): PlannedLayer[] {
  const T = spec.maxLen;
  const layers: PlannedLayer[] = [];
  const counters = new Map<string, number>();
  const name = (base: string) => {
    const k = counters.get(base) ?? 0;
    counters.set(base, k + 1);
    return k === 0 ? base : `${base}_${k}`;
  };
  layers.push(planEmbedding(name, T, spec.numWords, spec.embeddingDim, spec.maskZero));
  let dim = spec.embeddingDim;
  const dropout = () => {
    if (spec.dropout > 0) layers.push(planDropout(name, T, spec.dropout, dim));
  };
  dropout();
  const U = spec.units;
  // A pooled head reads the last layer's whole sequence.
  const pooled = spec.head === 'max-pool' || spec.head === 'avg-pool';
  if (spec.arch === 'bilstm') {
    const rec: RecurrentPlan = { cell: 'lstm', units: U, inputDim: dim, returnSequences: pooled, resetAfter: false };
    const l = planBidirectional(name, T, rec, spec.merge, spec.recurrentDropout);
    layers.push(l);
    dim = l.outputShape.at(-1)!;
  } else {
    const cell: CellKind = spec.arch === 'rnn' ? 'rnn' : spec.arch === 'gru' ? 'gru' : 'lstm';
    const n = layersFor(spec.arch, spec.layers);
    for (let i = 0; i < n; i++) {
      if (i > 0) dropout();
      const last = i === n - 1;
      const rec: RecurrentPlan = { cell, units: U, inputDim: dim, returnSequences: !last || pooled, resetAfter: cell === 'gru' && spec.gruResetAfter };
      layers.push(planRecurrent(name, T, rec, spec.recurrentDropout));
      dim = U;
    }
  }
  if (pooled) layers.push(planPooling(name, spec.head === 'max-pool' ? 'max' : 'avg', dim));
  layers.push(planDense(name, dim));
  return layers;
}

/** The dropout decisions of one training pass, in the order the CPU engine draws them (see LayerKind.draws). */
export function maskDraws(spec: ModelSpec): MaskDraw[] {
  return layerPlan(spec).flatMap((l) => kindOf(l).draws(l, spec.maxLen));
}

/** Multiply-adds per example and timestep of a training step (the time estimate scales by its ratios). */
export function stepCost(spec: ModelSpec): number {
  return layerPlan(spec).reduce((sum, l) => sum + kindOf(l).cost(l), 0);
}
