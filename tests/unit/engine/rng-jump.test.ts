// Jumping the xoshiro128** stream: the state n draws ahead equals drawing n times, for n from 0 to 2^20
// (every bit of the jump table up to there, and sums of several powers). And drawing dropout decisions in
// bulk (fillDecisions) equals drawing them one by one.
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

test('fillDecisions draws what as many uniform() calls draw, and leaves the stream where they leave it', () => {
  for (const keep of [0.5, 0.7, 1 - 0.3571, 0.999, 1e-9]) {
    const a = new Rng(9, 2);
    const b = new Rng(9, 2);
    const bytes = new Uint8Array(5000 + 3);
    a.fillDecisions(bytes, 3, 5000, keep, 0, 1);
    const floats = new Float32Array(700);
    a.fillDecisions(floats, 0, 700, keep, 1 / keep, 0);
    for (let i = 0; i < 5000; i++) assert.equal(bytes[3 + i], b.uniform() < keep ? 0 : 1, `keep ${keep}, byte ${i}`);
    for (let i = 0; i < 700; i++) assert.equal(floats[i], Math.fround(b.uniform() < keep ? 1 / keep : 0), `keep ${keep}, float ${i}`);
    assert.deepEqual(a.getState(), b.getState(), `keep ${keep}: the state after`);
  }
});
