// Data parallelism over the batch (main/engine/parallel): a training step split across the calling thread
// and 1, 2 or 3 replica workers gives the single-threaded loss, accuracy, gradients and random-stream state
// (float rounding aside) for every architecture, with dropout, masking, uneven splits (10 rows over 4
// threads), batches with fewer shares than threads and batches too small to split; repeated runs are
// bit-for-bit equal; the thread count is reported; the default is every core, RECURRENT_LAB_THREADS=1
// forces one.
import test from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { createModel } from '../../../main/engine/index.js';
import { EngineModel } from '../../../main/engine/model.js';
import { loadBestKernels } from '../../../main/engine/kernels/index.js';
import { defaultThreads, threadsForBatch } from '../../../main/engine/parallel/threads.js';
import type { Kernels } from '../../../main/engine/kernels/api.js';
import { Rng } from '../../../main/engine/rng.js';
import { TUTORIAL_TRAIN, type ModelSpec } from '../../../main/model/spec.js';
import { assertClose, tinyData, tinySpec } from './helpers.js';

const TOL = 1e-5;

async function pair(kernels: Kernels, spec: ModelSpec, threads = 2): Promise<[EngineModel, EngineModel]> {
  const one = await createModel(spec, { seed: 5, kernels, engine: 'cpu', threads: 1 });
  const two = await createModel(spec, { seed: 5, kernels, engine: 'cpu', threads, parallelMinRows: 1 });
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
  ['lstm + max-pool', tinySpec({ arch: 'lstm', head: 'max-pool' })],
  ['bilstm + avg-pool, mask_zero', tinySpec({ arch: 'bilstm', head: 'avg-pool', maskZero: true })],
];

/** Batch sizes per thread count: odd and uneven splits (10 over 4: 3+3+2+2), fewer shares than threads, one row. */
const BATCHES: [number, number[]][] = [[2, [9, 6, 1]], [3, [10, 7, 2]], [4, [10, 5, 3]]];

