// Layer kind `dropout`: Keras Dropout (inverted; a fresh mask per element and batch). See kind.ts.
import { DropoutLayer } from '../layers/dropout.js';
import type { LayerKind, Namer, PlannedBase } from './kind.js';

export interface DropoutPlanned extends PlannedBase<'dropout'> {
  type: 'Dropout';
  rate: number;
  dim: number;
}

export function planDropout(name: Namer, T: number, rate: number, dim: number): DropoutPlanned {
  return { kind: 'dropout', name: name('dropout'), type: 'Dropout', outputShape: [null, T, dim], params: 0, rate, dim };
}

export const dropoutKind: LayerKind<DropoutPlanned> = {
  cpu: (l, b) => ({ stage: new DropoutLayer(b.kernels, l.rate) }),
  arenaFloats: (l, a) => 3 * a.seq * l.dim, // mask, output, ∂input
  // DropoutLayer draws one decision per element of its time-major [T, B, dim] input.
  draws: (l, T) => [{ steps: T, width: l.dim, keep: 1 - l.rate }],
  tfjs: (l, { tf }) => tf.layers.dropout({ name: l.name, rate: l.rate }),
  tfjsLoadable: () => true,
  gpu: (l, g, masks) => g.dropout(l.rate, masks[0]!),
  gpuWidth: (l) => l.dim,
  cost: () => 0,
};
