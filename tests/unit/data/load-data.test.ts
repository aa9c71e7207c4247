// load_data's post-processing on tiny raw splits, step by step as keras/src/datasets/imdb.py does it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyLoadData, normalizeLoadOptions } from '../../../main/data/loadData.js';
import { MT19937, shuffledIndices } from '../../../main/data/mt19937.js';
import type { RawSplit } from '../../../main/data/types.js';

function split(rows: number[][], labels: number[]): RawSplit {
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (offsets[i + 1] = offsets[i]! + r.length));
  return { tokens: Int32Array.from(rows.flat()), offsets, labels: Uint8Array.from(labels) };
}

const TRAIN = [[5, 1, 2], [7], [1, 1, 1, 1, 1], [3, 4]];
const TEST = [[2, 9], [6, 6, 6]];
const RAW = { train: split(TRAIN, [1, 0, 1, 0]), test: split(TEST, [0, 1]) };

test('shuffles train then test with one RandomState(seed), adds start_char and index_from', () => {
  const a = applyLoadData(RAW, { numWords: 1000 }, 'npz', 'mem');
  const rng = new MT19937(113);
  const tr = shuffledIndices(rng, 4);
  const te = shuffledIndices(rng, 2);
  assert.deepEqual(
    a.xTrain.map((x) => Array.from(x)),
    Array.from(tr).map((i) => [1, ...TRAIN[i]!.map((w) => w + 3)]),
  );
  assert.deepEqual(Array.from(a.yTrain), Array.from(tr).map((i) => [1, 0, 1, 0][i]));
  assert.deepEqual(
    a.xTest.map((x) => Array.from(x)),
    Array.from(te).map((i) => [1, ...TEST[i]!.map((w) => w + 3)]),
  );
});

test('num_words=None maps the single largest id to oov_char too (Keras quirk), skip_top and num_words → oov', () => {
  const all = applyLoadData(RAW, {}, 'npz', 'mem');
  const flat = [...all.xTrain, ...all.xTest].flatMap((x) => Array.from(x));
  assert.ok(!flat.includes(12), 'max id 9+3 = 12 becomes oov');
  assert.ok(flat.includes(10), 'id 10 (raw 7) survives');
  const cut = applyLoadData(RAW, { numWords: 8, skipTop: 5 }, 'npz', 'mem');
  for (const x of [...cut.xTrain, ...cut.xTest]) for (const w of x) assert.ok(w === 2 || (w >= 5 && w < 8), `id ${w}`);
  // start_char 1 < skip_top 5 → it becomes oov as well, exactly as in Keras
  assert.ok(cut.xTrain.every((x) => x[0] === 2));
});

test('maxlen drops sequences with len(x) >= maxlen (after start_char) and errors when nothing is left', () => {
  const a = applyLoadData(RAW, { numWords: 100, maxLen: 4 }, 'npz', 'mem');
  for (const x of [...a.xTrain, ...a.xTest]) assert.ok(x.length < 4);
  assert.equal(a.xTrain.length, 2); // [5,1,2] → 4 ids with start_char, dropped; so is the 6-id row
  assert.equal(a.xTest.length, 1); // [6,6,6] → 4 ids, dropped
  assert.throws(() => applyLoadData(RAW, { maxLen: 2 }, 'npz', 'mem'), /no sequence was kept/);
});

test('options are validated with clear messages; the fingerprint follows the content', () => {
  assert.throws(() => normalizeLoadOptions({ numWords: 3 }), /numWords must be an integer ≥ 4, got 3/);
  assert.throws(() => normalizeLoadOptions({ seed: 1.5 }), /seed must be an integer/);
  assert.throws(() => normalizeLoadOptions({ maxLen: 0 }), /maxLen must be an integer ≥ 1/);
  assert.deepEqual(normalizeLoadOptions({ numWords: undefined, seed: undefined } as unknown as { numWords: number }), {
    numWords: null,
    skipTop: 0,
    maxLen: null,
    seed: 113,
    startChar: 1,
    oovChar: 2,
    indexFrom: 3,
  });
  const a = applyLoadData(RAW, { numWords: 100 }, 'npz', 'mem');
  const b = applyLoadData(RAW, { numWords: 100 }, 'aclImdb', 'elsewhere');
  const c = applyLoadData(RAW, { numWords: 100, seed: 7 }, 'npz', 'mem');
  assert.equal(a.fingerprint, b.fingerprint);
  assert.notEqual(a.fingerprint, c.fingerprint);
  assert.match(a.fingerprint, /^[0-9a-f]{64}$/);
});
