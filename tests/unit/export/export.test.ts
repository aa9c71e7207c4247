// exportModel writes the TF.js layers format (model.json + one shard) that plain @tensorflow/tfjs loads
// and that matches what tfjs-layers' own save writes; the loaded model gives our engine's probabilities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelSpec } from '../../../main/model/spec.js';
import { layerPlan } from '../../../main/engine/plan.js';
import { loadPureTfjs } from '../../../main/engine/tfjs/tf.js';
import { exportModel, RESET_AFTER_WARNING } from '../../../main/export/export.js';
import { loadExportedModel, readModelArtifacts, decodeWeightData } from '../../../main/export/artifacts.js';
import { predictText } from '../../../main/export/predict.js';
import { isUserError } from '../../../main/errors.js';
import { engineModel, maxAbsDiff, rows, tempDir, tinySpec, WORDS } from './helpers.js';

const tf = await loadPureTfjs();
const card = { appVersion: '0.0.0-test', data: { source: 'test', fingerprint: 'abc' }, metrics: { testAccuracy: 0.5 } };

const LOADABLE: [string, Partial<ModelSpec>][] = [
  ['SimpleRNN', { arch: 'rnn' }],
  ['LSTM', { arch: 'lstm' }],
  ['GRU reset_after=false', { arch: 'gru', gruResetAfter: false }],
  ['BiLSTM concat', { arch: 'bilstm' }],
  ['BiLSTM mul', { arch: 'bilstm', merge: 'mul' }],
  ['stacked LSTM ×2', { arch: 'stacked-lstm', layers: 2 }],
  ['stacked LSTM ×3 with dropout', { arch: 'stacked-lstm', layers: 3, dropout: 0.3, recurrentDropout: 0.1 }],
  ['GRU mask_zero', { arch: 'gru', gruResetAfter: false, maskZero: true }],
  ['LSTM + max-pool', { arch: 'lstm', head: 'max-pool' }],
  ['BiLSTM + avg-pool, mask_zero', { arch: 'bilstm', head: 'avg-pool', maskZero: true }],
];

for (const [label, over] of LOADABLE) {
  test(`${label}: export loads in plain tfjs and gives the engine's probabilities (≤ 1e-5)`, async (t) => {
    const spec = tinySpec(over);
    const engine = engineModel(spec, 13);
    const weights = engine.getWeights();
    const out = join(tempDir(t), 'model');
    const r = await exportModel({ spec, weights, outDir: out, card, tokenizer: { wordIndex: WORDS }, tf });
    assert.equal(r.tfjsLoadable, true);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.files.map((f) => f.name).sort(), ['group1-shard1of1.bin', 'model-card.json', 'model.json', 'tokenizer.json']);
    for (const f of r.files) assert.equal(statSync(join(out, f.name)).size, f.bytes, `${f.name} size`);

    // The layout tfjs-layers writes (and the TF.js → Keras converter reads).
    const mj = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    assert.equal(mj.format, 'layers-model');
    assert.match(mj.generatedBy, /^TensorFlow\.js tfjs-layers v\d/);
    assert.equal(mj.convertedBy, null);
    assert.equal(mj.modelTopology.class_name, 'Sequential');
    assert.match(mj.modelTopology.keras_version, /tfjs-layers/);
    assert.equal(mj.modelTopology.backend, 'tensor_flow.js');
    const plan = layerPlan(spec);
    assert.deepEqual(mj.modelTopology.config.layers.map((l: { class_name: string }) => l.class_name), plan.map((l) => l.type));
    assert.deepEqual(mj.modelTopology.config.layers.map((l: { config: { name: string } }) => l.config.name), plan.map((l) => l.name));
    for (const l of mj.modelTopology.config.layers) {
      const c = l.class_name === 'Bidirectional' ? l.config.layer.config : l.config;
      if (['LSTM', 'GRU'].includes(l.class_name === 'Bidirectional' ? l.config.layer.class_name : l.class_name)) assert.equal(c.recurrent_activation, 'sigmoid');
    }
    assert.equal(mj.weightsManifest.length, 1);
    assert.deepEqual(mj.weightsManifest[0].paths, ['group1-shard1of1.bin']);
    assert.deepEqual(mj.weightsManifest[0].weights, weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' })));
    const totalParams = plan.reduce((a, l) => a + l.params, 0);
    assert.equal(statSync(join(out, 'group1-shard1of1.bin')).size, totalParams * 4);

    // Bytes round-trip exactly.
    const back = await readModelArtifacts(out);
    decodeWeightData(back.weightSpecs, back.weightData).forEach((w, i) => assert.deepEqual(w.data, weights[i]!.data, w.name));

    // Plain tfjs, from the files: same probabilities as the engine.
    const loaded = await loadExportedModel(out, tf);
    const d = rows(6, spec.maxLen, spec.numWords, 3);
    const ours = await engine.predict(d.x, d.n);
    const theirs = (loaded.predict(tf.tensor2d(d.x, [d.n, spec.maxLen], 'int32')) as ReturnType<typeof tf.tensor>).dataSync();
    assert.ok(maxAbsDiff(ours, theirs) <= 1e-5, `max |diff| ${maxAbsDiff(ours, theirs)}`);
    loaded.dispose();

    // The model card.
    const mc = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'));
    assert.equal(mc.appVersion, '0.0.0-test');
    assert.deepEqual(mc.model, spec);
    assert.equal(mc.totalParams, totalParams);
    assert.deepEqual(mc.data, card.data);
    assert.deepEqual(mc.metrics, card.metrics);
    assert.equal(mc.tfjsLoadable, true);
    engine.dispose();
  });
}

