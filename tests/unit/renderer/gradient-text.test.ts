// The gradient lens's words follow its curves: orders of magnitude from the last timestep back to the first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeFalls, falls } from '../../../renderer/lib/gradient-text.js';

test('each curve is described by how far its gradient falls back in time', () => {
  const fs = falls([
    { label: 'SimpleRNN', norms: [1e-9, 1e-6, 1e-3] }, // falls 6 orders towards t = 1
    { label: 'LSTM', norms: [0, 0.002, 0.004, 0.005] }, // leading zero (padding) ignored: 0.4 orders
    { label: 'odd', norms: [0.5, 1e-3] }, // grows back in time
    { label: 'empty', norms: [0, 0] },
  ]);
  assert.deepEqual(fs.map((f) => f.label), ['SimpleRNN', 'LSTM', 'odd']);
  assert.ok(Math.abs(fs[0]!.orders - 6) < 1e-9);
  assert.ok(Math.abs(fs[1]!.orders - Math.log10(2.5)) < 1e-9);
  const text = describeFalls(fs);
  assert.match(text[0]!, /^SimpleRNN: falls 6\.0 orders of magnitude/);
  assert.match(text[1]!, /^LSTM: stays within one order of magnitude/);
  assert.match(text[2]!, /^odd: grows 2\.7 orders of magnitude/);
});
