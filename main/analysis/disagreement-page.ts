// One page of the disagreement browser for two runs: the paired check (same test reviews), the disagreements
// matching the query, each listed review's text, and the two runs compared bucket by bucket of review length.
import { UserError } from '../errors.js';
import type { RunRecord } from '../runs/store.js';
import { unpairableReason } from '../runs/paired.js';
import { disagreements, type Disagreement, type DisagreementQuery } from './disagreements.js';
import { lengthsOf, requirePredictions, testReviewsFor, type ArraysFor } from './run-analysis.js';
import { reviewWords } from './review-words.js';
import { pairedByLength, type PairedBucket } from './length-paired.js';

export interface DisagreementPageResult {
  runIds: [string, string];
  /** Reviews compared. */
  n: number;
  total: number;
  b: number;
  c: number;
  offset: number;
  items: (Disagreement & { text: string })[];
  /** The two runs compared within each length bucket (the smaller maxLen's buckets), on all reviews. */
  byLength: PairedBucket[];
}

export async function disagreementPage(
  artifactsDir: string,
  runs: [RunRecord, RunRecord],
  q: DisagreementQuery,
  arraysFor: ArraysFor,
  wordIndex: () => Promise<Map<string, number>>,
): Promise<DisagreementPageResult> {
  const [ra, rb] = runs;
  if (ra.id === rb.id) throw new UserError('pick two different runs to see where they disagree');
  if (q.minLength !== null && q.maxLength !== null && q.minLength > q.maxLength) {
    throw new UserError(`minLength ${q.minLength} is above maxLength ${q.maxLength}: no review could match`);
  }
  const pa = requirePredictions(artifactsDir, ra);
  const pb = requirePredictions(artifactsDir, rb);
  const reason = unpairableReason(pa, pb);
  if (reason) throw new UserError(`runs ${ra.id} and ${rb.id} cannot be compared review by review: ${reason}`, 'conflict');
  const reviews = await testReviewsFor(pa, arraysFor, ra.id);
  const lengths = lengthsOf(reviews);
  const page = disagreements(pa, pb, lengths, q);
  const words = await wordIndex();
  const options = (await arraysFor(pa.numWords)).options;
  return {
    runIds: [ra.id, rb.id],
    n: pa.n,
    total: page.total,
    b: page.b,
    c: page.c,
    offset: q.offset,
    items: page.items.map((d) => ({ ...d, text: reviewWords(reviews[d.index] as Int32Array, words, options).join(' ') })),
    byLength: pairedByLength(pa, pb, lengths, Math.min(pa.maxLen, pb.maxLen)),
  };
}
