// Layer kind `dense`: Keras Dense(1) with a sigmoid, the classifier (our engines keep the logit and put the
// sigmoid in the loss). See kind.ts.
import { DenseLayer } from '../layers/dense.js';
import { placeholder } from '../tfjs/placeholder.js';
import type { LayerKind, Namer, PlannedBase } from './kind.js';

export interface DensePlanned extends PlannedBase<'dense'> {
  type: 'Dense';
  inputDim: number;
}

export function planDense(name: Namer, inputDim: number): DensePlanned {
  return { kind: 'dense', name: name('dense'), type: 'Dense', outputShape: [null, 1], params: inputDim + 1, inputDim };
}

export const denseKind: LayerKind<DensePlanned> = {
  cpu: (l, b) => ({ stage: new DenseLayer(b.kernels, l.name, l.inputDim, b.rng) }),
  arenaFloats: (l, a) => 2 * (l.inputDim + 1) + a.cap + a.cap * l.inputDim, // weights and gradients, logits, ∂input
  draws: () => [],
  tfjs: (l, { tf, logits }) =>
    tf.layers.dense({
      name: l.name,
      units: 1,
      activation: logits ? 'linear' : 'sigmoid',
      kernelInitializer: placeholder(tf.initializers.glorotUniform({}), tf),
    }),
  tfjsLoadable: () => true,
  gpu: (l, g) => g.dense(l.name, l.inputDim),
  gpuWidth: () => 0, // [B, inputDim]: never the widest
  cost: () => 0, // counted with the embedding's width (embedding.ts)
};
