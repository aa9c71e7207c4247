// Dropout and recurrent dropout backward: with the dropout masks held fixed (same random stream), every
// gradient matches central finite differences of the training-mode loss.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../main/engine/rng.js';
import type { ModelSpec } from '../../../main/model/spec.js';
import { bceWithLogits } from '../../../main/engine/loss.js';
import { engineModel, tinyData, tinySpec } from './helpers.js';

async function check(spec: ModelSpec): Promise<void> {
  const m = engineModel(spec, 4);
  const n = 3;
  const data = tinyData(n, spec.maxLen, spec.numWords, 2, spec.maskZero ? 2 : 0);
  m.reserve(n);
  const lossAt = () => {
    const logits = m.net.forward(data.x, n, m.ctx(true, new Rng(5)));
    return bceWithLogits(logits, data.y, n, null, 1).lossSum / n;
  };
  m.forwardBackward(data.x, data.y, n, m.ctx(true, new Rng(5)));
  const grads = m.net.params.map((p) => Float64Array.from(p.grad));
  // Training mode really drops something: the loss differs from inference.
  const inference = (await m.evaluate(data)).loss;
  assert.notEqual(lossAt(), inference);
  const h = 1e-2;
  m.net.params.forEach((p, pi) => {
    // A spread of elements of every parameter (all of the small ones).
    const step = Math.max(1, Math.floor(p.data.length / 12));
    for (let i = 0; i < p.data.length; i += step) {
      const v = p.data[i]!;
      p.data[i] = v + h;
      const lp = lossAt();
      p.data[i] = v - h;
      const lm = lossAt();
      p.data[i] = v;
      const fd = (lp - lm) / (2 * h);
      const g = grads[pi]![i]!;
      assert.ok(Math.abs(fd - g) < 2e-4 + 2e-2 * Math.abs(g), `${p.name}[${i}]: analytic ${g} vs finite difference ${fd}`);
    }
  });
}

for (const arch of ['rnn', 'lstm', 'gru', 'stacked-lstm', 'bilstm'] as const) {
  test(`${arch}: dropout 0.3 + recurrent dropout 0.3 gradients match finite differences`, async () => {
    await check(tinySpec({ arch, dropout: 0.3, recurrentDropout: 0.3, layers: arch === 'stacked-lstm' ? 2 : 1 }));
  });
}
test('gru reset_after=false with dropouts and mask_zero: gradients match finite differences', async () => {
  await check(tinySpec({ arch: 'gru', gruResetAfter: false, dropout: 0.3, recurrentDropout: 0.3, maskZero: true }));
});
