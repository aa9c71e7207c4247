// Mean curves with a band for a group of runs (N seeds of one configuration), per epoch: the band is ± one
// sample sd of the runs, or the 95% Student-t interval of their mean. On a wall-time axis, epoch k sits at the
// group's mean elapsed time at the end of epoch k (runs of one configuration take about the same time per
// epoch; the mean is where the group got there). Smoothing, if any, applies to each run's curve before the
// band is taken (so the band is the spread of the smoothed curves). Pure (no DOM): unit-tested under Node.
import { ema } from './smooth.js';
import { meanStd } from './stats.js';
import { tInterval } from './intervals.js';

/** One run's per-epoch curve: epoch numbers, cumulative training time (ms) at each, the metric (null: none). */
export interface RunCurve {
  epochs: number[];
  elapsedMs: number[];
  values: (number | null)[];
}

export type BandKind = 'sd' | 'ci95';
export type CurveXAxis = 'epoch' | 'time';

export interface Band {
  /** Epoch number, or mean elapsed minutes on the wall-time axis. */
  x: number[];
  mean: number[];
  /** null where fewer than two runs reach the epoch (no spread to show). */
  lower: (number | null)[];
  upper: (number | null)[];
  /** Runs that reached each epoch with a value. */
  n: number[];
}

export const BAND_LABELS: Record<BandKind, string> = { sd: '± 1 sd', ci95: '95% CI of the mean (Student t)' };

export function bandOf(runs: readonly RunCurve[], kind: BandKind, opts: { xAxis?: CurveXAxis; smoothing?: number } = {}): Band {
  const xAxis = opts.xAxis ?? 'epoch';
  const smoothing = opts.smoothing ?? 0;
  for (const r of runs) {
    if (r.epochs.length !== r.values.length || r.epochs.length !== r.elapsedMs.length) {
      throw new RangeError(`a run's curve has ${r.epochs.length} epochs, ${r.elapsedMs.length} times and ${r.values.length} values`);
    }
  }
  // Each run's (smoothed) value and time per epoch number.
  const byEpoch = new Map<number, { values: number[]; times: number[] }>();
  for (const r of runs) {
    const finite = r.values.map((v) => (v === null || !Number.isFinite(v) ? NaN : v));
    const smooth = smoothing > 0 ? ema(finite, smoothing) : finite;
    r.epochs.forEach((e, i) => {
      const v = smooth[i] as number;
      if (!Number.isFinite(v)) return;
      const slot = byEpoch.get(e) ?? { values: [], times: [] };
      slot.values.push(v);
      slot.times.push(r.elapsedMs[i] as number);
      byEpoch.set(e, slot);
    });
  }
  const band: Band = { x: [], mean: [], lower: [], upper: [], n: [] };
  for (const e of [...byEpoch.keys()].sort((a, b) => a - b)) {
    const { values, times } = byEpoch.get(e) as { values: number[]; times: number[] };
    const m = meanStd(values) as { mean: number; std: number; n: number };
    let lower: number | null = null;
    let upper: number | null = null;
    if (m.n >= 2) {
      if (kind === 'sd') {
        lower = m.mean - m.std;
        upper = m.mean + m.std;
      } else {
        const t = tInterval(values);
        lower = t?.lo ?? null;
        upper = t?.hi ?? null;
      }
    }
    band.x.push(xAxis === 'epoch' ? e : (meanStd(times)?.mean ?? 0) / 60_000);
    band.mean.push(m.mean);
    band.lower.push(lower);
    band.upper.push(upper);
    band.n.push(m.n);
  }
  return band;
}
