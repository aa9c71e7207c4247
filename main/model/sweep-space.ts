// A sweep's search space: which run settings a sweep varies, and over what — a list of values, or a range
// (linear or log scale) for a number. Checked here against the same schemas a run is (spec.ts, through the
// settings table), so a space can never propose a value a run would refuse. Browser-safe (zod, spec.ts and
// spec-settings.ts only): the Sweep screen checks its ranges with the same code as the CLI's --space file.
import { z } from 'zod';
import { modelSpecSchema, trainSpecSchema, type Architecture } from './spec.js';
import { SETTINGS, kebabCase, type Setting, type SettingKey } from './spec-settings.js';

/** One searched setting: a list of values to pick from, or a numeric range. */
export type SpaceParam =
  | { values: (string | number | boolean | null)[] }
  | { min: number; max: number; scale: 'linear' | 'log' };
/** Setting key → what it ranges over, in the settings' order. */
export type SearchSpace = Partial<Record<SettingKey, SpaceParam>>;

/** Settings a space may not hold, and why: the sweep fixes them for every trial. */
const NOT_SEARCHED: Partial<Record<SettingKey, string>> = {
  epochs: 'epochs is not searched: --epochs is the most a trial trains (ASHA stops the weaker trials earlier)',
  seed: 'seed is not searched: every trial starts from the same seed (--seed), so trials differ only in their settings',
  validation: 'validation is not searched: every trial validates on a held-out part of the training reviews',
  validationSplit: 'validationSplit is not searched: it is the sweep\'s held-out part (--validation-split, default 0.2), the same for every trial',
  limitTrain: 'limitTrain is not searched: the data slice is the same for every trial (--limit-train)',
  limitTest: 'limitTest is not searched: the data slice is the same for every trial (--limit-test)',
  earlyStopping: 'earlyStopping is not searched: give --early-stopping to fix it, or let the asha scheduler stop weak trials',
};

/** The settings a space may search, in the settings' order. */
export const SEARCHABLE: readonly Setting[] = SETTINGS.filter((s) => NOT_SEARCHED[s.key] === undefined);

/** The most grid points a grid sweep enumerates. */
export const MAX_GRID_POINTS = 100_000;

/**
 * The space the lab ships: the tutorial's neighbourhood widened along everything the issue names — GRU,
 * BiLSTM and stacked LSTMs, pooled heads, longer inputs (41.9% of reviews are cut at 200 words), larger
 * vocabularies, dropout, masking, the optimizer and a log-scale learning rate. SGD is left out: at these
 * learning rates it barely moves in the epochs a sweep gives a trial.
 */
export const DEFAULT_SPACE: SearchSpace = {
  arch: { values: ['lstm', 'gru', 'bilstm', 'stacked-lstm'] },
  numWords: { values: [10000, 20000, 30000] },
  maxLen: { values: [200, 300, 400] },
  embeddingDim: { values: [64, 128, 256] },
  units: { values: [32, 64, 128] },
  dropout: { min: 0, max: 0.5, scale: 'linear' },
  recurrentDropout: { values: [0, 0.2] },
  maskZero: { values: [false, true] },
  head: { values: ['last', 'max-pool', 'avg-pool'] },
  optimizer: { values: ['adam', 'rmsprop'] },
  learningRate: { min: 0.0003, max: 0.003, scale: 'log' },
  batchSize: { values: [32, 64, 128] },
};

const settingByKey = new Map<string, Setting>(SETTINGS.map((s) => [s.key, s]));
const settingByFlag = new Map<string, Setting>(SETTINGS.map((s) => [s.flag, s]));

/** The zod field of a setting (its schema default unwrapped, as the settings table does). */
function fieldSchema(s: Setting): z.ZodType {
  const shape = (s.group === 'model' ? modelSpecSchema.shape : trainSpecSchema.shape) as Record<string, z.ZodType>;
  const f = shape[s.key];
  if (!f) throw new Error(`sweep-space: no schema field for ${s.key}`);
  return f instanceof z.ZodDefault ? (f.unwrap() as z.ZodType) : f;
}

/** Why a value is not allowed for a setting (the schema's own words), or null when it is. */
function refusal(s: Setting, v: unknown): string | null {
  const r = fieldSchema(s).safeParse(v);
  return r.success ? null : (r.error.issues[0]?.message ?? 'not allowed');
}

const describeValue = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

