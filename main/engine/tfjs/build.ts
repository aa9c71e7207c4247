// Builds the tfjs-layers Sequential model of a ModelSpec from the engine's layer plan (main/engine/plan.ts),
// so layer names, order and weight names are the ones our engine and Keras use. Weights start as zeros:
// callers always set them (see placeholder()). Keras defaults TF.js does
// not share are set explicitly (sigmoid recurrent activation, unit_forget_bias, mask_zero false).
import type { ModelSpec } from '../../model/spec.js';
import { layerPlan, type RecurrentPlan } from '../plan.js';
import { UserError } from '../../errors.js';
import type { Tf, LayersModel } from './tf.js';

export interface BuildOptions {
  /** End in a linear Dense (logits) instead of sigmoid: the adapter trains on logits for a stable loss. */
  logits?: boolean;
  /**
   * Build a GRU with reset_after=true as its reset_after=false twin (same layers, (3u) bias) instead of
   * refusing: used only to generate the Keras topology of a reset_after=true export.
   */
  resetAfterTwin?: boolean;
}

/** TF.js layers refuses GRU reset_after=true: such a spec can be exported for Keras but not built here. */
export function isTfjsLoadable(spec: ModelSpec): boolean {
  return !(spec.arch === 'gru' && spec.gruResetAfter);
}

type Layer = ReturnType<Tf['layers']['lstm']>;
type Initializer = ReturnType<Tf['initializers']['zeros']>;

/**
 * Keras-default initialisers whose values are never used: the caller sets every weight right after building
 * (trained weights for an export, the engine's seeded initial weights for training). They serialise exactly
 * as tfjs' own (class name + config) but fill zeros — pure-JS tfjs needs ~10 s for the tutorial's orthogonal
 * QR and uniform 10000×128 embedding otherwise.
 */
function placeholder(init: Initializer, tf: Tf): Initializer {
  init.apply = (shape: number[]) => tf.zeros(shape);
  return init;
}

function recurrentLayer(tf: Tf, name: string, rec: RecurrentPlan, spec: ModelSpec): Layer {
  const common = {
    name,
    units: rec.units,
    activation: 'tanh' as const,
    recurrentDropout: spec.recurrentDropout,
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

export function buildTfjsModel(tf: Tf, spec: ModelSpec, opts: BuildOptions = {}): LayersModel {
  if (!isTfjsLoadable(spec) && !opts.resetAfterTwin) {
    throw new UserError(
      'TF.js layers cannot build a GRU with reset_after=true (the Keras default); use the TF.js-compatible GRU variant (reset_after=false)',
      'unsupported',
    );
  }
  const model = tf.sequential({ name: 'sequential' });
  for (const l of layerPlan(spec)) {
    switch (l.kind) {
      case 'embedding':
        model.add(
          tf.layers.embedding({
            name: l.name,
            inputDim: l.inputDim,
            outputDim: l.outputDim,
            inputLength: spec.maxLen,
            maskZero: l.maskZero,
            embeddingsInitializer: placeholder(tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05 }), tf),
          }),
        );
        break;
      case 'dropout':
        model.add(tf.layers.dropout({ name: l.name, rate: l.rate }));
        break;
      case 'recurrent':
        model.add(recurrentLayer(tf, l.name, l.rec, spec));
        break;
      case 'bidirectional': {
        const bidi = tf.layers.bidirectional({ name: l.name, layer: recurrentLayer(tf, l.innerName, l.rec, spec), mergeMode: l.merge });
        // The wrapper re-creates its two layers from config, with real initialisers: make them placeholders too.
        const inner = bidi as unknown as Record<'forwardLayer' | 'backwardLayer', { cell: Record<string, Initializer> }>;
        for (const side of [inner.forwardLayer, inner.backwardLayer]) {
          for (const k of ['kernelInitializer', 'recurrentInitializer'] as const) {
            const init = side.cell[k];
            if (init) placeholder(init, tf);
          }
        }
        model.add(bidi);
        break;
      }
      case 'pooling':
        model.add(l.mode === 'max' ? tf.layers.globalMaxPooling1d({ name: l.name }) : tf.layers.globalAveragePooling1d({ name: l.name }));
        break;
      case 'dense':
        model.add(
          tf.layers.dense({
            name: l.name,
            units: 1,
            activation: opts.logits ? 'linear' : 'sigmoid',
            kernelInitializer: placeholder(tf.initializers.glorotUniform({}), tf),
          }),
        );
        break;
    }
  }
  return model;
}
