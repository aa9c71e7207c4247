// Calibration of a run's test probabilities: when the model says 80% positive, are 80% of those reviews
// positive? A reliability diagram over equal-width bins of P(positive), the Brier score, and the expected
// calibration error on the same bins.
//
// Binning (stated in every result as `binning`): CALIBRATION_BINS equal-width bins of the predicted P(positive)
// on [0, 1]; bin k holds k/B ≤ p < (k+1)/B, the last bin also holds p = 1 — the "uniform" strategy of
// scikit-learn's calibration_curve. ECE = Σ_k (n_k / N) · |mean p in bin k − positive rate in bin k| over the
// non-empty bins (the positive-class form of Naeini et al. 2015 / Guo et al. 2017's estimator).

export const CALIBRATION_BINS = 10;

export interface ReliabilityBin {
  /** [lower, upper) in P(positive); the last bin is closed at 1. */
  lower: number;
  upper: number;
  n: number;
  /** Mean predicted P(positive) of the bin's reviews (null: empty bin). */
  meanPredicted: number | null;
  /** Share of the bin's reviews that are positive (null: empty bin). */
  positiveRate: number | null;
}

export interface Calibration {
  binning: string;
  bins: ReliabilityBin[];
  /** Mean squared difference between P(positive) and the 0/1 label (0 is perfect; always guessing 0.5 gives 0.25). */
  brier: number;
  /** Expected calibration error over `bins` (see the header). */
  ece: number;
  /** Largest |mean p − positive rate| over the non-empty bins. */
  mce: number;
}

export function calibration(probabilities: ArrayLike<number>, labels: ArrayLike<number>, binCount = CALIBRATION_BINS): Calibration {
  const n = labels.length;
  if (probabilities.length !== n) throw new RangeError(`${probabilities.length} probabilities for ${n} labels`);
  if (n === 0) throw new RangeError('calibration needs at least one review');
  if (!Number.isInteger(binCount) || binCount < 1) throw new RangeError(`binCount must be a positive integer, got ${binCount}`);
  const count = new Array<number>(binCount).fill(0);
  const sumP = new Array<number>(binCount).fill(0);
  const pos = new Array<number>(binCount).fill(0);
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const p = probabilities[i] as number;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`review ${i} has probability ${p}: probabilities lie in [0, 1]`);
    const y = (labels[i] as number) > 0.5 ? 1 : 0;
    const k = Math.min(binCount - 1, Math.floor(p * binCount));
    count[k]!++;
    sumP[k]! += p;
    pos[k]! += y;
    sq += (p - y) * (p - y);
  }
  let ece = 0;
  let mce = 0;
  const bins = count.map((c, k): ReliabilityBin => {
    const meanPredicted = c > 0 ? sumP[k]! / c : null;
    const positiveRate = c > 0 ? pos[k]! / c : null;
    if (meanPredicted !== null && positiveRate !== null) {
      const gap = Math.abs(meanPredicted - positiveRate);
      ece += (c / n) * gap;
      mce = Math.max(mce, gap);
    }
    return { lower: k / binCount, upper: (k + 1) / binCount, n: c, meanPredicted, positiveRate };
  });
  return { binning: `${binCount} equal-width bins of P(positive) on [0, 1] (k/${binCount} ≤ p < (k+1)/${binCount}, the last bin closed)`, bins, brier: sq / n, ece, mce };
}
