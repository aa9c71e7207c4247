// Hyperparameter diffing and seed grouping for the Compare screen. Pure (no DOM): unit-tested under Node.
import type { ModelSpec, TrainSpec } from '../../main/contract/index.js';

export type Value = string | number | boolean | null;

/** model.* and train.* flattened into one row of named values (keys sorted for a stable table). */
export function flattenSpecs(model: ModelSpec, train: TrainSpec): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(model)) out[`model.${k}`] = v as Value;
  for (const [k, v] of Object.entries(train)) out[`train.${k}`] = v as Value;
  return out;
}

export interface DiffRow {
  key: string;
  values: Value[];
  differs: boolean;
}

/** One row per key over all runs; `differs` when not every run has the same value. Differing rows first if asked. */
export function diffSpecs(specs: readonly { model: ModelSpec; train: TrainSpec }[], differingFirst = false): DiffRow[] {
  const flat = specs.map((s) => flattenSpecs(s.model, s.train));
  const keys = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort();
  const rows = keys.map((key) => {
    const values = flat.map((f) => (key in f ? (f[key] as Value) : null));
    const first = JSON.stringify(values[0]);
    return { key, values, differs: values.some((v) => JSON.stringify(v) !== first) };
  });
  return differingFirst ? [...rows.filter((r) => r.differs), ...rows.filter((r) => !r.differs)] : rows;
}

/** Key equal for runs that differ only in their seed (repeats of one configuration). */
export function seedGroupKey(model: ModelSpec, train: TrainSpec): string {
  const rest: Partial<TrainSpec> = { ...train };
  delete rest.seed;
  return JSON.stringify([model, rest]);
}

/** Groups items by seedGroupKey, keeping first-seen order; groups of one are kept too. */
export function groupBySeed<T extends { model: ModelSpec; train: TrainSpec }>(items: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const it of items) {
    const k = seedGroupKey(it.model, it.train);
    const g = groups.get(k);
    if (g) g.push(it);
    else groups.set(k, [it]);
  }
  return [...groups.values()];
}