function parseParam(s: Setting, raw: unknown): SpaceParam {
  const name = s.key;
  if (Array.isArray(raw)) raw = { values: raw };
  if (typeof raw !== 'object' || raw === null) {
    throw new SpaceError(`${name}: give a list of values (e.g. "${name}": [${describeValue(s.default)}]) or a range {"min": …, "max": …}`);
  }
  const o = raw as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => !['values', 'min', 'max', 'scale'].includes(k));
  if (extra.length > 0) throw new SpaceError(`${name}: unknown field ${extra.map((k) => `"${k}"`).join(', ')} (a setting takes "values", or "min", "max" and "scale")`);
  if ('values' in o) {
    if ('min' in o || 'max' in o || 'scale' in o) throw new SpaceError(`${name}: give either "values" or a range ("min"/"max"/"scale"), not both`);
    const values = o.values;
    if (!Array.isArray(values) || values.length === 0) throw new SpaceError(`${name}: "values" must be a non-empty list`);
    const seen = new Set<string>();
    for (const v of values) {
      const why = refusal(s, v);
      if (why !== null) throw new SpaceError(`${name}: ${describeValue(v)} is not allowed (${why})`);
      const key = JSON.stringify(v);
      if (seen.has(key)) throw new SpaceError(`${name}: ${describeValue(v)} is listed twice`);
      seen.add(key);
    }
    return { values: values as (string | number | boolean | null)[] };
  }
  if (s.kind !== 'int' && s.kind !== 'number') {
    throw new SpaceError(`${name} is a ${s.kind === 'choice' ? `choice (${s.choices.join(', ')})` : 'true/false setting'}: give a list of values, not a range`);
  }
  const { min, max } = o;
  if (typeof min !== 'number' || typeof max !== 'number' || !Number.isFinite(min) || !Number.isFinite(max)) {
    throw new SpaceError(`${name}: a range needs numbers "min" and "max"`);
  }
  const scale = o.scale ?? 'linear';
  if (scale !== 'linear' && scale !== 'log') throw new SpaceError(`${name}: "scale" must be "linear" or "log", got ${describeValue(scale)}`);
  if (min > max) throw new SpaceError(`${name}: the range is empty (min ${min} > max ${max})`);
  if (s.kind === 'int' && (!Number.isInteger(min) || !Number.isInteger(max))) throw new SpaceError(`${name} is an integer: min and max must be integers`);
  if (scale === 'log' && min <= 0) throw new SpaceError(`${name}: a log-scale range needs min > 0, got ${min}`);
  for (const [end, v] of [['min', min], ['max', max]] as const) {
    const why = refusal(s, v);
    if (why !== null) throw new SpaceError(`${name}: ${end} ${v} is outside the setting's limits (${why})`);
  }
  return { min, max, scale };
}

/** A search space that cannot be used; the message names the setting and what to change. */
export class SpaceError extends Error {}

/**
 * Parses and checks a space (a JSON object of setting → list or range; keys as in the settings, camelCase,
 * or as their CLI flags). `fixed`: the settings the caller fixed (CLI flags), taken out of the space.
 * `fixedArch`: the architecture when it is fixed, for the architecture-only settings. Throws SpaceError.
 */
export function parseSpace(input: unknown, fixed: ReadonlySet<SettingKey> = new Set(), fixedArch: Architecture | null = null): SearchSpace {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SpaceError('the search space must be a JSON object mapping settings to a list of values or a range, e.g. {"units": [32, 64], "learningRate": {"min": 0.0003, "max": 0.003, "scale": "log"}}');
  }
  const byKey = new Map<SettingKey, SpaceParam>();
  for (const [rawKey, raw] of Object.entries(input)) {
    const s = settingByKey.get(rawKey) ?? settingByFlag.get(rawKey);
    if (!s) throw new SpaceError(`unknown setting "${rawKey}" in the search space (it may search ${SEARCHABLE.map((x) => x.key).join(', ')})`);
    const why = NOT_SEARCHED[s.key];
    if (why !== undefined) throw new SpaceError(why);
    if (byKey.has(s.key)) throw new SpaceError(`${s.key} appears twice in the search space (as "${s.key}" and "${kebabCase(s.key)}")`);
    byKey.set(s.key, parseParam(s, raw));
  }
  if (byKey.size === 0) throw new SpaceError('the search space is empty: give at least one setting to search');
  const searched = SEARCHABLE.filter((s) => byKey.has(s.key) && !fixed.has(s.key));
  if (searched.length === 0) {
    throw new SpaceError(`every setting in the search space is fixed by a flag (${[...byKey.keys()].map((k) => `--${kebabCase(k)}`).join(', ')}): nothing is left to search`);
  }
  const space: SearchSpace = {};
  for (const s of searched) {
    const p = byKey.get(s.key);
    if (p) space[s.key] = p;
  }
  checkArchSettings(space, fixedArch);
  return space;
}

/** The architectures a space's trials can have. */
export function spaceArchs(space: SearchSpace, fixedArch: Architecture | null): Architecture[] {
  const p = space.arch;
  if (p && 'values' in p) return p.values as Architecture[];
  return [fixedArch ?? 'lstm'];
}

/** A setting for some architectures only (layers, merge, gruResetAfter) must be reachable by one of the space's. */
function checkArchSettings(space: SearchSpace, fixedArch: Architecture | null): void {
  const archs = spaceArchs(space, fixedArch);
  for (const s of SEARCHABLE) {
    const only = s.doc.archs;
    if (!space[s.key] || !only || only.some((a) => archs.includes(a))) continue;
    throw new SpaceError(`${s.key} applies to ${only.join(', ')} only, but the trials' architectures (${archs.join(', ')}) never use it: search arch too, or drop ${s.key}`);
  }
  const p = space.layers;
  if (p && (('values' in p && p.values.every((v) => (v as number) < 2)) || ('max' in p && p.max < 2))) {
    throw new SpaceError('layers: a stacked LSTM has at least 2 layers (the other architectures always have 1): give values ≥ 2');
  }
}

/** How many distinct points a grid over the space has; a range has no grid (SpaceError naming it). */
export function gridSize(space: SearchSpace): number {
  let n = 1;
  for (const [key, p] of Object.entries(space) as [SettingKey, SpaceParam][]) {
    if (!('values' in p)) {
      throw new SpaceError(`grid search needs a list of values for ${key} (a range has no grid points): write e.g. "${key}": [${p.min}, ${p.max}], or use --scheduler random or asha`);
    }
    n *= p.values.length;
  }
  if (n > MAX_GRID_POINTS) throw new SpaceError(`the grid has ${n.toLocaleString('en-US')} points, more than ${MAX_GRID_POINTS.toLocaleString('en-US')}: list fewer values, or use --scheduler random or asha`);
  return n;
}
