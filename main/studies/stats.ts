// The statistics of a study: a group's mean, standard deviation and Student-t 95% interval; Welch's t test
// for two groups of seeds; Holm's correction across the pairs of groups. Distributions come from @stdlib
// (t CDF and quantile via the regularised incomplete beta), not from hand-written approximations.
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator); null for fewer than two values. */
  sd: number | null;
  /** mean ± t(0.975, n − 1)·sd/√n; null for fewer than two values. */
  ci95: [number, number] | null;
}

/** n, mean, sample sd and the Student-t 95% interval of the mean; NaN/Infinity are refused (a caller bug). */
export function summarize(values: readonly number[]): Summary | null {
  if (values.some((v) => !Number.isFinite(v))) throw new Error('summarize: values must be finite numbers');
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { n, mean, sd: null, ci95: null };
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const half = tQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ci95: [mean - half, mean + half] };
}

export interface WelchTest {
  /** mean(a) − mean(b). */
  diff: number;
  /** Welch's t statistic and its Welch–Satterthwaite degrees of freedom. */
  t: number;
  df: number;
  /** Two-sided p-value. */
  pValue: number;
  /** diff ± t(0.975, df)·se. */
  ci95: [number, number];
}

/**
 * Welch's unequal-variance t test of mean(a) − mean(b). Null when either group has fewer than two values, or
 * when both have no spread at all (every seed gave the same number: the test is undefined, not "certain").
 */
export function welchTest(a: readonly number[], b: readonly number[]): WelchTest | null {
  const sa = summarize(a), sb = summarize(b);
  if (!sa || !sb || sa.sd === null || sb.sd === null) return null;
  const va = (sa.sd * sa.sd) / sa.n, vb = (sb.sd * sb.sd) / sb.n;
  const se2 = va + vb;
  if (se2 === 0) return null;
  const se = Math.sqrt(se2);
  const diff = sa.mean - sb.mean;
  const t = diff / se;
  const df = (se2 * se2) / ((va * va) / (sa.n - 1) + (vb * vb) / (sb.n - 1));
  const pValue = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const half = tQuantile(0.975, df) * se;
  return { diff, t, df, pValue, ci95: [diff - half, diff + half] };
}

/**
 * Holm's step-down adjustment of a family of p-values (Holm 1979): sort ascending, p_(i)·(m − i + 1), made
 * monotone and capped at 1; returned in the input's order. Nulls (tests that could not run) stay null and do
 * not count towards m.
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const idx = pValues.map((p, i) => ({ p, i })).filter((x): x is { p: number; i: number } => x.p !== null);
  idx.sort((x, y) => x.p - y.p);
  const m = idx.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 0;
  idx.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, p * (m - k)));
    out[i] = running;
  });
  return out;
}
