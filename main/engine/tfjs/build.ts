// Builds the tfjs-layers Sequential model of a ModelSpec from the engine's layer plan (main/engine/plan.ts),
// each layer by its kind's module (layer-kinds/), so layer names, order and weight names are the ones our
// engine and Keras use. Weights start as zeros: callers always set them (see placeholder.ts). Keras defaults
// TF.js does not share are set explicitly (sigmoid recurrent activation, unit_forget_bias, mask_zero false).
import type { ModelSpec } from '../../model/spec.js';
import { layerPlan } from '../plan.js';
import { kindOf } from '../layer-kinds/registry.js';
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

/** Whether TF.js layers builds every layer as Keras does (it refuses GRU reset_after=true, the Keras default). */
export function isTfjsLoadable(spec: ModelSpec): boolean {
  return layerPlan(spec).every((l) => kindOf(l).tfjsLoadable(l));
}

export function buildTfjsModel(tf: Tf, spec: ModelSpec, opts: BuildOptions = {}): LayersModel {
  if (!isTfjsLoadable(spec) && !opts.resetAfterTwin) {
    throw new UserError(
      'TF.js layers cannot build a GRU with reset_after=true (the Keras default); use the TF.js-compatible GRU variant (reset_after=false)',
      'unsupported',
    );
  }
  const model = tf.sequential({ name: 'sequential' });
  const b = { tf, T: spec.maxLen, logits: opts.logits ?? false };
  for (const l of layerPlan(spec)) model.add(kindOf(l).tfjs(l, b));
  return model;
}
