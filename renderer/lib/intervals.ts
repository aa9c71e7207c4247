// Student-t confidence intervals for a group of runs (N seeds of one configuration): the mean of their values
// ± t(0.975, n − 1) · sd / √n. The quantile comes from @stdlib, not a hand-made table. Pure (no DOM): unit-tested
// under Node against SciPy.
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { meanStd } from './stats.js';

export interface TInterval {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one value. */
  sd: number;
  /** The interval's bounds; null for n < 2 (one run says nothing about the spread). */
  lo: number | null;
  hi: number | null;
  level: number;
}

/** The two-sided `level` t-interval for the mean of the finite values (null when there are none). */
export function tInterval(values: readonly (number | null | undefined)[], level = 0.95): TInterval | null {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must lie strictly between 0 and 1, got ${level}`);
  const m = meanStd(values);
  if (!m) return null;
  if (m.n < 2) return { n: m.n, mean: m.mean, sd: 0, lo: null, hi: null, level };
  const half = tQuantile(1 - (1 - level) / 2, m.n - 1) * (m.std / Math.sqrt(m.n));
  return { n: m.n, mean: m.mean, sd: m.std, lo: m.mean - half, hi: m.mean + half, level };
}

/**
 * tInterval of proportions (accuracies), its bounds cut to [0, 1] — with two runs t(0.975, 1) = 12.7 and the
 * interval can reach past 0 or 100 %, which no accuracy can. The study's own numbers are cut the same way.
 */
export function proportionInterval(values: readonly (number | null | undefined)[], level = 0.95): TInterval | null {
  const t = tInterval(values, level);
  if (!t || t.lo === null || t.hi === null) return t;
  return { ...t, lo: Math.max(0, t.lo), hi: Math.min(1, t.hi) };
}

/** Tick steps a zoomed proportion axis may use (1, 2, 5, 10 and 20 points). */
const STEPS = [0.01, 0.02, 0.05, 0.1, 0.2];

/**
 * A zoomed value axis for bars with whiskers: from a little below the lowest bound to a little above the highest,
 * so that a 0.5-point difference is visible (a 0–100% axis would flatten it); the chart says it is zoomed. Its
 * ends are whole multiples of a tick `step` chosen for about 4–10 ticks, and stay inside [0, 1] (proportions).
 * Null when there is nothing to show.
 */
export function zoomedRange(bounds: readonly (number | null | undefined)[]): { min: number; max: number; step: number } | null {
  const v = bounds.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (v.length === 0) return null;
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  const pad = Math.max(0.005, (hi - lo) * 0.1);
  const span = hi - lo + 2 * pad;
  const step = STEPS.find((s) => span / s <= 10) ?? 0.2;
  // Rounded to whole steps (toFixed: 0.07 * 100 is not exactly 7 in binary), clamped to [0, 1].
  const min = Math.max(0, Number((Math.floor((lo - pad) / step) * step).toFixed(10)));
  const max = Math.min(1, Number((Math.ceil((hi + pad) / step) * step).toFixed(10)));
  return { min, max, step };
}
