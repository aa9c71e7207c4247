// Moves weights between a tfjs LayersModel and our WeightTensor[] (Keras model.weights order and names).
import type { WeightTensor } from '../types.js';
import { UserError } from '../../errors.js';
import type { Tf, LayersModel } from './tf.js';

/** The model's weights in Keras order, named as Keras names them (e.g. "bidirectional/forward_lstm/kernel"). */
export function readTfjsWeights(model: LayersModel): WeightTensor[] {
  return model.weights.map((w) => {
    const t = w.read();
    return { name: w.originalName, shape: [...t.shape], data: new Float32Array(t.dataSync()) };
  });
}

/** Assigns weights by position; every shape must match (names may differ in prefix, not in role). */
export function writeTfjsWeights(tf: Tf, model: LayersModel, weights: WeightTensor[]): void {
  const targets = model.weights;
  if (weights.length !== targets.length) {
    throw new UserError(`expected ${targets.length} weight arrays for this model, got ${weights.length}`);
  }
  const values = weights.map((w, i) => {
    const target = targets[i];
    const want = target?.shape ?? [];
    if (want.length !== w.shape.length || want.some((d, j) => d !== w.shape[j])) {
      throw new UserError(`weight ${i} (${w.name}) has shape [${w.shape.join(',')}], the model needs [${want.join(',')}] for ${target?.originalName ?? '?'}`);
    }
    const size = w.shape.reduce((a, b) => a * b, 1);
    if (w.data.length !== size) throw new UserError(`weight ${w.name} holds ${w.data.length} values, its shape needs ${size}`);
    return tf.tensor(w.data, w.shape, 'float32');
  });
  model.setWeights(values);
  tf.dispose(values);
}
