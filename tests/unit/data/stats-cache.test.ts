// datasetStats on hand-made arrays, and the tokenised cache's refusal of partial or corrupt files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datasetStats } from '../../../main/data/stats.js';
import { decodeCache, encodeCache } from '../../../main/data/cache.js';
import type { ImdbArrays, RawSplit } from '../../../main/data/types.js';

const arrays: ImdbArrays = {
  xTrain: [Int32Array.of(1, 5, 20, 2), Int32Array.of(1, 4)],
  yTrain: Uint8Array.of(1, 0),
  xTest: [Int32Array.of(1, 3, 3, 3, 3, 30), Int32Array.of(1)],
  yTest: Uint8Array.of(1, 1),
  source: 'npz',
  sourcePath: 'mem',
  fingerprint: 'x',
};

test('counts, mean/median length, OOV rate (start char excluded) and truncated share', () => {
  const s = datasetStats(arrays, { numWords: 10, maxLen: 3 });
  assert.deepEqual(s.counts, { train: { pos: 1, neg: 1 }, test: { pos: 2, neg: 0 } });
  assert.equal(s.meanLength, (4 + 2 + 6 + 1) / 4);
  assert.equal(s.medianLength, 3);
  // words: 5,20,2 | 4 | 3,3,3,3,30 → 9 words; oov: 20, 2 (oov char), 30 → 3
  assert.equal(s.oovRate, 3 / 9);
  assert.equal(s.truncatedShare, 2 / 4);
  assert.equal(s.lengthHistogram.counts.reduce((a, b) => a + b, 0), 4);
  assert.equal(s.lengthHistogram.binEdges.length, s.lengthHistogram.counts.length + 1);
  assert.ok(s.lengthHistogram.binEdges.at(-1)! > 6);
  assert.throws(() => datasetStats(arrays, { numWords: 3, maxLen: 3 }), /numWords must be an integer ≥ 4/);
});

function split(rows: number[][], labels: number[]): RawSplit {
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (offsets[i + 1] = offsets[i]! + r.length));
  return { tokens: Int32Array.from(rows.flat()), offsets, labels: Uint8Array.from(labels) };
}

test('cache round-trips and rejects truncated, corrupted or foreign files', () => {
  const raw = { train: split([[1, 2, 3], [4]], [1, 0]), test: split([[5, 6]], [1]) };
  const buf = encodeCache(raw);
  const back = decodeCache(buf);
  assert.ok(back);
  assert.deepEqual(Array.from(back.train.tokens), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(back.train.offsets), [0, 3, 4]);
  assert.deepEqual(Array.from(back.test.labels), [1]);
  assert.equal(decodeCache(buf.subarray(0, buf.length - 1)), null);
  const flipped = Buffer.from(buf);
  flipped[70] = flipped[70]! ^ 1;
  assert.equal(decodeCache(flipped), null);
  assert.equal(decodeCache(Buffer.from('something else entirely, long enough to have a header........')), null);
});
