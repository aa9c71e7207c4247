// A run's error analysis from what it stored: its test predictions (main/runs/predictions-file.ts) and the
// lengths of the test reviews they were made on, from the IMDB data here. The data must be the data the run was
// evaluated on (same fingerprint), or the lengths would belong to other reviews: that is refused, not guessed.
import type { ImdbArrays } from '../data/index.js';
import { UserError } from '../errors.js';
import { runPredictions, type TestPredictions } from '../runs/predictions-file.js';
import type { RunRecord } from '../runs/store.js';
import { accuracyByLength, type LengthBucket } from './length-accuracy.js';
import { calibration, type Calibration } from './calibration.js';

/** load_data's arrays for a vocabulary size (the service and the CLI each bring their own loader/cache). */
export type ArraysFor = (numWords: number) => Promise<ImdbArrays>;

export interface RunAnalysis {
  runId: string;
  /** Test reviews analysed (the run's limitTest, or the whole split). */
  n: number;
  accuracy: number;
  maxLen: number;
  byLength: LengthBucket[];
  calibration: Calibration;
}

/** A run's stored predictions, or a UserError saying why there are none. */
export function requirePredictions(artifactsDir: string, run: RunRecord): TestPredictions {
  const p = runPredictions(artifactsDir, run.id);
  if (p) return p;
  const why = run.status === 'finished' ? 'it finished before per-review predictions were stored: train it again to analyse it' : `it is ${run.status}`;
  throw new UserError(`run ${run.id} has no stored test predictions (${why})`, 'not_ready');
}

/** The test reviews the predictions were made on (their token sequences), checked against the data's fingerprint. */
export async function testReviewsFor(preds: TestPredictions, arraysFor: ArraysFor, runId: string): Promise<Int32Array[]> {
  const a = await arraysFor(preds.numWords);
  if (a.fingerprint !== preds.dataFingerprint) {
    throw new UserError(
      `run ${runId} was evaluated on other IMDB data than the data here (fingerprint ${preds.dataFingerprint.slice(0, 12)}… vs ${a.fingerprint.slice(0, 12)}…): point --data at the data it was trained on`,
      'conflict',
    );
  }
  if (a.xTest.length < preds.n) throw new UserError(`run ${runId} has ${preds.n} test predictions but the data here has ${a.xTest.length} test reviews`, 'conflict');
  return a.xTest.slice(0, preds.n);
}

export function lengthsOf(reviews: readonly Int32Array[]): Int32Array {
  return Int32Array.from(reviews, (r) => r.length);
}

export async function analyzeRun(artifactsDir: string, run: RunRecord, arraysFor: ArraysFor): Promise<RunAnalysis> {
  const preds = requirePredictions(artifactsDir, run);
  if (preds.n === 0) throw new UserError(`run ${run.id} was evaluated on no test reviews`, 'not_ready');
  const lengths = lengthsOf(await testReviewsFor(preds, arraysFor, run.id));
  const byLength = accuracyByLength(preds.probabilities, preds.labels, lengths, preds.maxLen);
  const correct = byLength.reduce((s, b) => s + b.correct, 0);
  return {
    runId: run.id,
    n: preds.n,
    accuracy: correct / preds.n,
    maxLen: preds.maxLen,
    byLength,
    calibration: calibration(preds.probabilities, preds.labels),
  };
}
