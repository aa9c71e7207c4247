// The Sweep screen's form as plain data: one row per setting a sweep may search — fixed at one value,
// searched over a list, or (numbers) over a range, linear or log — plus the budgets, the scheduler and the data
// slice. Parsed into startSweep's params, the space checked by the same parseSpace the core and the CLI's
// --space file use, so a mistake is named before anything is sent. Pure (no DOM): unit-tested.
import {
  DEFAULT_SPACE, SEARCHABLE, SCHEDULERS, SpaceError, TUTORIAL_MODEL, TUTORIAL_TRAIN, parseBoolean, parseSpace,
  type CallParams, type Scheduler, type Setting, type SettingKey, type SpaceParam,
} from '../../main/contract/index.js';

export type ParamMode = 'fixed' | 'list' | 'range';

export interface ParamRow {
  key: SettingKey;
  setting: Setting;
  mode: ParamMode;
  /** The value when fixed (the tutorial's to start with). */
  value: string;
  /** The values when searched over a list, separated by commas. */
  list: string;
  min: string;
  max: string;
  log: boolean;
}

export interface SweepForm {
  name: string;
  scheduler: Scheduler;
  trials: string;
  minutes: string;
  /** Trials queued at once (the run queue trains as many together as the cores allow). */
  parallel: string;
  /** Most epochs a trial trains (ASHA's rungs lie below it). */
  epochs: string;
  eta: string;
  seed: string;
  limitTrain: string;
  limitTest: string;
  validationSplit: string;
  rows: ParamRow[];
}

const show = (v: unknown): string => (v === null ? 'none' : String(v));

function row(s: Setting, p: SpaceParam | undefined): ParamRow {
  const base = { key: s.key, setting: s, value: show(s.default), list: show(s.default), min: '', max: '', log: false };
  if (!p) return { ...base, mode: 'fixed' };
  if (Array.isArray(p)) return { ...base, mode: 'list', list: p.map(show).join(', ') };
  if ('values' in p) return { ...base, mode: 'list', list: p.values.map(show).join(', ') };
  return { ...base, mode: 'range', min: String(p.min), max: String(p.max), log: p.scale === 'log' };
}

/** The default space on the tutorial's settings, ASHA, 20 trials, 5 epochs, on 5,000 training reviews. */
export function defaultSweepForm(): SweepForm {
  return {
    name: '',
    scheduler: 'asha',
    trials: '20',
    minutes: '',
    parallel: '1',
    epochs: '5',
    eta: '3',
    seed: '1',
    limitTrain: '5000',
    limitTest: '5000',
    validationSplit: '0.2',
    rows: SEARCHABLE.map((s) => row(s, DEFAULT_SPACE[s.key])),
  };
}

/** A typed value for a setting, or the reason it is not one. */
export function parseValue(s: Setting, text: string): { ok: true; value: string | number | boolean | null } | { ok: false; error: string } {
  const t = text.trim();
  if (s.nullable && t.toLowerCase() === 'none') return { ok: true, value: null };
  if (s.kind === 'choice') return s.choices.includes(t) ? { ok: true, value: t } : { ok: false, error: `${s.key}: "${t}" is not one of ${s.choices.join(', ')}` };
  if (s.kind === 'boolean') {
    const b = parseBoolean(t);
    return b === undefined ? { ok: false, error: `${s.key}: "${t}" is not true or false` } : { ok: true, value: b };
  }
  const n = Number(t);
  if (t === '' || !Number.isFinite(n)) return { ok: false, error: `${s.key}: "${t}" is not a number` };
  if (s.kind === 'int' && !Number.isInteger(n)) return { ok: false, error: `${s.key}: ${t} is not a whole number` };
  return { ok: true, value: n };
}

/** An optional whole number (empty = none) in [min, max]; undefined when it is not one. */
function optionalInt(text: string, min: number, max: number): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

type Result = { ok: true; params: CallParams<'startSweep'> } | { ok: false; error: string };

