// Layer kind `embedding`: Keras Embedding, the network's input (token ids → vectors). See kind.ts.
import { EmbeddingLayer } from '../layers/embedding.js';
import { placeholder } from '../tfjs/placeholder.js';
import type { LayerKind, Namer, PlannedBase } from './kind.js';

export interface EmbeddingPlanned extends PlannedBase<'embedding'> {
  type: 'Embedding';
  inputDim: number;
  outputDim: number;
  maskZero: boolean;
}

export function planEmbedding(name: Namer, T: number, vocab: number, dim: number, maskZero: boolean): EmbeddingPlanned {
  return { kind: 'embedding', name: name('embedding'), type: 'Embedding', outputShape: [null, T, dim], params: vocab * dim, inputDim: vocab, outputDim: dim, maskZero };
}

export const embeddingKind: LayerKind<EmbeddingPlanned> = {
  cpu: (l, b) => ({ input: new EmbeddingLayer(b.kernels, l.name, l.inputDim, l.outputDim, b.rng) }),
  // Weights and gradient, the gathered rows, the distinct rows (token input), and the network's padding mask.
  arenaFloats: (l, a) => 2 * l.inputDim * l.outputDim + a.seq * l.outputDim + a.distinct * l.outputDim + Math.ceil(a.seq / 4),
  draws: () => [],
  tfjs: (l, { tf, T }) =>
    tf.layers.embedding({
      name: l.name,
      inputDim: l.inputDim,
      outputDim: l.outputDim,
      inputLength: T,
      maskZero: l.maskZero,
      embeddingsInitializer: placeholder(tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05 }), tf),
    }),
  tfjsLoadable: () => true,
  gpu: (l, g) => g.embedding(l.name, l.outputDim),
  gpuWidth: (l) => l.outputDim,
  // The lookup and its sparse update; it also stands for the Dense head, which scales with the same width.
  cost: (l) => l.outputDim,
};
