// A sweep's trials as parallel coordinates: one axis per searched setting, then validation accuracy; one
// line per trial. Lists become evenly spaced positions 0, 1, … (the axis ticks name them); numbers keep
// their values, on a log axis where the space searched them on a log scale. Pure: unit-tested.
import type { SweepView, TrialRow } from '../../main/contract/index.js';

export interface PcpAxis {
  key: string;
  /** Axis title: the setting. */
  label: string;
  log: boolean;
  /** A list's values in order (the axis shows them at 0, 1, …); null for a numeric axis. */
  names: string[] | null;
  /** One value per trial (null: the trial has no value there, e.g. merge for an LSTM). */
  values: (number | null)[];
}

export interface PcpData {
  /** "#1", "#2"… in trial order. */
  labels: string[];
  axes: PcpAxis[];
  /** Per trial: ASHA (or the time budget) stopped it early — drawn dashed. */
  stopped: boolean[];
}

export function pcpData(space: SweepView['sweep']['space'], trials: readonly TrialRow[]): PcpData {
  // Trials still waiting for their first epoch have nothing to show on the last axis yet.
  const shown = trials.filter((t) => t.valAccuracy !== null);
  const axes: PcpAxis[] = Object.entries(space).map(([key, p]) => {
    if (Array.isArray(p) || 'values' in p) {
      const list = Array.isArray(p) ? p : p.values;
      const names = list.map((v) => String(v));
      return {
        key,
        label: key,
        log: false,
        names,
        values: shown.map((t) => {
          const i = names.indexOf(String(t.config[key]));
          return i < 0 ? null : i;
        }),
      };
    }
    return {
      key,
      label: key,
      log: p.scale === 'log',
      names: null,
      values: shown.map((t) => (typeof t.config[key] === 'number' ? (t.config[key] as number) : null)),
    };
  });
  axes.push({ key: 'valAccuracy', label: 'val accuracy (held-out)', log: false, names: null, values: shown.map((t) => t.valAccuracy) });
  return {
    labels: shown.map((t) => `#${t.index + 1}`),
    axes,
    stopped: shown.map((t) => t.status === 'stopped' || t.status === 'budget'),
  };
}

export interface Marginal {
  key: string;
  /** A list setting: its values as categories on x, in the space's order; null: a numeric x axis. */
  categories: string[] | null;
  log: boolean;
  /** One point per trial that has validated: x its value (a category name for a list), y its val accuracy. */
  points: { x: number | string; y: number; stopped: boolean; trial: number }[];
}

/**
 * One marginal plot per searched setting: every validated trial's value of that setting against its
 * held-out validation accuracy (each trial shown, not a mean: with few trials a mean hides the spread).
 */
export function marginals(space: SweepView['sweep']['space'], trials: readonly TrialRow[]): Marginal[] {
  const shown = trials.filter((t) => t.valAccuracy !== null);
  return Object.entries(space).map(([key, p]) => {
    const list = Array.isArray(p) ? p : 'values' in p ? p.values : null;
    const points = shown.flatMap((t) => {
      const v = t.config[key];
      if (v === undefined || t.valAccuracy === null) return [];
      const x = list ? String(v) : typeof v === 'number' ? v : null;
      return x === null ? [] : [{ x, y: t.valAccuracy, stopped: t.status === 'stopped' || t.status === 'budget', trial: t.index }];
    });
    return { key, categories: list ? list.map((v) => String(v)) : null, log: !list && !Array.isArray(p) && 'scale' in p && p.scale === 'log', points };
  });
}