test('GRU reset_after=true: Keras-valid model.json with reset_after and the (2, 3u) bias, a warning, and no TF.js loadability claim', async (t) => {
  const spec = tinySpec({ arch: 'gru', gruResetAfter: true });
  const engine = engineModel(spec, 5);
  const weights = engine.getWeights();
  const bias = weights.find((w) => w.name === 'gru/bias')!;
  assert.deepEqual(bias.shape, [2, 3 * spec.units]);
  const out = join(tempDir(t), 'gru');
  const r = await exportModel({ spec, weights, outDir: out, card, tokenizer: { wordIndex: WORDS }, tf });
  assert.equal(r.tfjsLoadable, false);
  assert.deepEqual(r.warnings, [RESET_AFTER_WARNING]);
  const mj = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
  const gru = mj.modelTopology.config.layers.find((l: { class_name: string }) => l.class_name === 'GRU');
  assert.equal(gru.config.reset_after, true);
  assert.equal(gru.config.recurrent_activation, 'sigmoid');
  assert.deepEqual(mj.weightsManifest[0].weights.map((w: { name: string; shape: number[] }) => [w.name, w.shape]), weights.map((w) => [w.name, w.shape]));
  const mc = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'));
  assert.equal(mc.tfjsLoadable, false);
  assert.deepEqual(mc.warnings, [RESET_AFTER_WARNING]);
  // What the warning says is true: plain TF.js refuses it …
  await assert.rejects(loadExportedModel(out, tf), (e: unknown) => isUserError(e) && /reset_after/.test(e.message));
  await assert.rejects(predictText(out, 'a good movie', 'tfjs'), (e: unknown) => isUserError(e) && e.code === 'unsupported');
  // … while our engine scores the exported weights exactly.
  const p = await predictText(out, 'a good movie', 'engine');
  const seq = new Int32Array(spec.maxLen);
  seq.set([1, 3 + 3, 12 + 3, 10 + 3], spec.maxLen - 4);
  assert.ok(Math.abs(p.probability - (await engine.predict(seq, 1))[0]!) <= 1e-6);
  engine.dispose();
});

test('weights that do not fit the spec are refused before anything is written', async (t) => {
  const spec = tinySpec({ arch: 'bilstm' });
  const weights = engineModel(spec).getWeights();
  const dir = tempDir(t);
  const swapped = [weights[0]!, ...weights.slice(4, 7), ...weights.slice(1, 4), ...weights.slice(7)];
  await assert.rejects(exportModel({ spec, weights: swapped, outDir: join(dir, 'a'), card, tokenizer: { wordIndex: WORDS }, tf }), (e: unknown) => isUserError(e) && /named/.test(e.message));
  const wrong = engineModel(tinySpec({ arch: 'bilstm', units: 5 })).getWeights();
  await assert.rejects(exportModel({ spec, weights: wrong, outDir: join(dir, 'b'), card, tokenizer: { wordIndex: WORDS }, tf }), (e: unknown) => isUserError(e) && /shape/.test(e.message));
  assert.throws(() => statSync(join(dir, 'a')));
  await assert.rejects(exportModel({ spec: { ...spec, units: 0 }, weights, outDir: join(dir, 'c'), card, tokenizer: { wordIndex: WORDS }, tf }), (e: unknown) => isUserError(e) && /units/.test(e.message));
});
