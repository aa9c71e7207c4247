// The reviews two runs classify differently (one says positive, the other negative, at the lab's 0.5
// threshold), for the disagreement browser: which one was right, how sure each was, how long the review is.
// Pure: the caller supplies both runs' predictions on the same test reviews and the reviews' lengths.

import type { DISAGREEMENT_FILTERS, DISAGREEMENT_ORDERS } from '../contract/analysis.js';

/** all, those only A got right (McNemar's b), those only B got right (c). */
type DisagreementFilter = (typeof DISAGREEMENT_FILTERS)[number];
/**
 * 'confidence': the largest |pA − pB| first — the reviews the two models see most differently, which teach the
 * most; 'index': test-split order.
 */
type DisagreementOrder = (typeof DISAGREEMENT_ORDERS)[number];

export interface Disagreement {
  /** Position in the IMDB test split. */
  index: number;
  label: 0 | 1;
  probabilityA: number;
  probabilityB: number;
  /** The run that classified the review correctly. */
  right: 'a' | 'b';
  /** Tokens, the start mark included (see length-accuracy.ts). */
  length: number;
}

export interface DisagreementQuery {
  filter: DisagreementFilter;
  order: DisagreementOrder;
  /** Only reviews with at least / at most this many tokens (inclusive; null: no bound). */
  minLength: number | null;
  maxLength: number | null;
  offset: number;
  limit: number;
}

export interface DisagreementPage {
  /** Disagreements matching the query (before paging). */
  total: number;
  /** All disagreements on these reviews: b (A right) and c (B right), whatever the filter. */
  b: number;
  c: number;
  items: Disagreement[];
}

interface Side {
  probabilities: ArrayLike<number>;
  labels: ArrayLike<number>;
}

export function disagreements(a: Side, bSide: Side, lengths: ArrayLike<number>, q: DisagreementQuery): DisagreementPage {
  const n = a.labels.length;
  if (bSide.labels.length !== n || a.probabilities.length !== n || bSide.probabilities.length !== n || lengths.length !== n) {
    throw new RangeError('both runs’ predictions and the review lengths must cover the same reviews');
  }
  if (!Number.isInteger(q.offset) || q.offset < 0) throw new RangeError(`offset must be a non-negative integer, got ${q.offset}`);
  if (!Number.isInteger(q.limit) || q.limit < 1) throw new RangeError(`limit must be a positive integer, got ${q.limit}`);
  let b = 0;
  let c = 0;
  const matching: Disagreement[] = [];
  for (let i = 0; i < n; i++) {
    const pa = a.probabilities[i] as number;
    const pb = bSide.probabilities[i] as number;
    if (pa >= 0.5 === pb >= 0.5) continue;
    const label = (a.labels[i] as number) > 0.5 ? 1 : 0;
    const right = (pa >= 0.5 ? 1 : 0) === label ? 'a' : 'b';
    if (right === 'a') b++;
    else c++;
    const length = lengths[i] as number;
    if (q.filter === 'a-right' && right !== 'a') continue;
    if (q.filter === 'b-right' && right !== 'b') continue;
    if (q.minLength !== null && length < q.minLength) continue;
    if (q.maxLength !== null && length > q.maxLength) continue;
    matching.push({ index: i, label, probabilityA: pa, probabilityB: pb, right, length });
  }
  // Array.prototype.sort is stable: equal gaps stay in test-split order.
  if (q.order === 'confidence') matching.sort((x, y) => Math.abs(y.probabilityA - y.probabilityB) - Math.abs(x.probabilityA - x.probabilityB));
  return { total: matching.length, b, c, items: matching.slice(q.offset, q.offset + q.limit) };
}
