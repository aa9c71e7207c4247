// The tfjs backend seam, exercised on the pure-JS @tensorflow/tfjs backend (tfjs-node cannot install here):
// same weight names/shapes as our engine, same predictions for the same weights, training that learns,
// callbacks, cancellation, checkpoints that resume exactly, and tryCreateTfjsNodeModel → null when absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN, type ModelSpec, type TrainSpec } from '../../../main/model/spec.js';
import type { BatchMetrics, Checkpoint, Dataset, DeviceInfo, EpochMetrics } from '../../../main/engine/types.js';
import { EngineModel } from '../../../main/engine/model.js';
import { createJsKernels } from '../../../main/engine/kernels/js.js';
import { createTfjsModel, tfjsGpu, tryCreateTfjsNodeModel } from '../../../main/engine/tfjs/adapter.js';
import { loadPureTfjs } from '../../../main/engine/tfjs/tf.js';
import { isUserError } from '../../../main/errors.js';

const tf = await loadPureTfjs();
const device: DeviceInfo = { engine: 'tfjs', threads: 1, simd: false, gpu: null, description: 'pure-JS tfjs (test)' };

function spec(over: Partial<ModelSpec>): ModelSpec {
  return { ...TUTORIAL_MODEL, numWords: 24, maxLen: 6, embeddingDim: 5, units: 4, layers: 1, gruResetAfter: false, ...over };
}
function trainSpec(over: Partial<TrainSpec>): TrainSpec {
  return { ...TUTORIAL_TRAIN, batchSize: 8, epochs: 2, validation: false, seed: 5, ...over };
}

/** A learnable task: positive iff token 7 occurs; pre-padded like the tutorial's data. */
function taskData(n: number, maxLen: number, seed: number): Dataset {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const x = new Int32Array(n * maxLen);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const len = 2 + Math.floor(rnd() * (maxLen - 1));
    const pos = i % 2 === 0;
    for (let t = maxLen - len; t < maxLen; t++) x[i * maxLen + t] = 3 + Math.floor(rnd() * 20);
    for (let t = maxLen - len; t < maxLen; t++) if (x[i * maxLen + t] === 7) x[i * maxLen + t] = 8;
    if (pos) x[i * maxLen + maxLen - 1 - Math.floor(rnd() * (len - 1))] = 7;
    y[i] = pos ? 1 : 0;
  }
  return { x, y, n, maxLen };
}

const ARCHS: [string, Partial<ModelSpec>][] = [
  ['SimpleRNN', { arch: 'rnn' }],
  ['LSTM', { arch: 'lstm' }],
  ['GRU reset_after=false', { arch: 'gru', gruResetAfter: false }],
  ['BiLSTM concat', { arch: 'bilstm', merge: 'concat' }],
  ['BiLSTM ave', { arch: 'bilstm', merge: 'ave' }],
  ['stacked LSTM ×3 with dropout', { arch: 'stacked-lstm', layers: 3, dropout: 0.2 }],
  ['LSTM mask_zero', { arch: 'lstm', maskZero: true }],
  ['LSTM + max-pool', { arch: 'lstm', head: 'max-pool' }],
  ['BiLSTM sum + avg-pool, mask_zero', { arch: 'bilstm', merge: 'sum', head: 'avg-pool', maskZero: true }],
];

for (const [label, over] of ARCHS) {
  test(`${label}: adapter weights are named and shaped like the engine's, and give the engine's predictions`, async () => {
    const s = spec(over);
    const engine = new EngineModel(s, 3, createJsKernels());
    const model = createTfjsModel(tf, s, 9, device);
    try {
      const ours = engine.getWeights();
      const theirs = model.getWeights();
      assert.deepEqual(theirs.map((w) => [w.name, w.shape]), ours.map((w) => [w.name, w.shape]));
      model.setWeights(ours);
      const back = model.getWeights();
      back.forEach((w, i) => assert.deepEqual(w.data, ours[i]!.data, `round trip of ${w.name}`));
      const d = taskData(5, s.maxLen, 1);
      const a = await engine.predict(d.x, d.n);
      const b = await model.predict(d.x, d.n);
      for (let i = 0; i < d.n; i++) assert.ok(Math.abs(a[i]! - b[i]!) <= 1e-5, `probability ${i}: engine ${a[i]} vs tfjs ${b[i]}`);
      const ea = await engine.evaluate(d);
      const eb = await model.evaluate(d);
      assert.ok(Math.abs(ea.loss - eb.loss) <= 1e-5, `loss ${ea.loss} vs ${eb.loss}`);
      assert.equal(ea.accuracy, eb.accuracy);
    } finally {
      model.dispose();
      engine.dispose();
    }
  });
}

