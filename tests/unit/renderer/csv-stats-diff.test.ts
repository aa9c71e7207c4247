// CSV writing, seed-group statistics and hyperparameter diffs for the Compare screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, toCsv } from '../../../renderer/lib/csv.js';
import { meanStd } from '../../../renderer/lib/stats.js';
import { diffSpecs, groupBySeed, seedGroupKey } from '../../../renderer/lib/diff.js';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../../main/model/spec.js';

test('csv quotes only what needs quoting', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(null), '');
  assert.equal(csvField(NaN), '');
  assert.equal(csvField(0.5), '0.5');
  assert.equal(toCsv([['run', 'acc'], ['lstm, 1', 0.81]]), 'run,acc\r\n"lstm, 1",0.81\r\n');
  assert.equal(toCsv([]), '');
});

test('mean ± sample std', () => {
  const r = meanStd([0.8, 0.82, 0.84, null]);
  assert.ok(r);
  assert.ok(Math.abs(r.mean - 0.82) < 1e-12);
  assert.ok(Math.abs(r.std - 0.02) < 1e-12);
  assert.equal(r.n, 3);
  assert.deepEqual(meanStd([5]), { mean: 5, std: 0, n: 1 });
  assert.equal(meanStd([]), null);
});

test('diff marks differing hyperparameters and groups seeds', () => {
  const a = { model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN };
  const b = { model: { ...TUTORIAL_MODEL, arch: 'gru' as const }, train: TUTORIAL_TRAIN };
  const c = { model: TUTORIAL_MODEL, train: { ...TUTORIAL_TRAIN, seed: 7 } };
  const rows = diffSpecs([a, b], true);
  assert.equal(rows[0]?.key, 'model.arch');
  assert.deepEqual(rows[0]?.values, ['lstm', 'gru']);
  assert.equal(rows.filter((r) => r.differs).length, 1);
  assert.ok(rows.some((r) => r.key === 'train.batchSize' && !r.differs));
  assert.equal(seedGroupKey(a.model, a.train), seedGroupKey(c.model, c.train));
  assert.notEqual(seedGroupKey(a.model, a.train), seedGroupKey(b.model, b.train));
  const groups = groupBySeed([a, b, c]);
  assert.equal(groups.length, 2);
  assert.deepEqual(groups[0], [a, c]);
});
