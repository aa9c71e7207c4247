// load_data on the real IMDB files: published Keras facts, both sources (imdb.npz and the aclImdb tarball)
// identical for all 50,000 reviews, and raw review text → textToSequence equal to the npz rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { data, privateCache, SKIP } from './helpers.js';
import { decodeSequence, loadData, loadDataFrom, loadWordIndex, readSource, textToSequence } from '../../../main/data/index.js';
import { MT19937, shuffledIndices } from '../../../main/data/mt19937.js';
import { readTar } from '../../../main/data/tar.js';
import type { ImdbArrays, RawImdb } from '../../../main/data/types.js';

privateCache();

let npz10k: ImdbArrays;

test('Keras facts for load_data(num_words=10000)', { skip: SKIP }, async () => {
  npz10k = await loadData(data(), { numWords: 10000 });
  const a = npz10k;
  assert.equal(a.source, 'npz');
  assert.equal(a.xTrain.length, 25000);
  assert.equal(a.xTest.length, 25000);
  assert.deepEqual(Array.from(a.xTrain[0]!.subarray(0, 12)), [1, 14, 22, 16, 43, 530, 973, 1622, 1385, 65, 458, 4468]);
  assert.equal(a.xTrain[0]!.length, 218);
  assert.equal(a.xTrain[1]!.length, 189);
  assert.deepEqual(Array.from(a.yTrain.subarray(0, 10)), [1, 0, 0, 1, 0, 0, 1, 0, 1, 0]);
  // x_test[0]: "please give this one a miss br br ..." (68 ids), a negative review
  assert.deepEqual(
    Array.from(a.xTest[0]!),
    [
      1, 591, 202, 14, 31, 6, 717, 10, 10, 2, 2, 5, 4, 360, 7, 4, 177, 5760, 394, 354, 4, 123, 9, 1035, 1035, 1035, 10, 10, 13, 92, 124, 89, 488, 7944, 100, 28, 1668, 14, 31, 23,
      27, 7479, 29, 220, 468, 8, 124, 14, 286, 170, 8, 157, 46, 5, 27, 239, 16, 179, 2, 38, 32, 25, 7944, 451, 202, 14, 6, 717,
    ],
  );
  assert.equal(a.yTest[0], 0);
  let max = 0;
  for (const x of a.xTrain) for (const w of x) if (w > max) max = w;
  assert.equal(max, 9999);
  const wi = await loadWordIndex(data());
  assert.equal(wi.size, 88584);
  assert.ok(
    decodeSequence(a.xTrain[0]!, wi).startsWith(
      "? this film was just brilliant casting location scenery story direction everyone's really suited the part they played and you could just imagine being there robert ? is an amazing actor and now the same being director ? father came from the same scottish island as myself",
    ),
  );
  const counts = (ys: Uint8Array): number => ys.reduce((s, y) => s + y, 0);
  assert.equal(counts(a.yTrain), 12500);
  assert.equal(counts(a.yTest), 12500);
});

test('the aclImdb tarball gives identical arrays for all 50,000 reviews', { skip: SKIP }, async () => {
  const fromNpz = await loadData(data(), {});
  const fromTar = await loadDataFrom({ kind: 'aclImdb', path: join(data(), 'aclImdb_labeled.tar.gz'), wordIndexPath: join(data(), 'imdb_word_index.json'), form: 'tar' }, {});
  assert.equal(fromTar.source, 'aclImdb');
  for (const [x, y] of [
    [fromNpz.xTrain, fromTar.xTrain],
    [fromNpz.xTest, fromTar.xTest],
  ] as const) {
    assert.equal(x.length, 25000);
    assert.equal(y.length, 25000);
    for (let i = 0; i < x.length; i++) {
      const a = x[i]!;
      const b = y[i]!;
      if (a.length !== b.length || !a.every((v, j) => v === b[j])) assert.fail(`review ${i} differs between the npz and the tarball`);
    }
  }
  assert.deepEqual(fromTar.yTrain, fromNpz.yTrain);
  assert.deepEqual(fromTar.yTest, fromNpz.yTest);
  assert.equal(fromTar.fingerprint, fromNpz.fingerprint);
  // Keras' default num_words=None: the largest id (88584 + 3) itself becomes oov_char
  let max = 0;
  for (const x of [...fromNpz.xTrain, ...fromNpz.xTest]) for (const w of x) if (w > max) max = w;
  assert.equal(max, 88586);
});

test('textToSequence on raw review texts equals the rows load_data gives for them', { skip: SKIP }, async () => {
  const wi = await loadWordIndex(data());
  const texts = new Map<string, Buffer>();
  for await (const f of readTar(join(data(), 'aclImdb_labeled.tar.gz'), (p) => /\/(train|test)\/(pos|neg)\/[^/]+\.txt$/.test(p))) if (f.data) texts.set(f.path, f.data);
  const raw: RawImdb = await readSource({ kind: 'npz', path: join(data(), 'imdb.npz'), wordIndexPath: null, form: 'npz' });
  const rng = new MT19937(113);
  const order = { train: shuffledIndices(rng, 25000), test: shuffledIndices(rng, 25000) };
  for (const split of ['train', 'test'] as const) {
    // README order: pos files sorted by name, then neg
    const names = ['pos', 'neg'].flatMap((l) =>
      [...texts.keys()].filter((p) => p.includes(`/${split}/${l}/`)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    assert.equal(names.length, 25000);
    const rows = split === 'train' ? npz10k.xTrain : npz10k.xTest;
    // the reviews at shuffled positions 0..4, then every 100th
    const positions = [0, 1, 2, 3, 4, ...Array.from({ length: 250 }, (_, k) => k * 100 + 7)];
    for (const k of positions) {
      const rawIndex = order[split][k]!;
      const text = texts.get(names[rawIndex]!)!.toString('utf8');
      const r = textToSequence(text, wi, { numWords: 10000 });
      assert.deepEqual(r.sequence, Array.from(rows[k]!), `${split}[${k}] = ${names[rawIndex]}`);
      const full = textToSequence(text, wi, { numWords: 1e9 });
      const s = raw[split];
      assert.deepEqual(full.sequence.slice(1), Array.from(s.tokens.subarray(s.offsets[rawIndex]!, s.offsets[rawIndex + 1]!), (w) => w + 3));
    }
  }
});