test('for the same seed the adapter starts from the engine\'s initial weights (both backends start a run alike)', () => {
  for (const over of [{ arch: 'bilstm' }, { arch: 'stacked-lstm', layers: 2 }] as Partial<ModelSpec>[]) {
    const s = spec(over);
    const engine = new EngineModel(s, 42, createJsKernels());
    const model = createTfjsModel(tf, s, 42, device);
    const other = createTfjsModel(tf, s, 43, device);
    model.getWeights().forEach((w, i) => assert.deepEqual(w.data, engine.getWeights()[i]!.data, w.name));
    const fwd = model.getWeights().find((w) => w.name === 'bidirectional/forward_lstm/kernel');
    const bwd = model.getWeights().find((w) => w.name === 'bidirectional/backward_lstm/kernel');
    if (fwd && bwd) assert.notDeepEqual(fwd.data, bwd.data, 'the two directions start differently');
    assert.notDeepEqual(other.getWeights()[1]!.data, model.getWeights()[1]!.data, 'another seed, other weights');
    model.dispose();
    other.dispose();
    engine.dispose();
  }
});

test('GRU reset_after=true is refused by the tfjs adapter with a clear error', () => {
  assert.throws(() => createTfjsModel(tf, spec({ arch: 'gru', gruResetAfter: true }), 1, device), (e: unknown) => isUserError(e) && /reset_after/.test(e.message));
});

test('tryCreateTfjsNodeModel returns null when neither tfjs-node package is installed', async () => {
  let installed = false;
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(pkg);
      installed = true;
    } catch {
      // not installed
    }
  }
  const m = await tryCreateTfjsNodeModel(spec({ arch: 'lstm' }), 1);
  if (installed) {
    assert.ok(m, 'a tfjs-node package is installed, so a model is expected');
    assert.match(m.device.engine, /^tfjs-node/);
    m.dispose();
  } else assert.equal(m, null);
});

