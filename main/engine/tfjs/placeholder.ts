// Keras-default initialisers whose values are never used: the caller sets every weight right after building
// (trained weights for an export, the engine's seeded initial weights for training). They serialise exactly
// as tfjs' own (class name + config) but fill zeros — pure-JS tfjs needs ~10 s for the tutorial's orthogonal
// QR and uniform 10000×128 embedding otherwise. Each layer kind's tfjs build (layer-kinds/) uses it.
import type { Tf } from './tf.js';

export type Initializer = ReturnType<Tf['initializers']['zeros']>;

export function placeholder(init: Initializer, tf: Tf): Initializer {
  init.apply = (shape: number[]) => tf.zeros(shape);
  return init;
}
