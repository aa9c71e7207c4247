// The layer registry: every layer kind of a plan and the module that supplies it (kind.ts says what). The
// record is typed by the PlannedLayer union, so a kind without a module — or a module without its union
// member — is a compile error, and no consumer needs a branch for an unknown kind.
//
// Adding a kind: its module here (planned-layer type, maker, LayerKind), its line in the union and in
// LAYER_KINDS, and where layerPlan() places it (plan.ts, from the spec setting that asks for it).
import type { LayerKind } from './kind.js';
import { embeddingKind, type EmbeddingPlanned } from './embedding.js';
import { dropoutKind, type DropoutPlanned } from './dropout.js';
import { recurrentKind, type RecurrentPlanned } from './recurrent.js';
import { bidirectionalKind, type BidirectionalPlanned } from './bidirectional.js';
import { poolingKind, type PoolingPlanned } from './pooling.js';
import { denseKind, type DensePlanned } from './dense.js';

export type PlannedLayer = EmbeddingPlanned | DropoutPlanned | RecurrentPlanned | BidirectionalPlanned | PoolingPlanned | DensePlanned;

const LAYER_KINDS: { [K in PlannedLayer['kind']]: LayerKind<Extract<PlannedLayer, { kind: K }>> } = {
  embedding: embeddingKind,
  dropout: dropoutKind,
  recurrent: recurrentKind,
  bidirectional: bidirectionalKind,
  pooling: poolingKind,
  dense: denseKind,
};

/** The module of a planned layer's kind. */
export function kindOf<L extends PlannedLayer>(l: L): LayerKind<L> {
  // The record's type pairs each kind with its own module; TypeScript cannot follow that through l.kind.
  return LAYER_KINDS[l.kind] as unknown as LayerKind<L>;
}