export function sweepParams(f: SweepForm): Result {
  const fail = (error: string): Result => ({ ok: false, error });
  const model: Record<string, unknown> = { ...TUTORIAL_MODEL };
  const train: Record<string, unknown> = { ...TUTORIAL_TRAIN, validation: true };
  const space: Record<string, unknown> = {};
  const fixed: string[] = [];
  for (const r of f.rows) {
    const s = r.setting;
    if (r.mode === 'fixed') {
      const v = parseValue(s, r.value);
      if (!v.ok) return fail(v.error);
      (s.group === 'model' ? model : train)[s.key] = v.value;
      fixed.push(s.key);
    } else if (r.mode === 'list') {
      const values = [];
      for (const part of r.list.split(',').filter((x) => x.trim() !== '')) {
        const v = parseValue(s, part);
        if (!v.ok) return fail(v.error);
        values.push(v.value);
      }
      space[s.key] = { values };
    } else {
      const min = Number(r.min.trim());
      const max = Number(r.max.trim());
      if (r.min.trim() === '' || r.max.trim() === '' || !Number.isFinite(min) || !Number.isFinite(max)) return fail(`${s.key}: a range needs a number for min and for max`);
      space[s.key] = { min, max, scale: r.log ? 'log' : 'linear' };
    }
  }
  try {
    parseSpace(space, new Set(), fixed.includes('arch') ? (model.arch as typeof TUTORIAL_MODEL.arch) : null);
  } catch (e) {
    if (e instanceof SpaceError) return fail(e.message);
    throw e;
  }
  if (!(SCHEDULERS as readonly string[]).includes(f.scheduler)) return fail(`unknown scheduler "${f.scheduler}"`);
  const trials = optionalInt(f.trials, 1, 10_000);
  if (trials === undefined) return fail('trials: a whole number of at least 1 (or empty for none)');
  const minutesText = f.minutes.trim();
  const minutes = minutesText === '' ? null : Number(minutesText);
  if (minutes !== null && !(Number.isFinite(minutes) && minutes > 0)) return fail('time budget: minutes more than 0 (or empty for none)');
  if (f.scheduler !== 'grid' && trials === null && minutes === null) return fail(`a ${f.scheduler} search needs a trial budget, a time budget, or both`);
  const parallel = optionalInt(f.parallel, 1, 64);
  if (parallel === undefined || parallel === null) return fail('trials at once: a whole number in 1..64');
  const epochs = optionalInt(f.epochs, 1, 1000);
  if (epochs === undefined || epochs === null) return fail('epochs: a whole number in 1..1000');
  const eta = optionalInt(f.eta, 2, 100);
  if (eta === undefined || eta === null) return fail('η: a whole number in 2..100');
  const seed = optionalInt(f.seed, 0, 2 ** 31 - 1);
  if (seed === undefined || seed === null) return fail('sweep seed: a whole number ≥ 0');
  const limitTrain = optionalInt(f.limitTrain, 1, 25_000);
  if (limitTrain === undefined) return fail('training reviews: a whole number in 1..25000 (or empty for all)');
  const limitTest = optionalInt(f.limitTest, 1, 25_000);
  if (limitTest === undefined) return fail('test reviews: a whole number in 1..25000 (or empty for all)');
  const split = Number(f.validationSplit.trim());
  if (!(split > 0 && split < 1)) return fail('held-out fraction: a number between 0 and 1 (exclusive)');
  Object.assign(train, { epochs, limitTrain, limitTest, validationSplit: split });
  return {
    ok: true,
    params: {
      ...(f.name.trim() !== '' ? { name: f.name.trim() } : {}),
      space: space as CallParams<'startSweep'>['space'],
      scheduler: f.scheduler,
      trials,
      budgetMinutes: minutes,
      seed,
      parallel,
      eta,
      model: model as CallParams<'startSweep'>['model'],
      train: train as CallParams<'startSweep'>['train'],
      fixed,
    },
  };
}
