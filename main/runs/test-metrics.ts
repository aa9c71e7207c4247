// Final test metrics from predicted probabilities: accuracy and confusion matrix at 0.5, ROC AUC.
import type { TestMetrics } from './store.js';

/** ROC AUC by the rank-sum (Mann–Whitney U) formula, ties counted half. */
export function rocAuc(prob: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = labels.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => (prob[a] as number) - (prob[b] as number));
  let pos = 0;
  for (let i = 0; i < n; i++) if ((labels[i] as number) > 0.5) pos++;
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  let rankSumPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    const v = prob[idx[i] as number] as number;
    while (j < n && prob[idx[j] as number] === v) j++;
    const avgRank = (i + 1 + j) / 2; // 1-based ranks i+1 … j
    for (let k = i; k < j; k++) if ((labels[idx[k] as number] as number) > 0.5) rankSumPos += avgRank;
    i = j;
  }
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function testMetrics(prob: ArrayLike<number>, labels: ArrayLike<number>, loss: number): TestMetrics {
  let tn = 0, fp = 0, fn = 0, tp = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = (prob[i] as number) >= 0.5;
    const actual = (labels[i] as number) > 0.5;
    if (predicted && actual) tp++;
    else if (predicted) fp++;
    else if (actual) fn++;
    else tn++;
  }
  const n = labels.length;
  return { accuracy: n ? (tp + tn) / n : NaN, loss, auc: rocAuc(prob, labels), tn, fp, fn, tp, n };
}
