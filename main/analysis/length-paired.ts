// Two runs compared review by review within each length bucket — "does the LSTM keep what the SimpleRNN loses
// on long, truncated reviews?" — with the same paired statistics as the whole test set (main/runs/paired.ts:
// b, c, the accuracy difference with its 95% paired Wald interval, McNemar's exact p), bucket by bucket.
// The buckets are those of length-accuracy.ts for the smaller of the two runs' maxLen: "truncated" then means
// that at least one of the runs lost the review's first tokens.
import { pairedComparison, type PairedComparison } from '../runs/paired.js';
import { lengthBucketBounds } from './length-accuracy.js';

export interface PairedBucket {
  label: string;
  minLength: number;
  maxLength: number | null;
  truncated: boolean;
  n: number;
  /** Accuracy of each run on the bucket's reviews (null: empty bucket). */
  accuracyA: number | null;
  accuracyB: number | null;
  /** The paired comparison on the bucket's reviews (null: empty bucket). */
  paired: PairedComparison | null;
}

interface Side {
  probabilities: ArrayLike<number>;
  labels: ArrayLike<number>;
}

export function pairedByLength(a: Side, b: Side, lengths: ArrayLike<number>, maxLen: number): PairedBucket[] {
  const n = lengths.length;
  if (a.labels.length !== n || b.labels.length !== n || a.probabilities.length !== n || b.probabilities.length !== n) {
    throw new RangeError('both runs’ predictions and the review lengths must cover the same reviews');
  }
  const [half, full] = lengthBucketBounds(maxLen);
  const shapes = [
    { label: `≤ ${half}`, minLength: 0, maxLength: half as number | null, truncated: false },
    { label: `${half + 1}–${full}`, minLength: half + 1, maxLength: full as number | null, truncated: false },
    { label: `> ${full} (truncated)`, minLength: full + 1, maxLength: null, truncated: true },
  ];
  const members: number[][] = [[], [], []];
  for (let i = 0; i < n; i++) {
    const len = lengths[i] as number;
    (members[len <= half ? 0 : len <= full ? 1 : 2] as number[]).push(i);
  }
  return shapes.map((shape, k) => {
    const idx = members[k] as number[];
    if (idx.length === 0) return { ...shape, n: 0, accuracyA: null, accuracyB: null, paired: null };
    const pick = (s: Side) => ({ probabilities: idx.map((i) => s.probabilities[i] as number), labels: idx.map((i) => s.labels[i] as number) });
    const sa = pick(a);
    const sb = pick(b);
    const accuracy = (s: { probabilities: number[]; labels: number[] }) =>
      s.probabilities.filter((p, j) => (p >= 0.5 ? 1 : 0) === ((s.labels[j] as number) > 0.5 ? 1 : 0)).length / idx.length;
    return { ...shape, n: idx.length, accuracyA: accuracy(sa), accuracyB: accuracy(sb), paired: pairedComparison(sa, sb) };
  });
}
