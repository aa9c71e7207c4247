// Accuracy by review length: does a model keep what it reads at the start of a long review? The tutorial pads
// and truncates every review to maxLen tokens ('pre': the first tokens of a long review are cut off), so the
// reviews are split where that matters: those that fit in half the window, those that fit, and those that were
// cut. At the tutorial's maxLen 200 these are the ≤ 100, 101–200 and > 200 buckets.
//
// Length = the review's tokens as load_data gives them, the start mark included: the length the Data screen's
// histogram uses, and the one pad_sequences compares with maxLen (length > maxLen ⇔ the review was truncated).

export interface LengthBucket {
  /** e.g. "≤ 100", "101–200", "> 200 (truncated)". */
  label: string;
  /** Inclusive bounds in tokens (max null: no upper bound). */
  minLength: number;
  maxLength: number | null;
  /** The reviews in this bucket lost their first tokens to maxLen. */
  truncated: boolean;
  n: number;
  correct: number;
  /** correct / n; null for an empty bucket. */
  accuracy: number | null;
}

/** The buckets' upper bounds for a window of `maxLen` tokens: half the window, the window (above: truncated). */
export function lengthBucketBounds(maxLen: number): [number, number] {
  if (!Number.isInteger(maxLen) || maxLen < 2) throw new RangeError(`maxLen must be an integer ≥ 2, got ${maxLen}`);
  return [Math.floor(maxLen / 2), maxLen];
}

/**
 * Accuracy (prediction = probability ≥ 0.5, as everywhere in the lab) per length bucket. `lengths[i]` is review
 * i's token count; the three arrays cover the same reviews in the same order.
 */
export function accuracyByLength(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  lengths: ArrayLike<number>,
  maxLen: number,
): LengthBucket[] {
  const n = labels.length;
  if (probabilities.length !== n || lengths.length !== n) {
    throw new RangeError(`${probabilities.length} probabilities, ${n} labels and ${lengths.length} lengths: they must cover the same reviews`);
  }
  const [half, full] = lengthBucketBounds(maxLen);
  const buckets: LengthBucket[] = [
    { label: `≤ ${half}`, minLength: 0, maxLength: half, truncated: false, n: 0, correct: 0, accuracy: null },
    { label: `${half + 1}–${full}`, minLength: half + 1, maxLength: full, truncated: false, n: 0, correct: 0, accuracy: null },
    { label: `> ${full} (truncated)`, minLength: full + 1, maxLength: null, truncated: true, n: 0, correct: 0, accuracy: null },
  ];
  for (let i = 0; i < n; i++) {
    const len = lengths[i] as number;
    if (!Number.isInteger(len) || len < 0) throw new RangeError(`review ${i} has length ${len}: lengths are token counts`);
    const b = buckets[len <= half ? 0 : len <= full ? 1 : 2] as LengthBucket;
    b.n++;
    if (((probabilities[i] as number) >= 0.5 ? 1 : 0) === ((labels[i] as number) > 0.5 ? 1 : 0)) b.correct++;
  }
  for (const b of buckets) b.accuracy = b.n > 0 ? b.correct / b.n : null;
  return buckets;
}
