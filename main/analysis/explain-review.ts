// Word attributions for one test review under several runs, for the disagreement browser: each run scores the
// review exactly as it was evaluated (its own numWords and maxLen, padded and truncated 'pre'), and each word
// gets its occlusion contribution (main/export/explain.ts: how much P(positive) drops when that word alone
// becomes the oov id). Words the run never saw (cut by truncation) or could not read (oov) get null.
import { padSequences, DEFAULT_LOAD_OPTIONS } from '../data/index.js';
import { UserError } from '../errors.js';
import { occlusion } from '../export/index.js';
import type { PredictFn } from '../export/explain.js';
import type { RunRecord } from '../runs/store.js';
import { requirePredictions, testReviewsFor, type ArraysFor } from './run-analysis.js';
import { reviewWords, wordOffset } from './review-words.js';

export interface ExplainedRun {
  runId: string;
  /** P(positive) now, from the run's weights. */
  probability: number;
  /** The probability stored when the run was evaluated (equal up to float32 rounding). */
  storedProbability: number;
  maxLen: number;
  /** Index in `words` of the first word the run saw (> 0: the review was truncated and lost its start). */
  firstSeenWord: number;
  /** Per word of `words`: its contribution to P(positive), or null (cut off, or out of vocabulary). */
  contributions: (number | null)[];
}

export interface ExplainedReview {
  index: number;
  label: 0 | 1;
  /** The review's words (decoded with the first run's vocabulary). */
  words: string[];
  runs: ExplainedRun[];
}

export async function explainReview(
  artifactsDir: string,
  models: { run: RunRecord; predict: PredictFn }[],
  index: number,
  arraysFor: ArraysFor,
  wordIndex: () => Promise<Map<string, number>>,
): Promise<ExplainedReview> {
  if (models.length === 0) throw new UserError('give at least one run to explain the review with');
  let words: string[] | null = null;
  let label: 0 | 1 = 0;
  const runs: ExplainedRun[] = [];
  for (const { run, predict } of models) {
    const preds = requirePredictions(artifactsDir, run);
    if (!Number.isInteger(index) || index < 0 || index >= preds.n) {
      throw new UserError(`review ${index} is not among run ${run.id}'s ${preds.n} test reviews`, 'not_found');
    }
    const reviews = await testReviewsFor(preds, arraysFor, run.id);
    const options = (await arraysFor(preds.numWords)).options ?? DEFAULT_LOAD_OPTIONS;
    const seq = reviews[index] as Int32Array;
    const off = wordOffset(seq, options);
    if (words === null) {
      words = reviewWords(seq, await wordIndex(), options);
      label = preds.labels[index] === 1 ? 1 : 0;
    } else if (words.length !== seq.length - off) {
      throw new UserError(`runs were evaluated on different reviews at index ${index}`, 'conflict');
    }
    const M = preds.maxLen;
    const padded = padSequences([seq], { maxLen: M });
    const r = await occlusion({ predict, oovChar: options.oovChar, skipIds: [0, options.startChar] }, padded);
    const L = seq.length;
    const kept = Math.min(L, M);
    // padded[t] = seq[t − M + L] for the kept tail (t ≥ M − kept): word w sits at t = w + off + M − L.
    const contributions = Array.from({ length: L - off }, (_, w): number | null => {
      const j = w + off;
      if (j < L - kept || seq[j] === options.oovChar) return null;
      return r.contributions[j + M - L] as number;
    });
    runs.push({
      runId: run.id,
      probability: r.probability,
      storedProbability: preds.probabilities[index] as number,
      maxLen: M,
      firstSeenWord: Math.max(0, L - kept - off),
      contributions,
    });
  }
  return { index, label, words: words ?? [], runs };
}
