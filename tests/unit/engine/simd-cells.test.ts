// The recurrent cells' SIMD kernels (kernels/wasm/cells.as: LSTM, SimpleRNN and both GRU variants' gates,
// state updates and gate gradients, with their own exp/sigmoid/tanh) against the layers' JS loops: the same
// model on the wasm kernels and on the JS kernels gives the same outputs, loss and every gradient, for units
// that fill whole vectors, leave a tail, or are all tail, with and without padding (mask_zero: padded steps
// carry state).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineModel } from '../../../main/engine/model.js';
import { createJsKernels } from '../../../main/engine/kernels/js.js';
import { loadBestKernels } from '../../../main/engine/kernels/index.js';
import { Rng } from '../../../main/engine/rng.js';
import type { ModelSpec } from '../../../main/model/spec.js';
import { assertClose, tinyData, tinySpec } from './helpers.js';

const specs: [string, ModelSpec][] = [];
for (const units of [8, 6, 3]) {
  specs.push([`lstm ${units}u`, tinySpec({ arch: 'lstm', units, maxLen: 9 })]);
  specs.push([`rnn ${units}u`, tinySpec({ arch: 'rnn', units, maxLen: 9 })]);
  specs.push([`gru reset_after ${units}u`, tinySpec({ arch: 'gru', gruResetAfter: true, units, maxLen: 9 })]);
}
specs.push(['gru reset_after, recurrent dropout', tinySpec({ arch: 'gru', gruResetAfter: true, units: 6, maxLen: 9, recurrentDropout: 0.3 })]);
specs.push(['gru reset_before 6u', tinySpec({ arch: 'gru', gruResetAfter: false, units: 6, maxLen: 9 })]);
specs.push(['gru reset_before 8u, recurrent dropout, mask_zero', tinySpec({ arch: 'gru', gruResetAfter: false, units: 8, maxLen: 9, recurrentDropout: 0.3, maskZero: true })]);
specs.push(['bilstm concat', tinySpec({ arch: 'bilstm', units: 5, maxLen: 9 })]);
specs.push(['stacked-lstm, dropout + recurrent dropout', tinySpec({ arch: 'stacked-lstm', layers: 2, units: 4, maxLen: 9, dropout: 0.2, recurrentDropout: 0.2 })]);
specs.push(['lstm mask_zero', tinySpec({ arch: 'lstm', units: 6, maxLen: 9, maskZero: true })]);
specs.push(['rnn mask_zero', tinySpec({ arch: 'rnn', units: 6, maxLen: 9, maskZero: true })]);
specs.push(['gru reset_after mask_zero, recurrent dropout', tinySpec({ arch: 'gru', gruResetAfter: true, units: 6, maxLen: 9, maskZero: true, recurrentDropout: 0.2 })]);
specs.push(['bilstm mask_zero', tinySpec({ arch: 'bilstm', units: 5, maxLen: 9, maskZero: true })]);

test('SIMD cell kernels give the JS loops\' outputs, loss and gradients', async () => {
  const wasm = await loadBestKernels({ threads: 1 });
  assert.ok(wasm.cells, 'the wasm kernels bring the cell kernels (npm run build:wasm)');
  try {
    for (const [what, spec] of specs) {
      const a = new EngineModel(spec, 4, wasm);
      const b = new EngineModel(spec, 4, createJsKernels());
      try {
        const B = 5;
        const data = tinyData(B, spec.maxLen, spec.numWords, 12, 3);
        a.reserve(B);
        b.reserve(B);
        const sa = a.forwardBackward(data.x, data.y, B, a.ctx(true, new Rng(2, 1)));
        const sb = b.forwardBackward(data.x, data.y, B, b.ctx(true, new Rng(2, 1)));
        assert.ok(Math.abs(sa.lossSum - sb.lossSum) < 2e-6 * B, `${what}: loss ${sa.lossSum} vs ${sb.lossSum}`);
        a.net.params.forEach((p, i) => assertClose(p.grad, b.net.params[i]!.grad, 2e-6, `${what}: ${p.name} gradient`));
        assertClose(await a.predict(data.x, B), await b.predict(data.x, B), 1e-6, `${what}: probabilities`);
      } finally {
        a.dispose();
        b.dispose();
      }
    }
  } finally {
    wasm.dispose();
  }
});