test('a data-parallel training step on 2, 3 or 4 threads equals the single-threaded one for every architecture and batch size', async () => {
  const kernels = await loadBestKernels({ threads: 2 });
  assert.equal(kernels.name, 'wasm-simd', 'these tests need the wasm kernels (npm run build:wasm)');
  try {
    for (const [threads, batches] of BATCHES) for (const [what0, spec] of specs) {
      const what = `${threads} threads, ${what0}`;
      const [one, two] = await pair(kernels, spec, threads);
      try {
        assert.doesNotMatch(one.device.description, /data-parallel/);
        assert.equal(two.device.threads, threads);
        assert.match(two.device.description, new RegExp(`${threads} threads \\(data-parallel`));
        for (const B of batches) {
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
        // The first batch really took every thread: with the last replica gone, the step fails (and says why).
        await replicaThreads(two)[threads - 2]!.worker.terminate();
        const B = batches[0]!;
        const data = tinyData(B, spec.maxLen, spec.numWords, 100 + B, 2);
        await assert.rejects(two.trainStep(data.x, data.y, B, two.ctx(true, new Rng(11, 1))), /data-parallel replica thread died/, `${what}: used every replica`);
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
    // Batches of 16 over 4 threads (4 rows each); the last batch of 5 only on 2 (parallelMinRows 2).
    for (const threads of [2, 2, 4, 4, 1]) {
      const m = await createModel(spec, { seed: 4, kernels, engine: 'cpu', threads, parallelMinRows: 2 });
      try {
        const r = await m.fit(data, null, train);
        runs.push({ loss: r.epochs.map((e) => e.loss), weights: m.getWeights() });
      } finally {
        m.dispose();
      }
    }
    const single = runs[4]!;
    for (const [a, b, what] of [[runs[0]!, runs[1]!, '2 threads'], [runs[2]!, runs[3]!, '4 threads']] as const) {
      assert.deepEqual(b.loss, a.loss, what);
      a.weights.forEach((w, i) => assert.deepEqual(b.weights[i]!.data, w.data, `${what}: ${w.name} repeatable`));
      a.weights.forEach((w, i) => assertClose(single.weights[i]!.data, w.data, 1e-4, `${what}: ${w.name} vs single-threaded`));
      a.loss.forEach((l, i) => assert.ok(Math.abs(l - single.loss[i]!) < 1e-4, `${what}: epoch ${i + 1} loss ${l} vs ${single.loss[i]}`));
    }
  } finally {
    kernels.dispose();
  }
});

test('the default is every core, RECURRENT_LAB_THREADS=1 forces one thread; bad thread counts are refused', async () => {
  const kernels = await loadBestKernels({ threads: 2 });
  const spec = tinySpec({ arch: 'gru' });
  const old = process.env['RECURRENT_LAB_THREADS'];
  try {
    delete process.env['RECURRENT_LAB_THREADS'];
    const cores = Math.min(64, availableParallelism());
    assert.equal(defaultThreads(), cores);
    const all = await createModel(spec, { seed: 1, kernels, engine: 'cpu' });
    assert.equal(all.device.threads, cores > 1 ? cores : kernels.threads);
    all.dispose();
    // No more threads than a batch can use: at least 8 rows each.
    assert.equal(threadsForBatch(64, 16), 8);
    assert.equal(threadsForBatch(10, 4), 1);
    assert.equal(threadsForBatch(32, 3), 3);
    assert.equal(threadsForBatch(64), Math.min(cores, 8));
    process.env['RECURRENT_LAB_THREADS'] = '1';
    assert.equal(defaultThreads(), 1);
    const m = await createModel(spec, { seed: 1, kernels, engine: 'cpu' });
    assert.doesNotMatch(m.device.description, /data-parallel/);
    m.dispose();
    delete process.env['RECURRENT_LAB_THREADS'];
    const d = await createModel(spec, { seed: 1, kernels, engine: 'cpu', threads: 2 });
    assert.equal(d.device.threads, 2);
    assert.match(d.device.description, /data-parallel/);
    d.dispose();
    await assert.rejects(createModel(spec, { seed: 1, kernels, engine: 'cpu', threads: 0 }), /threads must be/);
    await assert.rejects(createModel(spec, { seed: 1, kernels, engine: 'cpu', threads: 65 }), /threads must be an integer in 1\.\.64/);
  } finally {
    if (old === undefined) delete process.env['RECURRENT_LAB_THREADS'];
    else process.env['RECURRENT_LAB_THREADS'] = old;
    kernels.dispose();
  }
});

test('a replica thread that dies mid-run stops training with a clear reason instead of hanging', async () => {
  const kernels = await loadBestKernels({ threads: 2 });
  const spec = tinySpec({ arch: 'lstm' });
  const m = await createModel(spec, { seed: 3, kernels, engine: 'cpu', threads: 2, parallelMinRows: 2 });
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

test('data-parallel evaluation and prediction on 2 or 4 threads equal the single-threaded ones', async () => {
  const kernels = await loadBestKernels({ threads: 2 });
  try {
    for (const threads of [2, 4]) for (const [what0, spec] of specs.filter(([w]) => /rnn|gru mask|bilstm concat|stacked-lstm|lstm dropout/.test(w))) {
      const what = `${threads} threads, ${what0}`;
      const [one, two] = await pair(kernels, spec, threads);
      try {
        // 67 rows: a full chunk of 64 split over every thread, then a remainder of 3 (over up to 3).
        const data = tinyData(67, spec.maxLen, spec.numWords, 40, 2);
        const e1 = await one.evaluate(data);
        const e2 = await two.evaluate(data);
        assert.ok(Math.abs(e1.loss - e2.loss) < 1e-6, `${what}: loss ${e1.loss} vs ${e2.loss}`);
        assert.equal(e2.accuracy, e1.accuracy, `${what}: accuracy`);
        assertClose(e2.probabilities, e1.probabilities, 1e-6, `${what}: probabilities`);
        assertClose(await two.predict(data.x, data.n), e1.probabilities, 1e-6, `${what}: predict`);
        // It really ran on the replicas: with the last one gone, evaluation fails (and says why).
        await replicaThreads(two)[threads - 2]!.worker.terminate();
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
