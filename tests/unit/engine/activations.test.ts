// The fast tanh/sigmoid stay within a few float32 ulps of the exact functions over the whole range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sigmoidF, tanhF } from '../../../main/engine/layers/activations.js';

test('tanhF and sigmoidF are within 3e-7 of Math.tanh and the exact logistic', () => {
  let et = 0;
  let es = 0;
  for (let x = -30; x <= 30; x += 1e-3) {
    et = Math.max(et, Math.abs(tanhF(x) - Math.tanh(x)));
    es = Math.max(es, Math.abs(sigmoidF(x) - 1 / (1 + Math.exp(-x))));
  }
  assert.ok(et < 3e-7, `tanh error ${et}`);
  assert.ok(es < 3e-7, `sigmoid error ${es}`);
  assert.equal(tanhF(0), 0);
  assert.equal(sigmoidF(0), 0.5);
  assert.ok(tanhF(-1e-3) < 0 && tanhF(1e-3) > 0);
});
