// Layer kind `pooling`: Keras GlobalMaxPooling1D / GlobalAveragePooling1D over time (the pooled heads). See kind.ts.
import { PoolingLayer } from '../layers/pooling.js';
import type { LayerKind, Namer, PlannedBase } from './kind.js';

export interface PoolingPlanned extends PlannedBase<'pooling'> {
  type: 'GlobalMaxPooling1D' | 'GlobalAveragePooling1D';
  mode: 'max' | 'avg';
  dim: number;
}

export function planPooling(name: Namer, mode: 'max' | 'avg', dim: number): PoolingPlanned {
  const max = mode === 'max';
  return {
    kind: 'pooling', name: name(max ? 'global_max_pooling1d' : 'global_average_pooling1d'), type: max ? 'GlobalMaxPooling1D' : 'GlobalAveragePooling1D',
    outputShape: [null, dim], params: 0, mode, dim,
  };
}

export const poolingKind: LayerKind<PoolingPlanned> = {
  cpu: (l, b) => ({ stage: new PoolingLayer(b.kernels, l.mode, l.dim) }),
  arenaFloats: (l, a) => a.cap * l.dim + a.seq * l.dim + a.cap * l.dim, // out, ∂in, argmax
  draws: () => [],
  tfjs: (l, { tf }) => (l.mode === 'max' ? tf.layers.globalMaxPooling1d({ name: l.name }) : tf.layers.globalAveragePooling1d({ name: l.name })),
  tfjsLoadable: () => true,
  gpu: (l, g) => g.pool(l.mode),
  gpuWidth: () => 0, // [B, dim]: never the widest
  cost: () => 0,
};
