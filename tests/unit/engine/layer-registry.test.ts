// The layer registry's promises that no other test pins down: the dropout draws each kind declares are
// exactly the decisions our CPU pass consumes, in its order (the data-parallel replay and the WebGPU engine's
// GPU-side draws are built from them: tests/unit/webgpu/dropout-draws.test.ts), and the step cost the time
// estimate scales stored runs by.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../main/engine/rng.js';
import { ReplayRng, drawMasks } from '../../../main/engine/parallel/replay-rng.js';
import { drawsFor } from '../../../main/engine/parallel/layout.js';
import { stepCost } from '../../../main/engine/plan.js';
import { TUTORIAL_MODEL, type ModelSpec } from '../../../main/model/spec.js';
import { engineModel, tinyData, tinySpec } from './helpers.js';

const B = 3;
const dropping: [string, ModelSpec][] = [
  ['lstm, dropout + recurrent dropout', tinySpec({ arch: 'lstm', dropout: 0.3, recurrentDropout: 0.2 })],
  ['gru, recurrent dropout only', tinySpec({ arch: 'gru', recurrentDropout: 0.4 })],
  ['bilstm + max-pool, both', tinySpec({ arch: 'bilstm', head: 'max-pool', dropout: 0.2, recurrentDropout: 0.3 })],
  ['stacked-lstm ×3 + avg-pool, both', tinySpec({ arch: 'stacked-lstm', layers: 3, head: 'avg-pool', dropout: 0.25, recurrentDropout: 0.1 })],
  ['rnn, no dropout', tinySpec({ arch: 'rnn' })],
];

for (const [what, spec] of dropping) {
  test(`${what}: a training pass consumes exactly the declared draws, in the declared order`, () => {
    const data = tinyData(B, spec.maxLen, spec.numWords, 11);
    const n = drawsFor(spec, B);
    // Decisions replayed from the declared draws (one replica owning every row)…
    const bytes = new Uint8Array(n);
    drawMasks(spec, B, new Rng(21, 3), new Uint8Array(B), [bytes], new Int32Array(1));
    const replay = new ReplayRng();
    replay.reset(bytes, n);
    const a = engineModel(spec);
    const replayed = Float32Array.from(a.net.forward(data.x, B, a.ctx(true, replay)));
    assert.equal(replay.pos, n, 'every declared decision is read, and no more');
    // …give the logits of the same pass drawing straight from the stream.
    const b = engineModel(spec);
    const direct = b.net.forward(data.x, B, b.ctx(true, new Rng(21, 3)));
    assert.deepEqual(Array.from(replayed), Array.from(direct));
  });
}

test('step cost: the recurrent multiply-adds plus the embedding width (runs stored before the registry scale alike)', () => {
  assert.equal(stepCost(TUTORIAL_MODEL), 4 * (128 + 64 + 1) * 64 + 128);
  assert.equal(stepCost({ ...TUTORIAL_MODEL, arch: 'bilstm' }), 2 * 4 * (128 + 64 + 1) * 64 + 128);
  assert.equal(stepCost({ ...TUTORIAL_MODEL, arch: 'stacked-lstm', layers: 2, dropout: 0.2, head: 'max-pool' }), 4 * (128 + 64 + 1) * 64 + 4 * (64 + 64 + 1) * 64 + 128);
  assert.equal(stepCost({ ...TUTORIAL_MODEL, arch: 'gru' }), 3 * (128 + 64 + 1) * 64 + 128);
});
