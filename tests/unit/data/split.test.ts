// Keras' validation_split: the last fraction of the training rows, taken before any shuffling
// (train_validation_split: split_at = floor(n × (1 − split))), and the setting's schema and meaning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitForValidation } from '../../../main/data/split.js';
import { selectedOnTest, trainSpecSchema, TUTORIAL_TRAIN, validationSource, validationSplitAt } from '../../../main/model/spec.js';
import { UserError } from '../../../main/errors.js';
import type { Dataset } from '../../../main/engine/types.js';

/** n rows of width 2: row i is [i, i], label i. */
function rows(n: number): Dataset {
  const x = new Int32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = i;
    x[2 * i + 1] = i;
    y[i] = i;
  }
  return { x, y, n, maxLen: 2 };
}

test('Keras arithmetic: floor(n × (1 − split)) rows train, the rest validate', () => {
  assert.equal(validationSplitAt(10, 0.2), 8);
  assert.equal(validationSplitAt(7, 0.3), 4); // 7 × 0.7 = 4.8999… → 4 train, 3 validate
  assert.equal(validationSplitAt(25000, 0.2), 20000);
  assert.equal(validationSplitAt(256, 0.25), 192);
  assert.throws(() => validationSplitAt(1, 0.5), /none to train on/);
  assert.throws(() => validationSplitAt(10, 1e-17), /none to validate on/); // 1 − 1e-17 rounds to 1
});

test('the held-out part is the last rows, in order (before shuffling); the first rows train', () => {
  const { train, val } = splitForValidation(rows(10), 0.2);
  assert.equal(train.n, 8);
  assert.equal(val.n, 2);
  assert.deepEqual(Array.from(train.y), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(Array.from(val.y), [8, 9]);
  assert.deepEqual(Array.from(val.x), [8, 8, 9, 9]);
  assert.equal(train.x.length, 16);
  assert.equal(val.maxLen, 2);
  const seven = splitForValidation(rows(7), 0.3);
  assert.deepEqual([seven.train.n, seven.val.n], [4, 3]);
  assert.deepEqual(Array.from(seven.val.y), [4, 5, 6]);
  assert.throws(() => splitForValidation(rows(1), 0.5), (e: unknown) => e instanceof UserError && /none to train on/.test(e.message));
});

test('the setting: (0, 1) or null, needs validation, and what a run validates on', () => {
  const ok = (v: unknown, validation = true) => trainSpecSchema.safeParse({ ...TUTORIAL_TRAIN, validation, validationSplit: v }).success;
  assert.equal(ok(0.2), true);
  assert.equal(ok(null), true);
  for (const bad of [0, 1, -0.1, 1.5, 'x']) assert.equal(ok(bad), false, String(bad));
  assert.equal(ok(0.2, false), false);
  // A spec stored before the field existed reads as validating on the test split.
  const { validationSplit: _, ...old } = TUTORIAL_TRAIN;
  assert.equal(trainSpecSchema.parse(old).validationSplit, null);
  assert.equal(validationSource(TUTORIAL_TRAIN), 'test');
  assert.equal(selectedOnTest(TUTORIAL_TRAIN), true);
  assert.equal(validationSource({ validation: true, validationSplit: 0.2 }), 'held-out');
  assert.equal(selectedOnTest({ validation: true, validationSplit: 0.2 }), false);
  assert.equal(validationSource({ validation: false, validationSplit: null }), 'none');
  assert.equal(selectedOnTest({ validation: false, validationSplit: null }), false);
});
