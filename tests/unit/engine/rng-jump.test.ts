// Jumping the xoshiro128** stream: the state n draws ahead equals drawing n times, for n from 0 to 2^20
// (every bit of the jump table up to there, and sums of several powers).
import test from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../main/engine/rng.js';
import { jumpState } from '../../../main/engine/rng-jump.js';

test('jumpState(state, n) is the state after n draws', () => {
  const ns = [0, 1, 2, 3, 31, 32, 33, 127, 128, 1000, 4097, 65535, 65536, 100_003, 1 << 20];
  for (const seed of [1, 42, 0xdeadbeef]) {
    const rng = new Rng(seed, 3);
    const start = rng.getState();
    let drawn = 0;
    for (const n of ns) {
      while (drawn < n) {
        rng.nextU32();
        drawn++;
      }
      assert.deepEqual(jumpState(start, n), rng.getState(), `seed ${seed}: ${n} draws`);
    }
  }
});

test('jumpState refuses what it cannot jump', () => {
  assert.throws(() => jumpState([1, 2, 3, 4], -1), /cannot jump/);
  assert.throws(() => jumpState([1, 2, 3, 4], 2 ** 32), /cannot jump/);
  assert.throws(() => jumpState([1, 2, 3, 4], 1.5), /cannot jump/);
});
