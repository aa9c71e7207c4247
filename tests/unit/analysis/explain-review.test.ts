// explainReview (main/analysis/explain-review.ts) lines each word's occlusion contribution up with the review as
// a person reads it, for a run that saw all of it and a run whose maxLen cut its start; refuses reviews outside
// the run's test set and data with another fingerprint. The model is a transparent scoring function, so every
// expected contribution can be worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainReview } from '../../../main/analysis/explain-review.js';
import { predictionsPath, writePredictionsFile } from '../../../main/runs/predictions-file.js';
import { DEFAULT_LOAD_OPTIONS, type ImdbArrays } from '../../../main/data/index.js';
import type { RunRecord } from '../../../main/runs/store.js';

// load_data's review: start mark 1, then ids 10 11 2 12 13 = "a b [oov] c d" (id = rank + indexFrom 3; 2 = oov).
const review = Int32Array.from([1, 10, 11, 2, 12, 13]);
const arrays: ImdbArrays = {
  xTrain: [], yTrain: new Uint8Array(0), xTest: [review], yTest: Uint8Array.from([1]), source: 'npz', sourcePath: '-', fingerprint: 'fp-1',
  options: { ...DEFAULT_LOAD_OPTIONS, numWords: 100 },
};
const wordIndex = new Map([['a', 7], ['b', 8], ['c', 9], ['d', 10]]);

/** P(positive) = 0.1 + 0.3 per "b" (id 11) + 0.2 per "d" (id 13) in the row: occluding b drops 0.3, d drops 0.2. */
async function predict(x: Int32Array, n: number): Promise<Float32Array> {
  const len = x.length / n;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let p = 0.1;
    for (let t = 0; t < len; t++) p += x[i * len + t] === 11 ? 0.3 : x[i * len + t] === 13 ? 0.2 : 0;
    out[i] = p;
  }
  return out;
}

test('each word gets its own contribution; words cut by truncation and oov words get none', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rl-explain-'));
  try {
    const run = (id: string, maxLen: number): RunRecord => {
      mkdirSync(join(dir, id));
      writePredictionsFile(predictionsPath(dir, id), { dataFingerprint: 'fp-1', limitTest: 1, maxLen, numWords: 100 }, [0.6], [1]);
      return { id, status: 'finished' } as RunRecord;
    };
    const whole = run('whole', 10);
    const cut = run('cut', 4); // keeps the last 4 tokens: b [oov] c d — "a" (and the start mark) are cut
    const r = await explainReview(dir, [{ run: whole, predict }, { run: cut, predict }], 0, async () => arrays, async () => wordIndex);
    assert.equal(r.label, 1);
    assert.deepEqual(r.words, ['a', 'b', '[oov]', 'c', 'd']);
    const [w, c] = r.runs;
    assert.equal(w?.firstSeenWord, 0);
    assert.equal(c?.firstSeenWord, 1);
    const rounded = (v: (number | null)[] | undefined) => v?.map((x) => (x === null ? null : Math.round(x * 1e6) / 1e6));
    assert.deepEqual(rounded(w?.contributions), [0, 0.3, null, 0, 0.2]);
    assert.deepEqual(rounded(c?.contributions), [null, 0.3, null, 0, 0.2]);
    assert.ok(Math.abs((w?.probability ?? 0) - 0.6) < 1e-6);
    assert.ok(Math.abs((c?.storedProbability ?? 0) - 0.6) < 1e-6);

    await assert.rejects(explainReview(dir, [{ run: whole, predict }], 1, async () => arrays, async () => wordIndex), /review 1 is not among run whole's 1 test reviews/);
    await assert.rejects(
      explainReview(dir, [{ run: whole, predict }], 0, async () => ({ ...arrays, fingerprint: 'fp-2' }), async () => wordIndex),
      /run whole was evaluated on other IMDB data than the data here/,
    );
    await assert.rejects(explainReview(dir, [{ run: { id: 'none', status: 'running' } as RunRecord, predict }], 0, async () => arrays, async () => wordIndex), /run none has no stored test predictions \(it is running\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
