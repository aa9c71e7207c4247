// Data parallelism over the batch (main/engine/parallel): a training step split across the calling thread
// and a replica worker gives the single-threaded loss, accuracy, gradients and random-stream state (float
// rounding aside) for every architecture, with dropout, masking, odd batches and batches too small to split;
// repeated runs are bit-for-bit equal; the thread count is reported; RECURRENT_LAB_THREADS=1 forces one.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createModel } from '../../../main/engine/index.js';
import { EngineModel } from '../../../main/engine/model.js';
import { loadBestKernels } from '../../../main/engine/kernels/index.js';
import type { Kernels } from '../../../main/engine/kernels/api.js';
import { Rng } from '../../../main/engine/rng.js';
import { TUTORIAL_TRAIN, type ModelSpec } from '../../../main/model/spec.js';
import { assertClose, tinyData, tinySpec } from './helpers.js';

const TOL = 1e-5;

async function pair(kernels: Kernels, spec: ModelSpec): Promise<[EngineModel, EngineModel]> {
  const one = await createModel(spec, { seed: 5, kernels, backend: 'engine', threads: 1 });
  const two = await createModel(spec, { seed: 5, kernels, backend: 'engine', threads: 2, parallelMinRows: 1 });
  assert.ok(one instanceof EngineModel && two instanceof EngineModel);
  return [one, two];
}

/** The model's real replica threads (private), to kill one from outside as an out-of-memory abort would. */
function replicaThreads(m: unknown): { worker: { terminate(): Promise<number> } }[] {
  return (m as { parallel: { replicas: { worker: { terminate(): Promise<number> } }[] } }).parallel.replicas;
}

const specs: [string, ModelSpec][] = [
  ['rnn', tinySpec({ arch: 'rnn' })],
  ['lstm', tinySpec({ arch: 'lstm' })],
  ['gru reset_after', tinySpec({ arch: 'gru', gruResetAfter: true })],
  ['gru reset_before', tinySpec({ arch: 'gru', gruResetAfter: false })],
  ['bilstm concat', tinySpec({ arch: 'bilstm', merge: 'concat' })],
  ['bilstm mul', tinySpec({ arch: 'bilstm', merge: 'mul' })],
  ['stacked-lstm', tinySpec({ arch: 'stacked-lstm', layers: 3 })],
  ['lstm dropout + recurrent dropout', tinySpec({ arch: 'lstm', dropout: 0.3, recurrentDropout: 0.25 })],
  ['stacked dropout + recurrent dropout', tinySpec({ arch: 'stacked-lstm', layers: 2, dropout: 0.2, recurrentDropout: 0.3 })],
  ['bilstm dropout + recurrent dropout, mask_zero', tinySpec({ arch: 'bilstm', dropout: 0.2, recurrentDropout: 0.2, maskZero: true })],
  ['gru mask_zero', tinySpec({ arch: 'gru', maskZero: true })],
];

