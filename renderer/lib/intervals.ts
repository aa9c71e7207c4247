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
