// The samplers: which configuration trial i trains. Random search draws trial i from its own seeded stream
// (Rng(seed, i)), so trial i's configuration depends only on the sweep's seed and i — a resumed sweep draws
// exactly the configurations it would have drawn. Grid search enumerates every combination in an order
// shuffled by the seed, so a trial budget smaller than the grid still spreads over the whole grid.
import { Rng } from '../engine/rng.js';
import { DEFAULT_LR, layersFor, type Architecture, type ModelSpec, type OptimizerName, type TrainSpec } from '../model/spec.js';
import { SETTINGS, appliesTo, type Setting, type SettingKey, type SettingValue } from '../model/spec-settings.js';
import { MAX_GRID_POINTS, type SearchSpace, type SpaceParam } from '../model/sweep-space.js';

/** A trial's searched settings: setting key → value (only those that mean something for its architecture). */
export type TrialConfig = Partial<Record<SettingKey, SettingValue>>;

/** Sampling an integer-valued setting rounds; a number keeps 4 significant digits, so configs read well. */
function tidy(s: Setting, x: number): number {
  return s.kind === 'int' ? Math.round(x) : Number(x.toPrecision(4));
}

function draw(s: Setting, p: SpaceParam, rng: Rng): SettingValue {
  if ('values' in p) return p.values[rng.int(p.values.length)] ?? null;
  const u = rng.uniform();
  if (s.kind === 'int' && p.scale === 'linear') return p.min + Math.floor(u * (p.max - p.min + 1));
  const x = p.scale === 'log' ? Math.exp(Math.log(p.min) + u * (Math.log(p.max) - Math.log(p.min))) : p.min + u * (p.max - p.min);
  return Math.min(p.max, Math.max(p.min, tidy(s, x)));
}

/** The searched settings in the settings' order (a fixed order makes a seed mean the same draws everywhere). */
function searched(space: SearchSpace): [Setting, SpaceParam][] {
  return SETTINGS.flatMap((s) => {
    const p = space[s.key];
    return p ? [[s, p] as [Setting, SpaceParam]] : [];
  });
}

/**
 * A config as it trains: settings that do not apply to its architecture (merge for an LSTM) dropped, and a
 * stacked LSTM's layers brought to at least 2 — so two draws that train the same model compare equal.
 */
export function effectiveConfig(config: TrialConfig, fixedArch: Architecture): TrialConfig {
  const arch = (config.arch as Architecture | undefined) ?? fixedArch;
  const out: TrialConfig = {};
  for (const s of SETTINGS) {
    const v = config[s.key];
    if (v === undefined || !appliesTo(s, arch)) continue;
    out[s.key] = s.key === 'layers' ? layersFor(arch, v as number) : v;
  }
  return out;
}

/** Trial `index` of a random search: its own stream of the sweep's seed. */
export function randomConfig(space: SearchSpace, seed: number, index: number, fixedArch: Architecture): TrialConfig {
  const rng = new Rng(seed, index);
  const config: TrialConfig = {};
  for (const [s, p] of searched(space)) config[s.key] = draw(s, p, rng);
  return effectiveConfig(config, fixedArch);
}

/** Redraws a random trial may take to avoid a configuration already trained, and how far apart their streams lie. */
const REDRAWS = 100;
const REDRAW_STRIDE = 1 << 20; // beyond any trial index (MAX_TRIALS), so a redraw never reuses a later trial's stream

/**
 * Trial `index` of a random search that differs from the `earlier` trials' configurations (same seed and
 * settings: a repeat would only train the same model again): its own stream first, then up to REDRAWS
 * further streams. Deterministic in (seed, index, earlier), and the earlier configs are the sampler's own, so a
 * resumed sweep still draws what it would have. A space too small to find a new one gives the first draw.
 */
export function distinctRandomConfig(space: SearchSpace, seed: number, index: number, fixedArch: Architecture, earlier: readonly TrialConfig[]): TrialConfig {
  const seen = new Set(earlier.map((c) => JSON.stringify(c)));
  for (let k = 0; k < REDRAWS; k++) {
    const c = randomConfig(space, seed, index + k * REDRAW_STRIDE, fixedArch);
    if (!seen.has(JSON.stringify(c))) return c;
  }
  return randomConfig(space, seed, index, fixedArch);
}

/** How many distinct models a space holds: finite when every searched setting is a list, else Infinity. */
export function distinctConfigs(space: SearchSpace, fixedArch: Architecture): number {
  let product = 1;
  for (const p of Object.values(space)) {
    if (!('values' in p)) return Infinity;
    product *= p.values.length;
  }
  // Beyond what a sweep may train (MAX_TRIALS), the exact count does not matter: do not enumerate it.
  return product > MAX_GRID_POINTS ? Infinity : gridConfigs(space, 0, fixedArch).length;
}

/**
 * Every distinct point of a grid (the space must hold value lists only: gridSize() checks), shuffled by the
 * seed. Points that train the same model (a merge mode for an LSTM) appear once.
 */
export function gridConfigs(space: SearchSpace, seed: number, fixedArch: Architecture): TrialConfig[] {
  let points: TrialConfig[] = [{}];
  for (const [s, p] of searched(space)) {
    if (!('values' in p)) throw new Error(`gridConfigs: ${s.key} is a range`);
    points = points.flatMap((pt) => p.values.map((v) => ({ ...pt, [s.key]: v })));
  }
  const seen = new Set<string>();
  const distinct: TrialConfig[] = [];
  for (const pt of points) {
    const e = effectiveConfig(pt, fixedArch);
    const key = JSON.stringify(e);
    if (seen.has(key)) continue;
    seen.add(key);
    distinct.push(e);
  }
  // Fisher-Yates on the seed's own stream (the random sampler uses streams 0, 1, 2…; this one is far off).
  const rng = new Rng(seed, 0x7fffffff);
  for (let i = distinct.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [distinct[i], distinct[j]] = [distinct[j] as TrialConfig, distinct[i] as TrialConfig];
  }
  return distinct;
}

/**
 * The run settings of a trial: the sweep's base (tutorial defaults + the fixed flags) with the config laid
 * over it. A searched optimizer without a searched or fixed learning rate takes its Keras default rate, as
 * `train --optimizer` does. Validated later, when the run is queued.
 */
export function trialSettings(base: { model: ModelSpec; train: TrainSpec }, config: TrialConfig, lrFixed: boolean): { model: ModelSpec; train: TrainSpec } {
  const model: Record<string, unknown> = { ...base.model };
  const train: Record<string, unknown> = { ...base.train };
  for (const s of SETTINGS) {
    const v = config[s.key];
    if (v === undefined) continue;
    (s.group === 'model' ? model : train)[s.key] = v;
  }
  if (config.optimizer !== undefined && config.learningRate === undefined && !lrFixed) {
    train.learningRate = DEFAULT_LR[config.optimizer as OptimizerName];
  }
  const arch = model.arch as Architecture;
  model.layers = layersFor(arch, model.layers as number);
  return { model: model as ModelSpec, train: train as TrainSpec };
}
