// What a drop on the browser's Data screen becomes (renderer/lib/drop.ts): the dataset files in upload order
// (the word index first, so a tarball finds it), or the one-line reason — folders, other kinds, too large.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planUpload, type DroppedEntry } from '../../../renderer/lib/drop.js';
import { MAX_UPLOAD_BYTES, uploadKind, uploadRefusal } from '../../../main/contract/upload.js';

const f = (name: string, size = 1000, folder = false): DroppedEntry => ({ name, size, folder });

test('dataset files are uploaded in the order dropped, the word index first', () => {
  assert.deepEqual(planUpload([f('imdb.npz')], true), { ok: true, order: [0] });
  assert.deepEqual(planUpload([f('aclImdb_v1.tar.gz'), f('imdb_word_index.json')], true), { ok: true, order: [1, 0] });
  assert.deepEqual(planUpload([f('imdb.npz'), f('aclImdb.tgz'), f('imdb_word_index.json')], true), { ok: true, order: [2, 0, 1] });
  assert.deepEqual(planUpload([f('IMDB.NPZ'), f('Words.JSON')], true), { ok: true, order: [1, 0] }, 'endings in any case');
});

test('a folder, a file of another kind, or one over the cap refuses the whole drop, saying why', () => {
  const folder = planUpload([f('imdb.npz'), f('aclImdb', 4096, true)], true);
  assert.equal(folder.ok, false);
  assert.match(folder.ok ? '' : folder.message, /^aclImdb: a folder cannot be uploaded from a browser: .*desktop app.*`recurrent-lab data import DIR`/);
  const notes = planUpload([f('imdb.npz'), f('notes.txt')], true);
  assert.deepEqual(notes, { ok: false, message: uploadRefusal('notes.txt') });
  assert.match(notes.ok ? '' : notes.message, /^notes\.txt is not an IMDB dataset file/);
  const big = planUpload([f('imdb.npz', MAX_UPLOAD_BYTES + 1)], true);
  assert.deepEqual(big, { ok: false, message: 'imdb.npz is 256.0 MiB: the lab takes uploads of at most 256.0 MiB' });
  assert.deepEqual(planUpload([f('imdb.npz', MAX_UPLOAD_BYTES)], true), { ok: true, order: [0] }, 'the cap itself is allowed');
  assert.equal(planUpload([], true).ok, false);
});

test('a tarball without the word index (in the drop or the data folder) is refused before it is sent', () => {
  assert.deepEqual(planUpload([f('aclImdb_v1.tar.gz')], false), { ok: false, message: 'aclImdb_v1.tar.gz needs imdb_word_index.json (the Keras word ranks) to be imported: drop both together' });
  assert.deepEqual(planUpload([f('aclImdb_v1.tar.gz')], true), { ok: true, order: [0] });
  assert.deepEqual(planUpload([f('aclImdb_v1.tar.gz'), f('imdb_word_index.json')], false), { ok: true, order: [1, 0] });
  assert.deepEqual(planUpload([f('imdb.npz')], false), { ok: true, order: [0] }, 'an npz is imported alone (its status then asks for the word index)');
});

test('the kinds the server takes, by name', () => {
  assert.equal(uploadKind('imdb.npz'), 'npz');
  assert.equal(uploadKind('aclImdb_v1.tar.gz'), 'tarball');
  assert.equal(uploadKind('acl.TGZ'), 'tarball');
  assert.equal(uploadKind('imdb_word_index.json'), 'wordIndex');
  for (const name of ['aclImdb_v1.tar', 'imdb.npz.zip', 'notes.txt', 'aclImdb', 'gz']) assert.equal(uploadKind(name), null, name);
  assert.equal(uploadRefusal('imdb.npz'), null);
});
