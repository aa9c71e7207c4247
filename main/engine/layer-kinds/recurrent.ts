// Layer kind `recurrent`: Keras SimpleRNN / LSTM / GRU, one direction. See kind.ts. The helpers below are
// shared with its two-direction wrapper (bidirectional.ts).
import { RecurrentLayer } from '../layers/recurrent.js';
import { placeholder } from '../tfjs/placeholder.js';
import type { Tf } from '../tfjs/tf.js';
import type { ArenaSizing, LayerKind, MaskDraw, Namer, PlannedBase, TfjsBuild } from './kind.js';
import { cellBaseName, cellClass, gatesOf, recurrentCost, recurrentParams, tfjsBuildsCell, type RecurrentPlan } from './recurrent-shape.js';

export interface RecurrentPlanned extends PlannedBase<'recurrent'> {
  type: 'SimpleRNN' | 'LSTM' | 'GRU';
  rec: RecurrentPlan;
  /** Keras recurrent_dropout: fraction of the previous state dropped while training. */
  recurrentDropout: number;
}

export function planRecurrent(name: Namer, T: number, rec: RecurrentPlan, recurrentDropout: number): RecurrentPlanned {
  return {
    kind: 'recurrent', name: name(cellBaseName(rec.cell)), type: cellClass(rec.cell), outputShape: rec.returnSequences ? [null, T, rec.units] : [null, rec.units],
    params: recurrentParams(rec), rec, recurrentDropout,
  };
}

/** Arena floats of one direction's RecurrentLayer: weights and gradients, gates, states, products, workspace. */
export function directionFloats(rec: RecurrentPlan, a: ArenaSizing): number {
  const { units: U, inputDim: D } = rec;
  const GU = gatesOf(rec.cell) * U;
  const { T, cap, seq } = a;
  return 2 * (D * GU + U * GU + 2 * GU) + 3 * seq * GU + 3 * (T + 2) * cap * U + 2 * seq * U + seq * D + 6 * cap * U + cap * GU + seq;
}

/** One direction's recurrent-dropout mask: a decision per row and unit, drawn once per pass. */
export function stateMask(rec: RecurrentPlan, recurrentDropout: number): MaskDraw {
  return { steps: 1, width: rec.units, keep: 1 - recurrentDropout };
}

/** An RNN layer of tfjs-layers (what Bidirectional wraps). */
type RnnLayer = ReturnType<Tf['layers']['lstm']>;

/** The tfjs-layers layer of one direction, with the Keras defaults TF.js does not share set explicitly. */
export function tfjsRecurrent({ tf }: TfjsBuild, name: string, rec: RecurrentPlan, recurrentDropout: number): RnnLayer {
  const common = {
    name,
    units: rec.units,
    activation: 'tanh' as const,
    recurrentDropout,
    returnSequences: rec.returnSequences,
    kernelInitializer: placeholder(tf.initializers.glorotUniform({}), tf),
    recurrentInitializer: placeholder(tf.initializers.orthogonal({ gain: 1 }), tf),
    biasInitializer: 'zeros' as const,
  };
  switch (rec.cell) {
    case 'lstm':
      return tf.layers.lstm({ ...common, recurrentActivation: 'sigmoid', unitForgetBias: true, implementation: 2 });
    case 'gru':
      return tf.layers.gru({ ...common, recurrentActivation: 'sigmoid', implementation: 2 });
    case 'rnn':
      return tf.layers.simpleRNN(common);
  }
}

export const recurrentKind: LayerKind<RecurrentPlanned> = {
  cpu: (l, b) => {
    const layer = new RecurrentLayer(b.kernels, { name: l.name, plan: l.rec, recurrentDropout: l.recurrentDropout }, b.rng);
    return { stage: layer, recurrent: [layer] };
  },
  // From the token input, also the distinct rows' projections and their folded gradients.
  arenaFloats: (l, a) => directionFloats(l.rec, a) + (a.tokenInput ? 2 * a.distinct * gatesOf(l.rec.cell) * l.rec.units : 0),
  draws: (l) => (l.recurrentDropout > 0 ? [stateMask(l.rec, l.recurrentDropout)] : []),
  tfjs: (l, b) => tfjsRecurrent(b, l.name, l.rec, l.recurrentDropout),
  tfjsLoadable: (l) => tfjsBuildsCell(l.rec),
  gpu: (l, g, masks) => g.recurrent(l.rec, [l.name], 'concat', masks),
  gpuWidth: (l) => gatesOf(l.rec.cell) * l.rec.units,
  cost: (l) => recurrentCost(l.rec),
};
