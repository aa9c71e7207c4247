// numpy's legacy RandomState (MT19937 + bounded integers by masked rejection) against published values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MT19937, shuffledIndices } from '../../../main/data/mt19937.js';

test('MT19937 reference outputs: init_genrand(5489) first output, and the 10000th (C++ std::mt19937 requirement)', () => {
  const m = new MT19937(5489);
  assert.equal(m.nextUint32(), 3499211612);
  for (let i = 2; i < 10000; i++) m.nextUint32();
  assert.equal(m.nextUint32(), 4123659995);
});

test('np.random.seed(0); np.random.rand() == 0.5488135039273248', () => {
  assert.equal(new MT19937(0).nextDouble(), 0.5488135039273248);
});

test('np.random.seed(s); np.random.permutation(10) for the well-known seeds 0 and 42', () => {
  const perm = (seed: number): number[] => Array.from(shuffledIndices(new MT19937(seed), 10));
  assert.deepEqual(perm(0), [2, 8, 4, 9, 1, 6, 7, 3, 0, 5]);
  assert.deepEqual(perm(42), [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
});

test('interval(max) stays in [0, max] and shuffle is a permutation', () => {
  const m = new MT19937(113);
  for (const max of [0, 1, 2, 3, 7, 8, 1000, 24999, 0xffffffff]) {
    for (let k = 0; k < 200; k++) {
      const v = m.interval(max);
      assert.ok(v >= 0 && v <= max && Number.isInteger(v));
    }
  }
  const idx = shuffledIndices(m, 25000);
  assert.deepEqual(Array.from(idx).sort((a, b) => a - b), Array.from({ length: 25000 }, (_, i) => i));
  assert.throws(() => new MT19937(-1), RangeError);
});
