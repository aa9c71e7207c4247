// Two runs compared review by review on the same test reviews (their stored predictions,
// main/runs/predictions-file.ts): McNemar's exact test on the disagreement table, the accuracy difference
// with a 95% Wald interval for paired proportions, and the agreement rate.
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import { errorMessage } from '../errors.js';
import type { RunRecord } from './store.js';
import { runPredictions, type TestPredictions } from './predictions-file.js';

export interface PairedComparison {
  /** Reviews compared (the same test reviews for both runs). */
  n: number;
  /** Reviews run A got right and run B wrong. */
  b: number;
  /** Reviews run A got wrong and run B right. */
  c: number;
  /** accuracy(B) − accuracy(A) = (c − b) / n. */
  accuracyDiff: number;
  /** 95% Wald interval for the difference of paired proportions (see `pairedDiffCi`). */
  ci95: [number, number];
  /** McNemar's exact two-sided p-value (see `mcnemarExactP`). */
  pValue: number;
  /** Share of reviews both runs classified the same way. */
  agreement: number;
  test: 'mcnemar-exact';
  ciMethod: 'wald-paired';
}

/**
 * McNemar's exact test: under H0 the b + c discordant reviews split as X ~ Binomial(b + c, 1/2);
 * p = min(1, 2·P(X ≤ min(b, c))). The CDF comes from @stdlib (regularised incomplete beta), not a hand-made sum.
 */
export function mcnemarExactP(b: number, c: number): number {
  const m = b + c;
  if (m === 0) return 1;
  return Math.min(1, 2 * binomialCdf(Math.min(b, c), m, 0.5));
}

/**
 * Wald interval for the difference of two paired proportions, d = (c − b)/n,
 * se = sqrt((b + c) − (c − b)²/n) / n, d ± 1.96·se (Agresti, Categorical Data Analysis, §10.1.1).
 */
export function pairedDiffCi(b: number, c: number, n: number): [number, number] {
  if (n === 0) return [NaN, NaN];
  const d = (c - b) / n;
  const se = Math.sqrt(Math.max(0, b + c - ((c - b) * (c - b)) / n)) / n;
  return [d - 1.96 * se, d + 1.96 * se];
}

/** The paired statistics of two runs' predictions on the same reviews (correct = prob ≥ 0.5 matches the label). */
export function pairedComparison(
  a: { probabilities: ArrayLike<number>; labels: ArrayLike<number> },
  bRun: { probabilities: ArrayLike<number>; labels: ArrayLike<number> },
): PairedComparison {
  const n = a.labels.length;
  if (bRun.labels.length !== n || a.probabilities.length !== n || bRun.probabilities.length !== n) {
    throw new Error('paired predictions must cover the same reviews');
  }
  let b = 0, c = 0, same = 0;
  for (let i = 0; i < n; i++) {
    const pa = (a.probabilities[i] as number) >= 0.5;
    const pb = (bRun.probabilities[i] as number) >= 0.5;
    const label = (a.labels[i] as number) > 0.5;
    if (pa === pb) same++;
    else if (pa === label) b++;
    else c++;
  }
  return {
    n,
    b,
    c,
    accuracyDiff: n ? (c - b) / n : NaN,
    ci95: pairedDiffCi(b, c, n),
    pValue: mcnemarExactP(b, c),
    agreement: n ? same / n : NaN,
    test: 'mcnemar-exact',
    ciMethod: 'wald-paired',
  };
}

/** Why two prediction sets cannot be paired, or null when they cover the same test reviews. */
export function unpairableReason(a: TestPredictions, b: TestPredictions): string | null {
  // The fingerprint hashes the arrays as loaded, out-of-vocabulary ids folded in, so two vocabularies give two
  // fingerprints of the same reviews; then the same count and the same 25,000 labels in order say they are.
  if (a.dataFingerprint !== b.dataFingerprint && a.numWords === b.numWords) return 'the runs were evaluated on different data (different data fingerprints)';
  if (a.n !== b.n) return `the runs were evaluated on different test sets (${a.n} and ${b.n} reviews: limitTest differs)`;
  for (let i = 0; i < a.n; i++) if (a.labels[i] !== b.labels[i]) return `the runs' test labels differ (review ${i})`;
  return null;
}

export interface PairedResult {
  paired: PairedComparison | null;
  /** Why `paired` is null (null when it is not). */
  pairedNote: string | null;
}

/** Pairs exactly two runs from their stored predictions; otherwise says why not. */
export function pairRuns(artifactsDir: string, runs: RunRecord[]): PairedResult {
  if (runs.length !== 2) return { paired: null, pairedNote: `paired tests compare exactly two runs (${runs.length} given)` };
  const preds: TestPredictions[] = [];
  for (const r of runs) {
    let p: TestPredictions | null;
    try {
      p = runPredictions(artifactsDir, r.id);
    } catch (e) {
      return { paired: null, pairedNote: errorMessage(e) };
    }
    if (!p) {
      const why = r.status === 'finished' ? 'it finished before per-review predictions were stored' : `it is ${r.status}`;
      return { paired: null, pairedNote: `run ${r.id} has no stored test predictions (${why})${r.status === 'finished' ? ` — re-evaluate it (Compare's "Re-evaluate", or recurrent-lab reevaluate ${r.id})` : ''}` };
    }
    preds.push(p);
  }
  const [a, b] = preds as [TestPredictions, TestPredictions];
  const reason = unpairableReason(a, b);
  if (reason) return { paired: null, pairedNote: `not paired: ${reason}` };
  return { paired: pairedComparison(a, b), pairedNote: null };
}
