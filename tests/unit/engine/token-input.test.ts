// The token-input path (layers/token-input.ts: the first recurrent layer projects each distinct embedding
// row once and folds its gradients by id) computes what the plain path computes: same logits, loss and
// every gradient — embedding rows included — for every architecture, with padding, repeated ids, odd
// batches, and on the wasm kernels as on the JS ones. With dropout after the embedding it is not used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineModel } from '../../../main/engine/model.js';
import { createJsKernels } from '../../../main/engine/kernels/js.js';
import { loadBestKernels, type Kernels } from '../../../main/engine/kernels/index.js';
import { TokenInput } from '../../../main/engine/layers/token-input.js';
import { Rng } from '../../../main/engine/rng.js';
import type { ModelSpec } from '../../../main/model/spec.js';
import { assertClose, tinyData, tinySpec } from './helpers.js';

test('TokenInput lists each id once, in first-seen time-major order, and every row finds its id', () => {
  const tok = new TokenInput(10);
  const B = 3;
  const T = 4;
  const x = Int32Array.from([0, 0, 5, 7, /**/ 5, 5, 5, 5, /**/ 0, 9, 7, 1]); // batch-major [B, T]
  tok.build(x, B, T);
  assert.deepEqual(Array.from(tok.uniq.subarray(0, tok.count)), [0, 5, 9, 7, 1]);
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) assert.equal(tok.uniq[tok.slot[t * B + b]!], x[b * T + t]);
  tok.build(Int32Array.from([3, 3]), 1, 2); // reusable: nothing left over from the last batch
  assert.deepEqual(Array.from(tok.uniq.subarray(0, tok.count)), [3]);
});

const specs: [string, ModelSpec][] = [
  ['rnn', tinySpec({ arch: 'rnn' })],
  ['lstm mask_zero', tinySpec({ arch: 'lstm', maskZero: true })],
  ['gru reset_after', tinySpec({ arch: 'gru', gruResetAfter: true })],
  ['gru reset_before, recurrent dropout', tinySpec({ arch: 'gru', gruResetAfter: false, recurrentDropout: 0.3 })],
  ['bilstm concat', tinySpec({ arch: 'bilstm', merge: 'concat' })],
  ['bilstm mul, mask_zero', tinySpec({ arch: 'bilstm', merge: 'mul', maskZero: true })],
  ['stacked-lstm', tinySpec({ arch: 'stacked-lstm', layers: 2 })],
];

function compare(kernels: Kernels, spec: ModelSpec, what: string, tol: number): void {
  const tokens = new EngineModel(spec, 9, kernels);
  const plain = new EngineModel(spec, 9, kernels);
  plain.net.tokenInput = false;
  try {
    for (const B of [7, 2]) {
      // numWords 20 over 7×5 positions: ids repeat within and across rows; padding in every other row.
      const data = tinyData(B, spec.maxLen, spec.numWords, 30 + B, 2);
      tokens.reserve(B);
      plain.reserve(B);
      const s1 = tokens.forwardBackward(data.x, data.y, B, tokens.ctx(true, new Rng(3, 1)));
      const s2 = plain.forwardBackward(data.x, data.y, B, plain.ctx(true, new Rng(3, 1)));
      assert.ok(Math.abs(s1.lossSum - s2.lossSum) <= tol, `${what} B=${B}: loss ${s1.lossSum} vs ${s2.lossSum}`);
      tokens.net.params.forEach((p, i) => assertClose(p.grad, plain.net.params[i]!.grad, tol, `${what} B=${B}: ${p.name} gradient`));
      const sp1 = tokens.net.embedding.param.sparse!;
      const sp2 = plain.net.embedding.param.sparse!;
      assert.deepEqual(new Set(sp1.rows.subarray(0, sp1.count)), new Set(sp2.rows.subarray(0, sp2.count)), `${what}: touched rows`);
    }
  } finally {
    tokens.dispose();
    plain.dispose();
  }
}

test('token input equals the plain path for every architecture (JS kernels)', () => {
  for (const [what, spec] of specs) compare(createJsKernels(), spec, what, 1e-6);
});

test('token input equals the plain path on the wasm kernels', async () => {
  const kernels = await loadBestKernels({ threads: 1 });
  try {
    for (const [what, spec] of specs) compare(kernels, spec, what, 1e-5);
  } finally {
    kernels.dispose();
  }
});

test('with dropout right after the embedding the plain path runs (its input is not an embedding row)', () => {
  const spec = tinySpec({ arch: 'lstm', dropout: 0.3 });
  const m = new EngineModel(spec, 2, createJsKernels());
  const data = tinyData(4, spec.maxLen, spec.numWords, 5);
  m.reserve(4);
  const stats = m.forwardBackward(data.x, data.y, 4, m.ctx(true, new Rng(1, 1)));
  assert.ok(Number.isFinite(stats.lossSum));
  assert.equal((m.net as unknown as { tokenPass: boolean }).tokenPass, false);
  m.dispose();
});
