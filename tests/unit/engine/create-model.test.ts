// createModel / getKernels: backend choice, device report, kernels that run the engine's products.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel, getKernels } from '../../../main/engine/index.js';
import { sgemmJs } from '../../../main/engine/kernels/js.js';
import { defaultThreads } from '../../../main/engine/parallel/threads.js';
import { tinySpec } from './helpers.js';
import { UserError } from '../../../main/errors.js';

test('getKernels returns one shared kernel set whose sgemm agrees with the plain-JS reference', async () => {
  const k = await getKernels();
  assert.equal(await getKernels(), k);
  const A = k.alloc(6);
  const B = k.alloc(6);
  const C = k.alloc(4);
  A.set([1, 2, 3, 4, 5, 6]);
  B.set([0.5, -1, 2, 0, 1, 3]);
  k.sgemm(false, true, 2, 2, 3, A, 3, B, 3, C, 2, 0);
  const ref = new Float32Array(4);
  sgemmJs(false, true, 2, 2, 3, A, 3, B, 3, ref, 2, 0);
  assert.deepEqual(Array.from(C), Array.from(ref));
});

test('backend engine always gives our engine and reports its kernels; auto gives a working model', async () => {
  const spec = tinySpec({ arch: 'gru' });
  const m = await createModel(spec, { seed: 3, engine: 'cpu' });
  const k = await getKernels();
  // Threads: the data-parallel split's (every core by default) on the wasm kernels, else the kernels' own.
  const threads = k.name === 'wasm-simd' && defaultThreads() > 1 ? defaultThreads() : k.threads;
  assert.deepEqual([m.device.engine, m.device.threads, m.device.simd, m.device.gpu], ['recurrent-lab', threads, k.simd, null]);
  assert.match(m.device.description, new RegExp(k.name));
  const auto = await createModel(spec, { seed: 3 });
  // Without tfjs-node(-gpu) installed (as on the CI machines) auto falls back to our engine.
  assert.ok(['recurrent-lab', 'tfjs-node', 'tfjs-node-gpu'].includes(auto.device.engine));
  const p = await auto.predict(new Int32Array(spec.maxLen).fill(1), 1);
  assert.ok(p[0]! > 0 && p[0]! < 1);
  auto.dispose();
  m.dispose();
  await assert.rejects(() => m.predict(new Int32Array(spec.maxLen), 1), /disposed/);
  await assert.rejects(() => createModel(spec, { seed: -1 }), UserError);
});
