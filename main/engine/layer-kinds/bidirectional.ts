// Layer kind `bidirectional`: Keras Bidirectional around a recurrent layer (forward and go_backwards copies,
// merged). See kind.ts; the per-direction rules are the recurrent kind's (recurrent.ts).
import type { MergeMode } from '../layers/bidirectional.js';
import { BidirectionalLayer } from '../layers/bidirectional.js';
import type { Initializer } from '../tfjs/placeholder.js';
import { placeholder } from '../tfjs/placeholder.js';
import type { LayerKind, Namer, PlannedBase } from './kind.js';
import { directionFloats, stateMask, tfjsRecurrent } from './recurrent.js';
import { cellBaseName, gatesOf, recurrentCost, recurrentParams, tfjsBuildsCell, type RecurrentPlan } from './recurrent-shape.js';

export interface BidirectionalPlanned extends PlannedBase<'bidirectional'> {
  type: 'Bidirectional';
  /** Each direction's layer. */
  rec: RecurrentPlan;
  /** The wrapped layer's name: the directions are <name>/forward_<innerName> and <name>/backward_<innerName>. */
  innerName: string;
  merge: MergeMode;
  recurrentDropout: number;
}

export function planBidirectional(name: Namer, T: number, rec: RecurrentPlan, merge: MergeMode, recurrentDropout: number): BidirectionalPlanned {
  const out = merge === 'concat' ? 2 * rec.units : rec.units;
  return {
    kind: 'bidirectional', name: name('bidirectional'), type: 'Bidirectional', outputShape: rec.returnSequences ? [null, T, out] : [null, out],
    params: 2 * recurrentParams(rec), rec, innerName: cellBaseName(rec.cell), merge, recurrentDropout,
  };
}

const directions = (l: BidirectionalPlanned): [string, string] => [`${l.name}/forward_${l.innerName}`, `${l.name}/backward_${l.innerName}`];

export const bidirectionalKind: LayerKind<BidirectionalPlanned> = {
  cpu: (l, b) => {
    const layer = new BidirectionalLayer(b.kernels, { name: l.name, innerName: l.innerName, plan: l.rec, merge: l.merge, recurrentDropout: l.recurrentDropout }, b.rng);
    return { stage: layer, recurrent: [layer.fwd, layer.bwd] };
  },
  // Two directions, the merged output and its split gradients, ∂input; from the token input, both
  // directions' projections of the distinct rows and their folded gradients.
  arenaFloats: (l, a) => {
    const { units: U, inputDim: D } = l.rec;
    const GU = gatesOf(l.rec.cell) * U;
    return 2 * directionFloats(l.rec, a) + a.seq * 2 * U + 2 * a.seq * U + a.seq * D + (a.tokenInput ? 4 * a.distinct * GU : 0);
  },
  // The forward direction draws its mask first (BidirectionalLayer runs it first).
  draws: (l) => (l.recurrentDropout > 0 ? [stateMask(l.rec, l.recurrentDropout), stateMask(l.rec, l.recurrentDropout)] : []),
  tfjs: (l, b) => {
    const { tf } = b;
    const bidi = tf.layers.bidirectional({ name: l.name, layer: tfjsRecurrent(b, l.innerName, l.rec, l.recurrentDropout), mergeMode: l.merge });
    // The wrapper re-creates its two layers from config, with real initialisers: make them placeholders too.
    const inner = bidi as unknown as Record<'forwardLayer' | 'backwardLayer', { cell: Record<string, Initializer> }>;
    for (const side of [inner.forwardLayer, inner.backwardLayer]) {
      for (const k of ['kernelInitializer', 'recurrentInitializer'] as const) {
        const init = side.cell[k];
        if (init) placeholder(init, tf);
      }
    }
    return bidi;
  },
  tfjsLoadable: (l) => tfjsBuildsCell(l.rec),
  gpu: (l, g, masks) => g.recurrent(l.rec, directions(l), l.merge, masks),
  gpuWidth: (l) => gatesOf(l.rec.cell) * l.rec.units,
  cost: (l) => 2 * recurrentCost(l.rec),
};
