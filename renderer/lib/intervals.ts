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
 * A zoomed value axis for bars with whiskers: from a little below the lowest bound to a little above the highest,
 * on whole steps of `step`, so that a 0.5-point difference is visible (a 0–100% axis would flatten it). The
 * chart says it is zoomed. Null when there is nothing to show.
 */
export function zoomedRange(bounds: readonly (number | null | undefined)[], step = 0.01): { min: number; max: number } | null {
  const v = bounds.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (v.length === 0) return null;
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  const pad = Math.max(step, (hi - lo) * 0.15);
  // Rounded to the step (and kept inside [0, 1] for proportions), with a little room on both sides.
  const min = Math.max(0, Math.floor((lo - pad) / step) * step);
  const max = Math.min(1, Math.ceil((hi + pad) / step) * step);
  return { min: Number(min.toFixed(10)), max: Number(max.toFixed(10)) };
}
