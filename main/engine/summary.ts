// modelSummary: the Keras `model.summary()` table (names, output shapes, parameter counts) of a spec.
import type { ModelSpec } from '../model/spec.js';
import { layerPlan } from './plan.js';

export interface SummaryLayer {
  name: string;
  type: string;
  outputShape: (number | null)[];
  params: number;
}

export interface ModelSummary {
  layers: SummaryLayer[];
  totalParams: number;
}

export function modelSummary(spec: ModelSpec): ModelSummary {
  const layers = layerPlan(spec).map((l) => ({ name: l.name, type: l.type, outputShape: l.outputShape, params: l.params }));
  return { layers, totalParams: layers.reduce((s, l) => s + l.params, 0) };
}
