// A finished run's per-review test predictions: the probability the model gave each test review and the
// review's label, so two runs can be compared pair by pair on the same reviews (main/runs/paired.ts).
// One file per run, `test-predictions.rlpr` in the run's folder, written atomically by the worker after the
// final evaluation. Review i is the i-th review of the IMDB test split in load_data order (the test set is
// its first `n` reviews: limitTest), so the index is implicit.
// Layout: "RLPRED01" | u32 LE header length | JSON header | zero padding to 4 bytes | float32 LE probabilities[n]
// | uint8 labels[n]. The header carries the SHA-256 of the data section (probabilities + labels); a file whose
// data no longer matches it is refused. Runs finished before this file existed have none until they are
// re-evaluated from their final weights (main/runs/reevaluate.ts).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeAtomically } from './atomic-write.js';
import { frameHead, readFrame } from './framed-file.js';
import { join } from 'node:path';
import { UserError } from '../errors.js';

const MAGIC = 'RLPRED01';
export const PREDICTIONS_FILE = 'test-predictions.rlpr';

/** What the reviews were: enough to tell whether two runs were evaluated on the same test reviews. */
export interface TestSetInfo {
  /** The data's content fingerprint (main/data/fingerprint.ts). */
  dataFingerprint: string;
  /** The run's limitTest (null: the whole test split). */
  limitTest: number | null;
  /** Sequence length and vocabulary the reviews were encoded with (they do not change which reviews). */
  maxLen: number;
  numWords: number;
}

export interface TestPredictions extends TestSetInfo {
  n: number;
  /** P(positive) per review, in test-split order. */
  probabilities: Float32Array;
  /** 0/1 label per review. */
  labels: Uint8Array;
  /** Hex SHA-256 of the data section (verified on read). */
  sha256: string;
}

interface Header extends TestSetInfo {
  format: 1;
  n: number;
  sha256: string;
}

/** Where a run's predictions live: its folder under the store's artifacts folder. */
export function predictionsPath(artifactsDir: string, runId: string): string {
  return join(artifactsDir, runId, PREDICTIONS_FILE);
}

/** Writes atomically (temp file + rename); returns the file size in bytes. */
export function writePredictionsFile(path: string, info: TestSetInfo, probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = labels.length;
  if (probabilities.length !== n) throw new Error(`${probabilities.length} probabilities for ${n} labels`);
  const probs = Float32Array.from(probabilities);
  const labs = Uint8Array.from(labels, (v) => (v > 0.5 ? 1 : 0));
  const data = [Buffer.from(probs.buffer, probs.byteOffset, probs.byteLength), Buffer.from(labs.buffer, labs.byteOffset, labs.byteLength)];
  const hash = createHash('sha256');
  for (const d of data) hash.update(d);
  const header: Header = { format: 1, n, ...info, sha256: hash.digest('hex') };
  return writeAtomically(path, [frameHead(MAGIC, header), ...data]);
}

/** Reads and verifies a predictions file; UserError `predictions_corrupt` when damaged. */
export function readPredictionsFile(path: string): TestPredictions {
  const damagedHeader = `predictions ${path} have a damaged header`;
  const { header: h, buf, dataStart } = readFrame<Header>(path, MAGIC, {
    missing: 'predictions_missing',
    corrupt: 'predictions_corrupt',
    unreadable: (reason) => `cannot read predictions ${path}: ${reason}`,
    notOurs: `${path} is not a Recurrent Lab predictions file`,
    damagedHeader,
  });
  if (h.format !== 1 || !Number.isInteger(h.n) || h.n < 0 || typeof h.sha256 !== 'string') {
    throw new UserError(damagedHeader, 'predictions_corrupt');
  }
  const dataEnd = dataStart + h.n * 5;
  if (buf.length !== dataEnd) throw new UserError(`predictions ${path} are truncated or padded (${buf.length} bytes, expected ${dataEnd})`, 'predictions_corrupt');
  const payload = buf.subarray(dataStart, dataEnd);
  if (createHash('sha256').update(payload).digest('hex') !== h.sha256) {
    throw new UserError(`predictions ${path} are damaged: they do not match the SHA-256 in their header (the file was changed after it was written)`, 'predictions_corrupt');
  }
  const probabilities = new Float32Array(h.n);
  new Uint8Array(probabilities.buffer).set(payload.subarray(0, h.n * 4));
  const labels = Uint8Array.from(payload.subarray(h.n * 4));
  return {
    n: h.n,
    dataFingerprint: h.dataFingerprint,
    limitTest: h.limitTest,
    maxLen: h.maxLen,
    numWords: h.numWords,
    probabilities,
    labels,
    sha256: h.sha256,
  };
}

/** A run's stored predictions, or null when it has none (not finished, or finished before they were stored). */
export function runPredictions(artifactsDir: string, runId: string): TestPredictions | null {
  const path = predictionsPath(artifactsDir, runId);
  return existsSync(path) ? readPredictionsFile(path) : null;
}
