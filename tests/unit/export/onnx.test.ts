// exportModel({format: 'onnx'}) writes model.onnx with the standard RNN / LSTM / GRU operators; onnxruntime-node
// (a devDependency) loads it from the file and gives the engine's probabilities (≤ 1e-5) for every architecture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelSpec } from '../../../main/model/spec.js';
import { exportModel } from '../../../main/export/export.js';
import { sha256Hex } from '../../../main/export/artifacts.js';
import { engineModel, maxAbsDiff, rows, tempDir, tinySpec, WORDS } from './helpers.js';
import { ortPredict } from './onnx-helpers.js';

const card = { appVersion: '0.0.0-test' };

const ONNX_ARCHS: [string, Partial<ModelSpec>][] = [
  ['SimpleRNN', { arch: 'rnn' }],
  ['LSTM', { arch: 'lstm' }],
  ['GRU reset_after=true', { arch: 'gru', gruResetAfter: true }],
  ['GRU reset_after=false', { arch: 'gru', gruResetAfter: false }],
  ['BiLSTM concat', { arch: 'bilstm', merge: 'concat' }],
  ['BiLSTM sum', { arch: 'bilstm', merge: 'sum' }],
  ['BiLSTM ave', { arch: 'bilstm', merge: 'ave' }],
  ['BiLSTM mul', { arch: 'bilstm', merge: 'mul' }],
  ['stacked LSTM ×3 with dropout', { arch: 'stacked-lstm', layers: 3, dropout: 0.3 }],
  ['LSTM + max-pool', { arch: 'lstm', head: 'max-pool' }],
  ['GRU + max-pool', { arch: 'gru', head: 'max-pool' }],
  ['BiLSTM + avg-pool', { arch: 'bilstm', head: 'avg-pool' }],
  ['BiLSTM concat + max-pool', { arch: 'bilstm', head: 'max-pool' }],
  ['LSTM mask_zero', { arch: 'lstm', maskZero: true }],
  ['SimpleRNN mask_zero', { arch: 'rnn', maskZero: true }],
  ['GRU reset_after=true mask_zero', { arch: 'gru', maskZero: true }],
  ['GRU reset_after=false mask_zero', { arch: 'gru', gruResetAfter: false, maskZero: true }],
  ['BiLSTM concat mask_zero', { arch: 'bilstm', maskZero: true }],
  ['BiLSTM ave mask_zero', { arch: 'bilstm', merge: 'ave', maskZero: true }],
  ['stacked LSTM ×2 mask_zero', { arch: 'stacked-lstm', layers: 2, maskZero: true }],
  ['LSTM mask_zero + max-pool', { arch: 'lstm', head: 'max-pool', maskZero: true }],
  ['LSTM mask_zero + avg-pool', { arch: 'lstm', head: 'avg-pool', maskZero: true }],
  ['GRU mask_zero + max-pool', { arch: 'gru', head: 'max-pool', maskZero: true }],
  ['SimpleRNN mask_zero + avg-pool', { arch: 'rnn', head: 'avg-pool', maskZero: true }],
  ['BiLSTM mask_zero + max-pool', { arch: 'bilstm', head: 'max-pool', maskZero: true }],
  ['BiLSTM sum mask_zero + avg-pool', { arch: 'bilstm', merge: 'sum', head: 'avg-pool', maskZero: true }],
  ['stacked LSTM ×2 mask_zero + avg-pool', { arch: 'stacked-lstm', layers: 2, head: 'avg-pool', maskZero: true }],
];

for (const [label, over] of ONNX_ARCHS) {
  test(`${label}: model.onnx runs in onnxruntime-node and gives the engine's probabilities (≤ 1e-5)`, async (t) => {
    const spec = tinySpec(over);
    const engine = engineModel(spec, 13);
    const out = join(tempDir(t), 'model');
    const r = await exportModel({ spec, weights: engine.getWeights(), outDir: out, card, tokenizer: { wordIndex: WORDS }, format: 'onnx' });
    assert.equal(r.format, 'onnx');
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.files.map((f) => f.name).sort(), ['model-card.json', 'model.onnx', 'tokenizer.json']);
    for (const f of r.files) assert.equal(statSync(join(out, f.name)).size, f.bytes, `${f.name} size`);
    const mc = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'));
    assert.equal(mc.modelFormat, 'onnx');
    assert.equal(mc.tfjsLoadable, false);
    assert.deepEqual(mc.model, spec);
    assert.equal(mc.files.find((f: { name: string }) => f.name === 'model.onnx').sha256, sha256Hex(readFileSync(join(out, 'model.onnx'))));

    const d = rows(6, spec.maxLen, spec.numWords, 3, 3);
    const ours = await engine.predict(d.x, d.n);
    const theirs = await ortPredict(join(out, 'model.onnx'), d.x, d.n, spec.maxLen);
    const diff = maxAbsDiff(ours, theirs);
    t.diagnostic(`max |diff| ${diff.toExponential(2)}`);
    assert.ok(diff <= 1e-5, `max |diff| ${diff}`);
    engine.dispose();
  });
}

