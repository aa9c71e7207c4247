// Errors about a user-chosen file name the file and the kind of problem, never its contents: each case
// imports (the call the API makes) a file with a secret planted where the old messages quoted the file —
// a word index's keys and values, V8's JSON snippet, zip entry names, .npy header/dtype/shape text,
// pickle globals and text ints, tar member names.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { importData } from '../../../main/data/import.js';
import { parseWordIndex } from '../../../main/data/wordIndex.js';
import { isUserError } from '../../../main/errors.js';
import { int64Npy, objectNpy, zipFiles } from './npy-bytes.js';

const SECRET = 'sk-live-SECRET0f3a9';
const root = mkdtempSync(join(tmpdir(), 'rl-errtext-'));
after(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** Writes `bytes` as `name` in a fresh folder (with a valid word index beside it when asked). */
function place(name: string, bytes: Buffer | string, withWordIndex = false): string {
  const d = join(root, `case-${++n}`);
  mkdirSync(d);
  if (withWordIndex) writeFileSync(join(d, 'imdb_word_index.json'), JSON.stringify({ the: 1, film: 2 }));
  const p = join(d, name);
  writeFileSync(p, bytes);
  return p;
}

/** importData rejects with a UserError that names the file, says what is wrong, and quotes nothing of it. */
async function rejectsWithoutContents(path: string, why: RegExp): Promise<void> {
  const data = join(root, `data-${n}`);
  await assert.rejects(importData(path, data), (e: unknown) => {
    assert.ok(isUserError(e), `a UserError, not ${String(e)}`);
    assert.ok(e.message.includes(path), `the message names the file: ${e.message}`);
    assert.match(e.message, why);
    assert.ok(!e.message.includes(SECRET) && !e.message.includes('SECRET'), `the message quotes the file: ${e.message}`);
    return true;
  });
}

/** A pickle (protocol 2) that is only a text INT opcode holding `text`. */
function textIntPickle(text: string): Buffer {
  return Buffer.concat([Buffer.from([0x80, 0x02, 0x49]), Buffer.from(`${text}\n`, 'latin1'), Buffer.from([0x2e])]);
}

/** An .npy with a hand-written header dict. */
function npyWithHeader(dict: string, body = Buffer.alloc(0)): Buffer {
  const text = dict + ' '.repeat((64 - ((10 + dict.length + 1) % 64)) % 64) + '\n';
  const h = Buffer.alloc(10);
  h[0] = 0x93;
  h.write('NUMPY', 1, 'latin1');
  h[6] = 1;
  h.writeUInt16LE(text.length, 8);
  return Buffer.concat([h, Buffer.from(text, 'latin1'), body]);
}

/** A one-member ustar archive cut inside the member's data. */
function cutTar(member: string): Buffer {
  const h = Buffer.alloc(512);
  h.write(member, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write((4096).toString(8).padStart(11, '0') + '\0', 124);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return Buffer.concat([h, Buffer.from('a review that stops')]);
}

test('a word index with a non-rank value: the key and value are not echoed', async () => {
  await rejectsWithoutContents(place('imdb_word_index.json', JSON.stringify({ the: 1, api_key: SECRET })), /entry 2 is not a word with a positive integer rank/);
  await rejectsWithoutContents(place('imdb_word_index.json', JSON.stringify({ [SECRET]: -1 })), /entry 1/);
});

test('JSON syntax errors give a position, not V8 snippet of the text', async () => {
  await rejectsWithoutContents(place('imdb_word_index.json', `{"the": 1, "token": ${SECRET}}`), /not valid JSON \(a syntax error\)/);
  await rejectsWithoutContents(place('imdb_word_index.json', `{"the": 1, "${SECRET}" 2}`), /not valid JSON \(syntax error at character \d+\)/);
  assert.throws(() => parseWordIndex(`{"password": "${SECRET}"`, 'wi.json'), (e: unknown) => isUserError(e) && !e.message.includes(SECRET) && e.message.startsWith('wi.json'));
});

test('an npz without the Keras arrays: its entry names are not listed', async () => {
  await rejectsWithoutContents(place('imdb.npz', zipFiles([[`${SECRET}.npy`, int64Npy([1])]], false)), /has no x_train\.npy \(it holds 1 other entry\)/);
});

test('.npy headers: unreadable text, odd dtypes and shapes are not quoted', async () => {
  const npz = (x: Buffer) => place('imdb.npz', zipFiles([['x_train.npy', x], ['y_train.npy', int64Npy([1])]], false));
  await rejectsWithoutContents(npz(npyWithHeader(`{'${SECRET}': 1}`)), /not a valid \.npy array \(unreadable header\)/);
  await rejectsWithoutContents(npz(npyWithHeader(`{'descr': '${SECRET}', 'fortran_order': False, 'shape': (1,), }`)), /expected an object array, found an unrecognised dtype/);
  await rejectsWithoutContents(npz(npyWithHeader(`{'descr': '|O', 'fortran_order': False, 'shape': (${SECRET},), }`)), /bad shape/);
});

test('pickles: a foreign global and a text int that is no number are not quoted', async () => {
  const npz = (x: Buffer) => place('imdb.npz', zipFiles([['x_train.npy', x], ['y_train.npy', int64Npy([1])]], false));
  await rejectsWithoutContents(npz(objectNpy([[1, 2]], { proto: 2, module: SECRET })), /top-level object is not numpy's _reconstruct/);
  const good = objectNpy([], { proto: 2 });
  const header = good.subarray(0, 10 + good.readUInt16LE(8));
  await rejectsWithoutContents(npz(Buffer.concat([header, textIntPickle(SECRET)])), /pickle data is corrupt/);
});

test('a tarball cut inside a review: the member name is not echoed', async () => {
  await rejectsWithoutContents(place('aclImdb_v1.tar.gz', gzipSync(cutTar(`aclImdb/train/pos/${SECRET}_9.txt`)), true), /not a valid tar archive \(archive ends inside a file\)/);
});
