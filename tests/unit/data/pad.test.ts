// pad_sequences in every mode (examples as in the Keras docs) and toDataset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { padSequences, toDataset } from '../../../main/data/pad.js';

const SEQS = [[1], [2, 3], [4, 5, 6]];
const rows = (flat: Int32Array, w: number): number[][] => Array.from({ length: flat.length / w }, (_, i) => Array.from(flat.subarray(i * w, i * w + w)));

test('defaults: pad and truncate at the front', () => {
  assert.deepEqual(rows(padSequences(SEQS, { maxLen: 3 }), 3), [
    [0, 0, 1],
    [0, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(rows(padSequences(SEQS, { maxLen: 2 }), 2), [
    [0, 1],
    [2, 3],
    [5, 6],
  ]);
});

test('padding post, truncating post, a value, typed and plain inputs, empty sequences', () => {
  assert.deepEqual(rows(padSequences(SEQS, { maxLen: 3, padding: 'post' }), 3), [
    [1, 0, 0],
    [2, 3, 0],
    [4, 5, 6],
  ]);
  assert.deepEqual(rows(padSequences(SEQS, { maxLen: 2, truncating: 'post' }), 2), [
    [0, 1],
    [2, 3],
    [4, 5],
  ]);
  assert.deepEqual(rows(padSequences(SEQS, { maxLen: 2, padding: 'post', truncating: 'post' }), 2), [
    [1, 0],
    [2, 3],
    [4, 5],
  ]);
  assert.deepEqual(rows(padSequences(SEQS, { maxLen: 3, value: -1 }), 3), [
    [-1, -1, 1],
    [-1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(rows(padSequences([Int32Array.of(7, 8, 9, 10), []], { maxLen: 3, value: 5 }), 3), [
    [8, 9, 10],
    [5, 5, 5],
  ]);
  assert.throws(() => padSequences(SEQS, { maxLen: 0 }), /maxLen must be a positive integer/);
  assert.throws(() => padSequences(SEQS, { maxLen: 2, padding: 'middle' as 'pre' }), /padding must be "pre" or "post"/);
});

test('toDataset pads pre/pre, converts labels to float and honours limit', () => {
  const ds = toDataset([Int32Array.of(1, 2, 3), Int32Array.of(4)], Uint8Array.of(1, 0), 2);
  assert.deepEqual(Array.from(ds.x), [2, 3, 0, 4]);
  assert.deepEqual(Array.from(ds.y), [1, 0]);
  assert.equal(ds.n, 2);
  assert.equal(ds.maxLen, 2);
  const one = toDataset([Int32Array.of(1, 2, 3), Int32Array.of(4)], Uint8Array.of(1, 0), 4, 1);
  assert.equal(one.n, 1);
  assert.deepEqual(Array.from(one.x), [0, 1, 2, 3]);
  assert.ok(one.y instanceof Float32Array);
});
