// A sweep's trials as parallel coordinates: one axis per searched setting, then validation accuracy; one
// line per trial. Lists become evenly spaced positions (the axis title names them, in order); numbers keep
// their values, on a log axis where the space searched them on a log scale. Pure: unit-tested.
import type { SweepView, TrialRow } from '../../main/contract/index.js';

export interface PcpAxis {
  key: string;
  /** Axis title; a list's values in order, e.g. "arch (0 lstm · 1 gru)". */
  label: string;
  log: boolean;
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
        label: list.length > 1 ? `${key} (${names.map((n, i) => `${i} ${n}`).join(' · ')})` : key,
        log: false,
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
      values: shown.map((t) => (typeof t.config[key] === 'number' ? (t.config[key] as number) : null)),
    };
  });
  axes.push({ key: 'valAccuracy', label: 'val accuracy (held-out)', log: false, values: shown.map((t) => t.valAccuracy) });
  return {
    labels: shown.map((t) => `#${t.index + 1}`),
    axes,
    stopped: shown.map((t) => t.status === 'stopped' || t.status === 'budget'),
  };
}
