// The fit loop: learning, determinism, resume, early stopping, cancellation, divergence, gradient norms, bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel } from '../../../main/engine/index.js';
import { createJsKernels } from '../../../main/engine/kernels/js.js';
import { TUTORIAL_TRAIN, type ModelSpec, type TrainSpec } from '../../../main/model/spec.js';
import type { Checkpoint, Dataset, TrainableModel } from '../../../main/engine/types.js';
import { UserError } from '../../../main/errors.js';
import { engineModel, tinySpec } from './helpers.js';

/** Positive reviews use words 2..14, negative ones 15..29: separable by any model that learns. */
function separable(n: number, T: number, seed: number): Dataset {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  const x = new Int32Array(n * T);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const pos = next() % 2;
    y[i] = pos;
    for (let t = 0; t < T; t++) x[i * T + t] = pos ? 2 + (next() % 13) : 15 + (next() % 15);
  }
  return { x, y, n, maxLen: T };
}

const spec8 = (over: Partial<ModelSpec> = {}): ModelSpec => tinySpec({ numWords: 30, maxLen: 8, embeddingDim: 8, units: 8, ...over });
const train = (over: Partial<TrainSpec> = {}): TrainSpec => ({ ...TUTORIAL_TRAIN, learningRate: 0.01, batchSize: 16, epochs: 3, validation: true, ...over });
const kernels = createJsKernels();
const make = (spec: ModelSpec, seed = 5): Promise<TrainableModel> => createModel(spec, { seed, kernels, engine: 'cpu' });

test('fit learns separable synthetic reviews: loss falls, accuracy rises, callbacks fire', async () => {
  for (const arch of ['lstm', 'gru', 'rnn', 'bilstm', 'stacked-lstm'] as const) {
    const m = await make(spec8({ arch, layers: arch === 'stacked-lstm' ? 2 : 1 }));
    const data = separable(96, 8, 1);
    const val = separable(32, 8, 2);
    let batches = 0;
    const checkpoints: Checkpoint[] = [];
    const r = await m.fit(data, val, train({ epochs: 4 }), { onBatch: () => void batches++, onEpoch: (_m, c) => void checkpoints.push(c) });
    assert.equal(r.stopReason, 'completed');
    assert.equal(batches, 4 * 6);
    assert.equal(checkpoints.length, 4);
    assert.equal(checkpoints[3]!.optimizerStep, 24);
    const first = r.epochs[0]!;
    const last = r.epochs[3]!;
    assert.ok(last.loss < first.loss * 0.7, `${arch}: loss ${first.loss} → ${last.loss}`);
    assert.ok(last.valAccuracy !== null && last.valAccuracy > 0.8, `${arch}: val accuracy ${last.valAccuracy}`);
    assert.ok(r.msPerStep > 0);
    const ev = await m.evaluate(val);
    assert.ok(Math.abs(ev.loss - last.valLoss!) < 1e-6);
    const p = await m.predict(val.x, val.n);
    assert.deepEqual(p, ev.probabilities);
  }
});

test('same seed, same data → bit-identical weights (with dropout and recurrent dropout); other seed differs', async () => {
  const spec = spec8({ dropout: 0.3, recurrentDropout: 0.2 });
  const data = separable(40, 8, 3);
  const run = async (seed: number) => {
    const m = await make(spec, 9);
    await m.fit(data, null, train({ epochs: 2, seed }));
    return m.getWeights();
  };
  const a = await run(1);
  const b = await run(1);
  const c = await run(2);
  a.forEach((w, i) => assert.deepEqual(w.data, b[i]!.data, w.name));
  assert.notDeepEqual(a[1]!.data, c[1]!.data);
});

test('resuming from an epoch checkpoint gives exactly the uninterrupted result', async () => {
  const spec = spec8({ arch: 'gru', dropout: 0.2 });
  const data = separable(40, 8, 4);
  const full = await make(spec);
  await full.fit(data, null, train({ epochs: 3 }));
  const part = await make(spec);
  let ck: Checkpoint | null = null;
  await part.fit(data, null, train({ epochs: 3 }), { onEpoch: (_m, c) => void (ck ??= c), shouldStop: () => ck !== null });
  assert.ok(ck);
  const resumed = await make(spec, 77); // different init: everything comes from the checkpoint
  const r = await resumed.fit(data, null, train({ epochs: 3 }), {}, ck);
  assert.deepEqual(r.epochs.map((e) => e.epoch), [2, 3]);
  const a = full.getWeights();
  resumed.getWeights().forEach((w, i) => assert.deepEqual(w.data, a[i]!.data, w.name));
});