test('fit learns a simple task, fires per-batch and per-epoch callbacks, and same seed gives the same run', async () => {
  const s = spec({ arch: 'lstm' });
  const train = taskData(64, s.maxLen, 2);
  const val = taskData(32, s.maxLen, 3);
  const ts = trainSpec({ epochs: 6, learningRate: 0.02, validation: true });
  const runOnce = async () => {
    const model = createTfjsModel(tf, s, 11, device);
    const batches: BatchMetrics[] = [];
    const epochs: EpochMetrics[] = [];
    const checkpoints: Checkpoint[] = [];
    const r = await model.fit(train, val, ts, { onBatch: (m) => batches.push(m), onEpoch: (m, c) => void (epochs.push(m), checkpoints.push(c)) });
    const evalAfter = await model.evaluate(val);
    model.dispose();
    return { r, batches, epochs, checkpoints, evalAfter };
  };
  const a = await runOnce();
  assert.equal(a.r.stopReason, 'completed');
  assert.equal(a.r.epochs.length, 6);
  assert.equal(a.batches.length, 6 * 8);
  assert.deepEqual(a.batches.slice(0, 8).map((b) => b.batch), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.ok(a.batches.every((b) => b.batches === 8 && Number.isFinite(b.loss) && b.examplesPerSec > 0));
  assert.deepEqual(a.epochs.map((e) => e.epoch), [1, 2, 3, 4, 5, 6]);
  assert.ok(a.epochs.every((e) => e.valLoss !== null && e.valAccuracy !== null));
  const first = a.epochs[0]!;
  const last = a.epochs.at(-1)!;
  assert.ok(last.loss < first.loss * 0.8, `training loss should fall: ${first.loss} → ${last.loss}`);
  assert.ok(last.valAccuracy! > 0.7, `val accuracy ${last.valAccuracy}`);
  assert.ok(Math.abs(a.evalAfter.loss - last.valLoss!) < 1e-6, 'epoch val loss = evaluate() after training');
  assert.equal(a.checkpoints.length, 6);
  assert.ok(a.checkpoints[0]!.optimizerState.length > 0 && a.checkpoints[0]!.optimizerStep === 8);
  assert.ok(a.r.msPerStep > 0);
  const b = await runOnce();
  assert.deepEqual(b.epochs.map((e) => e.loss), a.epochs.map((e) => e.loss), 'same seed → same losses');
});

test('a run resumed from an epoch checkpoint ends with the weights of the uninterrupted run', async () => {
  for (const optimizer of ['adam', 'rmsprop', 'sgd'] as const) {
    const s = spec({ arch: 'gru', gruResetAfter: false });
    const train = taskData(40, s.maxLen, 4);
    const ts = trainSpec({ epochs: 3, optimizer, learningRate: 0.01, momentum: optimizer === 'sgd' ? 0.9 : 0 });
    const full = createTfjsModel(tf, s, 21, device);
    const cps: Checkpoint[] = [];
    await full.fit(train, null, ts, { onEpoch: (_m, c) => void cps.push(c) });
    const resumed = createTfjsModel(tf, s, 99, device);
    const r = await resumed.fit(train, null, ts, {}, cps[0]!);
    assert.deepEqual(r.epochs.map((e) => e.epoch), [2, 3]);
    const wa = full.getWeights();
    const wb = resumed.getWeights();
    wa.forEach((w, i) => {
      let d = 0;
      for (let j = 0; j < w.data.length; j++) d = Math.max(d, Math.abs(w.data[j]! - wb[i]!.data[j]!));
      assert.ok(d < 1e-5, `${optimizer}: ${w.name} differs by ${d} after resume`);
    });
    full.dispose();
    resumed.dispose();
  }
});

test('cancellation keeps finished epochs; early stopping restores the best weights; bad input is refused', async () => {
  const s = spec({ arch: 'rnn' });
  const train = taskData(32, s.maxLen, 5);
  const model = createTfjsModel(tf, s, 4, device);
  let batches = 0;
  const r = await model.fit(train, null, trainSpec({ epochs: 5 }), { onBatch: () => void batches++, shouldStop: () => batches >= 6 });
  assert.equal(r.stopReason, 'cancelled');
  assert.equal(r.epochs.length, 1, 'epoch 1 (4 batches) finished before the stop');
  assert.equal(batches, 6);

  // A huge learning rate makes val loss rise: early stopping (patience 1) must restore the best epoch's weights.
  const val = taskData(16, s.maxLen, 6);
  let best: Checkpoint | null = null;
  const es = await model.fit(train, val, trainSpec({ epochs: 8, earlyStopping: 1, optimizer: 'sgd', learningRate: 5, validation: true }), {
    onEpoch: (_m, c) => void (best = c),
  });
  assert.equal(es.stopReason, 'early-stopping', `val losses ${es.epochs.map((e) => e.valLoss).join(', ')}`);
  const cp = best as Checkpoint | null;
  const losses = es.epochs.map((e) => e.valLoss!);
  const bestEpoch = losses.indexOf(Math.min(...losses)) + 1;
  assert.ok(bestEpoch < es.epochs.length, 'val loss rose after its best epoch');
  assert.ok(cp && cp.bestWeights && cp.bestEpoch === bestEpoch, `the last checkpoint carries epoch ${bestEpoch} (lowest val loss) as the best`);
  const now = model.getWeights();
  now.forEach((w, i) => assert.deepEqual(w.data, cp.bestWeights![i]!.data, `${w.name} restored`));

  await assert.rejects(model.fit(train, null, trainSpec({ batchSize: 64 })), (e: unknown) => isUserError(e) && /batchSize 64 is larger/.test(e.message));
  await assert.rejects(model.fit({ ...train, maxLen: 5, x: train.x.subarray(0, 32 * 5) }, null, trainSpec({})), (e: unknown) => isUserError(e) && /maxLen/.test(e.message));
  model.dispose();
});

for (const [label, over] of ARCHS) {
  test(`${label}: per-timestep gradient norms ‖∂L/∂h_t‖ through tfjs equal the engine's`, async () => {
    const s = spec(over);
    const engine = new EngineModel(s, 8, createJsKernels());
    const model = createTfjsModel(tf, s, 1, device);
    try {
      model.setWeights(engine.getWeights());
      const d = taskData(6, s.maxLen, 9);
      const a = await engine.gradientNorms(d);
      const b = await model.gradientNorms(d);
      assert.deepEqual(b.map((l) => l.layer), a.map((l) => l.layer));
      a.forEach((la, i) => {
        const lb = b[i]!;
        assert.equal(lb.norms.length, s.maxLen);
        const scale = Math.max(...la.norms);
        assert.ok(scale > 0, `${la.layer} has non-zero norms`);
        la.norms.forEach((v, t) => assert.ok(Math.abs(v - lb.norms[t]!) <= 1e-5 * Math.max(1, scale), `${la.layer} t=${t}: engine ${v} vs tfjs ${lb.norms[t]}`));
      });
    } finally {
      model.dispose();
      engine.dispose();
    }
  });
}

test('clipNorm bounds every update by learning rate × clip norm (global-norm clipping)', async () => {
  const s = spec({ arch: 'lstm' });
  const train = taskData(32, s.maxLen, 12);
  const model = createTfjsModel(tf, s, 2, device);
  const before = model.getWeights();
  // Plain SGD, 4 batches: the total parameter change is at most 4 · lr · clipNorm in global L2 norm.
  await model.fit(train, null, trainSpec({ epochs: 1, optimizer: 'sgd', learningRate: 1, clipNorm: 1e-3 }));
  const after = model.getWeights();
  let sq = 0;
  before.forEach((w, i) => w.data.forEach((v, j) => (sq += (after[i]!.data[j]! - v) ** 2)));
  const moved = Math.sqrt(sq);
  assert.ok(moved > 0 && moved <= 4 * 1e-3 * (1 + 1e-4), `moved ${moved}`);
  model.dispose();
});

test('tfjs-node-gpu is labelled with what libtensorflow found: its GPU, or the CPU when CUDA did not load', () => {
  const withBackend = (b: Record<string, unknown>) => ({ backend: () => b }) as unknown as Parameters<typeof tfjsGpu>[0];
  assert.equal(tfjsGpu(withBackend({ isUsingGpuDevice: true, gpuName: 'NVIDIA RTX 4070' })), 'NVIDIA RTX 4070');
  assert.equal(tfjsGpu(withBackend({ isUsingGpuDevice: true })), 'CUDA GPU');
  assert.equal(tfjsGpu(withBackend({ isUsingGpuDevice: false })), null);
  assert.equal(tfjsGpu(withBackend({})), null, 'no report is not a GPU');
  assert.equal(tfjsGpu(tf), null, 'the pure-JS backend is no GPU');
});