test('a data-parallel training step equals the single-threaded one for every architecture and batch size', async () => {
  const kernels = await loadBestKernels({ threads: 2 });
  assert.equal(kernels.name, 'wasm-simd', 'these tests need the wasm kernels (npm run build:wasm)');
  try {
    for (const [what, spec] of specs) {
      const [one, two] = await pair(kernels, spec);
      try {
        assert.doesNotMatch(one.device.description, /data-parallel/);
        assert.equal(two.device.threads, 2);
        assert.match(two.device.description, /2 threads \(data-parallel/);
        for (const B of [9, 6, 1]) {
          const data = tinyData(B, spec.maxLen, spec.numWords, 100 + B, 2);
          const r1 = new Rng(11, 1);
          const r2 = new Rng(11, 1);
          const s1 = await one.trainStep(data.x, data.y, B, one.ctx(true, r1));
          const s2 = await two.trainStep(data.x, data.y, B, two.ctx(true, r2));
          const label = `${what}, batch ${B}`;
          assert.ok(Math.abs(s1.lossSum - s2.lossSum) <= TOL * Math.max(1, Math.abs(s1.lossSum)), `${label}: loss ${s1.lossSum} vs ${s2.lossSum}`);
          assert.equal(s2.correct, s1.correct, `${label}: correct`);
          assert.deepEqual(r2.getState(), r1.getState(), `${label}: training stream state`);
          one.net.params.forEach((p, i) => assertClose(two.net.params[i]!.grad, p.grad, TOL, `${label}: ${p.name} gradient`));
          // The sparse row list must cover every non-zero embedding row (clipping and plain SGD use it).
          const sp = two.net.embedding.param.sparse!;
          const listed = new Set(Array.from(sp.rows.subarray(0, sp.count)));
          const g = two.net.embedding.param.grad;
          for (let r = 0; r < spec.numWords; r++) {
            if (g.subarray(r * spec.embeddingDim, (r + 1) * spec.embeddingDim).some((v) => v !== 0)) assert.ok(listed.has(r), `${label}: row ${r} listed`);
          }
        }
      } finally {
        one.dispose();
        two.dispose();
      }
    }
  } finally {
    kernels.dispose();
  }
});

test('data-parallel training is repeatable bit for bit and tracks single-threaded training', async () => {
  const kernels = await loadBestKernels({ threads: 2 });
  try {
    const spec = tinySpec({ arch: 'lstm', dropout: 0.2, recurrentDropout: 0.1, maskZero: true });
    const data = tinyData(53, spec.maxLen, spec.numWords, 3, 2);
    const train = { ...TUTORIAL_TRAIN, batchSize: 16, epochs: 2, validation: false, seed: 9 };
    const runs = [];
    for (const threads of [2, 2, 1]) {
      const m = await createModel(spec, { seed: 4, kernels, backend: 'engine', threads, parallelMinRows: 2 });
      try {
        const r = await m.fit(data, null, train);
        runs.push({ loss: r.epochs.map((e) => e.loss), weights: m.getWeights() });
      } finally {
        m.dispose();
      }
    }
    const [a, b, single] = runs;
    assert.deepEqual(b!.loss, a!.loss);
    a!.weights.forEach((w, i) => assert.deepEqual(b!.weights[i]!.data, w.data, `${w.name} repeatable`));
    a!.weights.forEach((w, i) => assertClose(single!.weights[i]!.data, w.data, 1e-4, `${w.name} vs single-threaded`));
    a!.loss.forEach((l, i) => assert.ok(Math.abs(l - single!.loss[i]!) < 1e-4, `epoch ${i + 1} loss ${l} vs ${single!.loss[i]}`));
  } finally {
    kernels.dispose();
  }
});

test('RECURRENT_LAB_THREADS=1 forces one thread; bad thread counts are refused', async () => {
  const kernels = await loadBestKernels({ threads: 2 });
  const spec = tinySpec({ arch: 'gru' });
  const old = process.env['RECURRENT_LAB_THREADS'];
  try {
    process.env['RECURRENT_LAB_THREADS'] = '1';
    const m = await createModel(spec, { seed: 1, kernels, backend: 'engine' });
    assert.doesNotMatch(m.device.description, /data-parallel/);
    m.dispose();
    delete process.env['RECURRENT_LAB_THREADS'];
    const d = await createModel(spec, { seed: 1, kernels, backend: 'engine', threads: 2 });
    assert.equal(d.device.threads, 2);
    assert.match(d.device.description, /data-parallel/);
    d.dispose();
    await assert.rejects(createModel(spec, { seed: 1, kernels, backend: 'engine', threads: 0 }), /threads must be/);
  } finally {
    if (old === undefined) delete process.env['RECURRENT_LAB_THREADS'];
    else process.env['RECURRENT_LAB_THREADS'] = old;
    kernels.dispose();
  }
});

test('a replica thread that dies mid-run stops training with a clear reason instead of hanging', async () => {
  const kernels = await loadBestKernels({ threads: 2 });
  const spec = tinySpec({ arch: 'lstm' });
  const m = await createModel(spec, { seed: 3, kernels, backend: 'engine', threads: 2, parallelMinRows: 2 });
  try {
    assert.ok(m instanceof EngineModel);
    const replicas = replicaThreads(m);
    const data = tinyData(64, spec.maxLen, spec.numWords, 8, 2);
    const seen: number[] = [];
    const t0 = Date.now();
    await assert.rejects(
      m.fit(data, null, { ...TUTORIAL_TRAIN, batchSize: 8, epochs: 1, validation: false }, {
        onBatch: (b) => {
          seen.push(b.batch);
          if (b.batch === 2) void replicas[0]!.worker.terminate();
        },
      }),
      /data-parallel replica thread died \(exited with code 1\)/,
    );
    assert.ok(seen.length >= 2 && seen.length < 8, `batches before the stop: ${seen.join(',')}`);
    assert.ok(Date.now() - t0 < 60_000, 'noticed well before any timeout');
    // The model itself is intact and goes on single-threaded.
    const r = new Rng(1, 1);
    const s = await m.trainStep(data.x.subarray(0, 8 * spec.maxLen), data.y.subarray(0, 8), 8, m.ctx(true, r));
    assert.ok(Number.isFinite(s.lossSum));
  } finally {
    m.dispose();
    kernels.dispose();
  }
});

test('data-parallel evaluation and prediction equal the single-threaded ones', async () => {
  const kernels = await loadBestKernels({ threads: 2 });
  try {
    for (const [what, spec] of specs.filter(([w]) => /rnn|gru mask|bilstm concat|stacked-lstm|lstm dropout/.test(w))) {
      const [one, two] = await pair(kernels, spec);
      try {
        // 67 rows: a full chunk of 64 split over both threads, then a remainder of 3.
        const data = tinyData(67, spec.maxLen, spec.numWords, 40, 2);
        const e1 = await one.evaluate(data);
        const e2 = await two.evaluate(data);
        assert.ok(Math.abs(e1.loss - e2.loss) < 1e-6, `${what}: loss ${e1.loss} vs ${e2.loss}`);
        assert.equal(e2.accuracy, e1.accuracy, `${what}: accuracy`);
        assertClose(e2.probabilities, e1.probabilities, 1e-6, `${what}: probabilities`);
        assertClose(await two.predict(data.x, data.n), e1.probabilities, 1e-6, `${what}: predict`);
        // It really ran on the replica: with that thread gone, evaluation fails (and says why).
        await replicaThreads(two)[0]!.worker.terminate();
        await assert.rejects(two.evaluate(data), /data-parallel replica thread died/, `${what}: evaluation used the replica`);
      } finally {
        one.dispose();
        two.dispose();
      }
    }
  } finally {
    kernels.dispose();
  }
});