test('early stopping stops after `patience` worse epochs and restores the best weights', async () => {
  const data = separable(64, 8, 5);
  // Validation labels flipped: the better the model learns, the worse val loss gets → best is epoch 1.
  const val = { ...data, y: Float32Array.from(data.y, (v) => 1 - v) };
  const m = await make(spec8());
  const cks: Checkpoint[] = [];
  const r = await m.fit(data, val, train({ epochs: 10, earlyStopping: 2 }), { onEpoch: (_e, c) => void cks.push(c) });
  assert.equal(r.stopReason, 'early-stopping');
  assert.equal(r.epochs.length, 3);
  assert.equal(cks[2]!.bestEpoch, 1);
  const best = cks[0]!.weights;
  m.getWeights().forEach((w, i) => assert.deepEqual(w.data, best[i]!.data));
});

test('cancellation stops after the current batch and keeps the trained weights', async () => {
  const m = await make(spec8());
  const before = m.getWeights();
  let n = 0;
  const r = await m.fit(separable(64, 8, 6), null, train({ epochs: 5 }), { onBatch: () => void n++, shouldStop: () => n >= 2 });
  assert.equal(r.stopReason, 'cancelled');
  assert.equal(n, 2);
  assert.equal(r.epochs.length, 0);
  assert.notDeepEqual(m.getWeights()[1]!.data, before[1]!.data);
});

test('a NaN loss stops the run as diverged with a clear message, before applying the update', async () => {
  const m = await make(spec8());
  const w = m.getWeights();
  w.find((t) => t.name === 'dense/bias')!.data[0] = Number.NaN;
  m.setWeights(w);
  const r = await m.fit(separable(32, 8, 7), null, train());
  assert.equal(r.stopReason, 'diverged');
  assert.match(r.message ?? '', /loss became NaN at epoch 1, batch 1/);
  assert.deepEqual(m.getWeights()[1]!.data, w[1]!.data);
});

test('gradient norms: one row per recurrent layer and timestep; the last step equals |σ(z)−y|·‖w_dense‖ / n', async () => {
  const spec = spec8();
  const m = engineModel(spec);
  const data = separable(10, 8, 8);
  const norms = await m.gradientNorms(data);
  assert.equal(norms.length, 1);
  assert.equal(norms[0]!.layer, 'lstm');
  assert.equal(norms[0]!.norms.length, 8);
  assert.ok(norms[0]!.norms.every((v) => Number.isFinite(v) && v > 0));
  const p = await m.predict(data.x, data.n);
  const k = m.getWeights().find((w) => w.name === 'dense/kernel')!.data;
  const kn = Math.hypot(...k);
  let expect = 0;
  for (let i = 0; i < data.n; i++) expect += (Math.abs(p[i]! - data.y[i]!) * kn) / data.n;
  expect /= data.n;
  assert.ok(Math.abs(norms[0]!.norms[7]! - expect) < 1e-6, `${norms[0]!.norms[7]} vs ${expect}`);
  const bi = await engineModel(spec8({ arch: 'bilstm' })).gradientNorms(data);
  assert.deepEqual(bi.map((l) => l.layer), ['bidirectional/forward_lstm', 'bidirectional/backward_lstm']);
  // Training does not compute them.
  await m.fit(data, null, train({ epochs: 1, batchSize: 5 }));
  assert.equal(m.net.recurrentLayers()[0]!.norms, null);
});

test('bad input is refused with a UserError before any work', async () => {
  const bad = async (spec: Partial<ModelSpec> & Record<string, unknown>, re: RegExp) => {
    await assert.rejects(() => createModel({ ...spec8(), ...spec } as ModelSpec, { seed: 1, kernels, engine: 'cpu' }), (e) => e instanceof UserError && re.test(e.message));
  };
  await bad({ arch: 'cnn' } as never, /arch must be one of/);
  await bad({ units: 0 }, /units/);
  await bad({ embeddingDim: -1 }, /embeddingDim/);
  await bad({ maxLen: 0 }, /maxLen/);
  await bad({ dropout: 1 }, /dropout must be in \[0, 1\)/);
  await bad({ recurrentDropout: -0.1 }, /recurrentDropout/);
  await bad({ numWords: 100000 }, /numWords/);
  const m = await make(spec8());
  const data = separable(20, 8, 9);
  const rejects = (t: Partial<TrainSpec>, re: RegExp, d: Dataset = data) => assert.rejects(() => m.fit(d, null, train(t)), (e) => e instanceof UserError && re.test(e.message));
  await rejects({ batchSize: 21 }, /batchSize 21 is larger than the training data/);
  await rejects({ learningRate: 0 }, /learningRate/);
  await rejects({ learningRate: Number.NaN }, /learningRate/);
  await rejects({}, /token id 30/, { ...data, x: Int32Array.from(data.x, (v, i) => (i === 3 ? 30 : v)) });
  await rejects({}, /length 7/, { ...data, maxLen: 7 });
  await assert.rejects(() => m.predict(new Int32Array(5), 1), UserError);
});
