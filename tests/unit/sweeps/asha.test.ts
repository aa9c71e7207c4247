// ASHA's decisions, deterministically: rungs, the top-1/η rule at a rung, ties and diverged trials.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ashaDecide, ashaProblem, ashaRungs } from '../../../main/sweeps/asha.js';

test('rungs are min·η^k below the most epochs', () => {
  assert.deepEqual(ashaRungs(1, 3, 10), [1, 3, 9]);
  assert.deepEqual(ashaRungs(1, 3, 9), [1, 3]);
  assert.deepEqual(ashaRungs(1, 2, 8), [1, 2, 4]);
  assert.deepEqual(ashaRungs(2, 2, 20), [2, 4, 8, 16]);
  assert.deepEqual(ashaRungs(1, 3, 1), []);
});

test('a trial goes on only within the top max(1, ⌊n/η⌋) of the n values at its rung', () => {
  // The first to reach a rung always goes on.
  assert.equal(ashaDecide(0.5, [], 3), 'continue');
  // n = 2, η = 3: only the best so far goes on.
  assert.equal(ashaDecide(0.6, [0.7], 3), 'stop');
  assert.equal(ashaDecide(0.8, [0.7], 3), 'continue');
  // Ties go on.
  assert.equal(ashaDecide(0.7, [0.7], 3), 'continue');
  // n = 6, η = 3: the top 2 go on.
  const five = [0.9, 0.8, 0.6, 0.5, 0.4];
  assert.equal(ashaDecide(0.85, five, 3), 'continue'); // 2nd of 6
  assert.equal(ashaDecide(0.7, five, 3), 'stop'); // 3rd of 6
  // η = 2, n = 6: the top 3 go on.
  assert.equal(ashaDecide(0.7, five, 2), 'continue');
  assert.equal(ashaDecide(0.55, five, 2), 'stop');
  // A trial with no finite value (diverged) stops; diverged values recorded earlier do not count.
  assert.equal(ashaDecide(NaN, [], 3), 'stop');
  assert.equal(ashaDecide(null, [], 3), 'stop');
  assert.equal(ashaDecide(0.5, [NaN], 3), 'continue');
});

test('a sequence of trials: what asynchronous halving stops as the values arrive', () => {
  const values = [0.70, 0.65, 0.80, 0.60, 0.75, 0.85, 0.50, 0.79];
  const seen: number[] = [];
  const decisions = values.map((v) => {
    const d = ashaDecide(v, seen, 3);
    seen.push(v);
    return d;
  });
  // n=1 go; n=2 k=1 (0.65<0.70) stop; n=3 k=1 0.80 best go; n=4 k=1 stop; n=5 k=1 (0.75<0.80) stop;
  // n=6 k=2 0.85 best go; n=7 k=2 stop; n=8 k=2: top two are 0.85, 0.80 → 0.79 stop.
  assert.deepEqual(decisions, ['continue', 'stop', 'continue', 'stop', 'stop', 'continue', 'stop', 'stop']);
});

test('η and rungs are checked against the trials\' epochs', () => {
  assert.equal(ashaProblem({ eta: 3, rungs: [1, 3] }, 5), null);
  assert.match(ashaProblem({ eta: 1, rungs: [1] }, 5) ?? '', /--eta must be an integer in 2\.\.100/);
  assert.match(ashaProblem({ eta: 3, rungs: [] }, 1) ?? '', /asha needs at least one rung below --epochs 1/);
  assert.match(ashaProblem({ eta: 3, rungs: [1, 5] }, 5) ?? '', /rung 5 is not below --epochs 5/);
  assert.match(ashaProblem({ eta: 3, rungs: [2, 1] }, 5) ?? '', /rungs must increase/);
  assert.match(ashaProblem({ eta: 3, rungs: [0] }, 5) ?? '', /whole epochs ≥ 1/);
});
