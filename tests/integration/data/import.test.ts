// importData: the real tarball, a small unpacked aclImdb folder of real reviews, and bad inputs that must
// leave the data folder without a trusted file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { data, privateCache, SKIP, tempDir } from './helpers.js';
import { dataStatus, importData, loadData, loadWordIndex, textToSequence } from '../../../main/data/index.js';
import { readTar } from '../../../main/data/tar.js';
import { isUserError } from '../../../main/errors.js';

privateCache();

test('importing the aclImdb tarball (word index beside it) makes a ready folder equal to the npz', { skip: SKIP }, async () => {
  const dir = tempDir('imp-tar');
  const r = await importData(join(data(), 'aclImdb_labeled.tar.gz'), dir);
  assert.deepEqual(r.reviews, { train: 25000, test: 25000 });
  assert.deepEqual(readdirSync(dir).sort(), ['aclImdb_labeled.tar.gz', 'imdb_word_index.json']);
  const s = await dataStatus(dir);
  assert.equal(s.ready, true);
  assert.equal(s.source, 'aclImdb');
  const fromTar = await loadData(dir, { numWords: 10000 });
  const fromNpz = await loadData(data(), { numWords: 10000 });
  assert.equal(fromTar.source, 'aclImdb');
  assert.equal(fromTar.fingerprint, fromNpz.fingerprint);
});

test('importing an unpacked aclImdb folder of real reviews tokenises them like textToSequence', { skip: SKIP }, async () => {
  const src = join(tempDir('imp-src'), 'aclImdb');
  const perBucket = new Map<string, number>();
  const texts: string[] = [];
  for await (const f of readTar(join(data(), 'aclImdb_labeled.tar.gz'), (p) => /\/(train|test)\/(pos|neg)\/[^/]+\.txt$/.test(p))) {
    if (!f.data) continue; // README, imdb.vocab: listed, not read
    const m = /\/((?:train|test)\/(?:pos|neg))\/([^/]+)$/.exec(f.path)!;
    const n = perBucket.get(m[1]!) ?? 0;
    if (n >= 3) continue;
    perBucket.set(m[1]!, n + 1);
    mkdirSync(join(src, m[1]!), { recursive: true });
    writeFileSync(join(src, m[1]!, m[2]!), f.data!);
    texts.push(f.data!.toString('utf8'));
  }
  assert.equal(texts.length, 12);
  mkdirSync(join(src, 'train', 'unsup'));
  writeFileSync(join(src, 'train', 'unsup', '0_0.txt'), 'unlabelled reviews are ignored');
  copyFileSync(join(data(), 'imdb_word_index.json'), join(src, 'imdb_word_index.json'));
  const dir = tempDir('imp-dir');
  const r = await importData(src, dir);
  assert.deepEqual(r.reviews, { train: 6, test: 6 });
  assert.deepEqual(readdirSync(join(dir, 'aclImdb', 'train')).sort(), ['neg', 'pos']);
  const a = await loadData(dir, { numWords: 10000 });
  assert.equal(a.source, 'aclImdb');
  const wi = await loadWordIndex(dir);
  const expected = texts.map((t) => textToSequence(t, wi, { numWords: 10000 }).sequence.join(',')).sort();
  const got = [...a.xTrain, ...a.xTest].map((x) => Array.from(x).join(',')).sort();
  assert.deepEqual(got, expected);
  assert.deepEqual([...a.yTrain].sort(), [0, 0, 0, 1, 1, 1]);
});

test('bad imports: not IMDB data, a truncated npz, a tarball without word index, a missing path', { skip: SKIP }, async () => {
  const dir = tempDir('imp-bad');
  const junk = join(tempDir('junk'), 'notes.txt');
  writeFileSync(junk, 'hello');
  await assert.rejects(importData(junk, dir), (e: unknown) => isUserError(e) && e.message.includes(junk) && /is not IMDB data/.test(e.message));

  const cutDir = tempDir('cut');
  const cut = join(cutDir, 'imdb.npz');
  copyFileSync(join(data(), 'imdb.npz'), cut);
  truncateSync(cut, 10_000_000);
  await assert.rejects(importData(cut, dir), (e: unknown) => isUserError(e) && e.message.includes(cut));
  const lonely = join(cutDir, 'aclImdb_v1.tar.gz');
  writeFileSync(lonely, Buffer.from([0x1f, 0x8b, 8, 0]));
  await assert.rejects(importData(lonely, dir), /needs imdb_word_index\.json beside it/);
  await assert.rejects(importData(join(cutDir, 'nope.npz'), dir), /file not found: .*nope\.npz/);
  assert.deepEqual(readdirSync(dir), [], 'nothing was copied');
});

test('an import confined to a folder (serve --allow-import-from) reads nothing outside it: reviews, review folders, word index', async () => {
  const root = tempDir('imp-within');
  const imports = join(root, 'imports');
  const outside = join(root, 'outside');
  const acl = join(imports, 'aclImdb');
  for (const b of ['train/pos', 'train/neg', 'test/pos', 'test/neg']) {
    mkdirSync(join(acl, b), { recursive: true });
    writeFileSync(join(acl, b, '0_7.txt'), 'a fine film');
  }
  mkdirSync(join(outside, 'neg'), { recursive: true });
  writeFileSync(join(outside, 'secret.txt'), 'the film of my password');
  writeFileSync(join(outside, 'neg', '0_1.txt'), 'film');
  writeFileSync(join(root, 'imdb_word_index.json'), JSON.stringify({ the: 1, film: 2, a: 3, fine: 4 }));
  // the only word index lies outside the import folder (beside the aclImdb folder's parent)
  await assert.rejects(importData(acl, tempDir('imp-w0'), undefined, { within: acl }), /needs imdb_word_index\.json/);
  writeFileSync(join(acl, 'imdb_word_index.json'), JSON.stringify({ the: 1, film: 2, a: 3, fine: 4 }));
  const ok = await importData('aclImdb', tempDir('imp-w1'), undefined, { within: imports });
  assert.deepEqual(ok.reviews, { train: 2, test: 2 });

  symlinkSync(join(outside, 'secret.txt'), join(acl, 'train', 'pos', '1_9.txt'));
  const dir = tempDir('imp-w2');
  await assert.rejects(importData(acl, dir, undefined, { within: imports }), (e: unknown) => isUserError(e) && e.code === 'forbidden' && /1_9\.txt is not a plain file/.test(e.message));
  assert.deepEqual(readdirSync(dir), [], 'nothing was copied');
  const followed = await importData(acl, tempDir('imp-w3'));
  assert.deepEqual(followed.reviews, { train: 3, test: 2 }, 'unconfined (CLI, desktop dialog), a link is followed as before');

  rmSync(join(acl, 'train', 'pos', '1_9.txt'));
  rmSync(join(acl, 'test', 'neg'), { recursive: true });
  symlinkSync(join(outside, 'neg'), join(acl, 'test', 'neg'), 'dir');
  await assert.rejects(importData(acl, tempDir('imp-w4'), undefined, { within: imports }), (e: unknown) => isUserError(e) && e.code === 'forbidden' && /outside the import folder/.test(e.message));
  await assert.rejects(importData(join(outside, 'secret.txt'), tempDir('imp-w5'), undefined, { within: imports }), (e: unknown) => isUserError(e) && e.code === 'forbidden');
});
