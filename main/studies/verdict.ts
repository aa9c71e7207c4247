// One plain sentence per pair of a study's groups, e.g. "GRU vs LSTM: +0.40 points (95% CI −0.30 to +1.10),
// p = 0.21 over 5 seeds each — no evidence of a difference". The sentence follows the Holm-adjusted p-value
// when there are several pairs, so "evidence" is never claimed from the luckiest of many comparisons.
import { points } from '../contract/points.js';

export type Verdict = 'a-better' | 'b-better' | 'no-evidence' | 'too-few-seeds';

/** Significance level of the verdicts (two-sided, after Holm's correction). */
export const ALPHA = 0.05;

/** "p = 0.21", "p = 0.0031", "p < 0.001". */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p >= 0.1 ? p.toFixed(2) : p.toPrecision(2)}`;
}

export interface PairNumbers {
  labelA: string;
  labelB: string;
  /** mean(A) − mean(B) of the groups' test accuracies (a proportion). */
  diff: number;
  nA: number;
  nB: number;
  /** Welch's interval and p-value; null when a group has fewer than two seeds or no spread. */
  ci95: [number, number] | null;
  pValue: number | null;
  /** Holm-adjusted p across the study's pairs (equals pValue when there is one pair). */
  pHolm: number | null;
  /** How many pairs the adjustment covered. */
  pairs: number;
}

export function verdictOf(p: PairNumbers): Verdict {
  if (p.pHolm === null) return 'too-few-seeds';
  if (p.pHolm >= ALPHA) return 'no-evidence';
  return p.diff > 0 ? 'a-better' : 'b-better';
}

function seedsText(nA: number, nB: number): string {
  if (nA === nB) return `over ${nA} seed${nA === 1 ? '' : 's'} each`;
  return `over ${nA} and ${nB} seeds`;
}

export function verdictSentence(p: PairNumbers): string {
  const head = `${p.labelA} vs ${p.labelB}: ${points(p.diff)} points`;
  const v = verdictOf(p);
  if (v === 'too-few-seeds' || p.ci95 === null || p.pValue === null || p.pHolm === null) {
    const why = Math.min(p.nA, p.nB) < 2 ? 'too few seeds to tell (at least 2 per architecture are needed)' : 'every seed gave the same accuracy, so there is no spread to test against';
    return `${head} ${seedsText(p.nA, p.nB)} — ${why}`;
  }
  const ci = `95% CI ${points(p.ci95[0])} to ${points(p.ci95[1])}`;
  const pText = p.pairs > 1 ? `${formatP(p.pHolm)} (Holm-adjusted over ${p.pairs} pairs; unadjusted ${formatP(p.pValue).replace(/^p = /, '').replace(/^p /, '')})` : formatP(p.pValue);
  const words =
    v === 'no-evidence' ? 'no evidence of a difference' : `evidence that ${v === 'a-better' ? p.labelA : p.labelB} is more accurate`;
  return `${head} (${ci}), ${pText} ${seedsText(p.nA, p.nB)} — ${words}`;
}
