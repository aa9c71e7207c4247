// Initialisers (Keras distributions) and parameter counts / output shapes equal to Keras model.summary().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../main/engine/rng.js';
import { fillOrthogonal } from '../../../main/engine/init.js';
import { modelSummary } from '../../../main/engine/summary.js';
import { TUTORIAL_MODEL, type ModelSpec } from '../../../main/model/spec.js';
import { engineModel } from './helpers.js';

test('orthogonal initialiser: rows of a U×4U recurrent kernel are orthonormal (and columns of a tall one)', () => {
  for (const [rows, cols] of [[5, 20], [20, 5], [6, 6]] as const) {
    const a = new Float32Array(rows * cols);
    fillOrthogonal(a, new Rng(3), rows, cols);
    const wide = rows <= cols;
    const n = wide ? rows : cols;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let dot = 0;
        const len = wide ? cols : rows;
        for (let k = 0; k < len; k++) dot += wide ? a[i * cols + k]! * a[j * cols + k]! : a[k * cols + i]! * a[k * cols + j]!;
        assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-5, `(${rows}x${cols}) [${i},${j}] = ${dot}`);
      }
    }
  }
});

test('initial weights: embedding in ±0.05, glorot kernels within their limit, zero biases, LSTM forget bias 1', () => {
  const spec: ModelSpec = { ...TUTORIAL_MODEL, numWords: 300, maxLen: 10, embeddingDim: 16, units: 8 };
  const w = new Map(engineModel(spec).getWeights().map((t) => [t.name, t.data]));
  const emb = w.get('embedding/embeddings')!;
  assert.ok(emb.every((v) => Math.abs(v) <= 0.05) && emb.some((v) => Math.abs(v) > 0.04));
  const lim = Math.sqrt(6 / (16 + 32));
  const k = w.get('lstm/kernel')!;
  assert.ok(k.every((v) => Math.abs(v) <= lim) && k.some((v) => Math.abs(v) > 0.8 * lim));
  const b = w.get('lstm/bias')!;
  assert.deepEqual(Array.from(b), [...Array(8).fill(0), ...Array(8).fill(1), ...Array(16).fill(0)]);
  assert.ok(w.get('dense/bias')![0] === 0);
});

test('same seed → identical initial weights; different seed → different', () => {
  const spec: ModelSpec = { ...TUTORIAL_MODEL, numWords: 50, maxLen: 4, embeddingDim: 4, units: 3 };
  const a = engineModel(spec, 1).getWeights();
  const b = engineModel(spec, 1).getWeights();
  const c = engineModel(spec, 2).getWeights();
  a.forEach((t, i) => assert.deepEqual(t.data, b[i]!.data));
  assert.notDeepEqual(a[1]!.data, c[1]!.data);
});

const tut = (over: Partial<ModelSpec>): ModelSpec => ({ ...TUTORIAL_MODEL, ...over });
const row = (s: ReturnType<typeof modelSummary>) => s.layers.map((l) => [l.name, l.type, l.outputShape, l.params]);

test('summary of the tutorial LSTM equals Keras: 1,280,000 + 49,408 + 65 = 1,329,473', () => {
  const s = modelSummary(TUTORIAL_MODEL);
  assert.deepEqual(row(s), [
    ['embedding', 'Embedding', [null, 200, 128], 1280000],
    ['lstm', 'LSTM', [null, 64], 49408],
    ['dense', 'Dense', [null, 1], 65],
  ]);
  assert.equal(s.totalParams, 1329473);
});

test('summary parameter counts for every architecture at tutorial shapes (Keras formulas)', () => {
  // SimpleRNN: D·U + U² + U; GRU reset_after: 3(D·U + U² + 2U), else 3(D·U + U² + U).
  assert.equal(modelSummary(tut({ arch: 'rnn' })).layers[1]!.params, 128 * 64 + 64 * 64 + 64);
  assert.equal(modelSummary(tut({ arch: 'rnn' })).totalParams, 1280000 + 12352 + 65);
  assert.equal(modelSummary(tut({ arch: 'gru', gruResetAfter: true })).layers[1]!.params, 37248);
  assert.equal(modelSummary(tut({ arch: 'gru', gruResetAfter: false })).layers[1]!.params, 37056);
  const bi = modelSummary(tut({ arch: 'bilstm' }));
  assert.deepEqual(row(bi).slice(1), [['bidirectional', 'Bidirectional', [null, 128], 98816], ['dense', 'Dense', [null, 1], 129]]);
  assert.equal(bi.totalParams, 1378945);
  assert.deepEqual(modelSummary(tut({ arch: 'bilstm', merge: 'sum' })).layers[2]!.params, 65);
  const st = modelSummary(tut({ arch: 'stacked-lstm', layers: 2 }));
  assert.deepEqual(row(st).slice(1), [['lstm', 'LSTM', [null, 200, 64], 49408], ['lstm_1', 'LSTM', [null, 64], 33024], ['dense', 'Dense', [null, 1], 65]]);
  assert.equal(st.totalParams, 1362497);
  const dr = modelSummary(tut({ arch: 'stacked-lstm', layers: 2, dropout: 0.2 }));
  assert.deepEqual(dr.layers.map((l) => l.name), ['embedding', 'dropout', 'lstm', 'dropout_1', 'lstm_1', 'dense']);
});

test('the engine holds exactly the parameters the summary counts', () => {
  for (const arch of ['rnn', 'lstm', 'gru', 'bilstm', 'stacked-lstm'] as const) {
    for (const gruResetAfter of [true, false]) {
      const spec: ModelSpec = { ...TUTORIAL_MODEL, arch, gruResetAfter, numWords: 100, maxLen: 6, embeddingDim: 5, units: 4, layers: arch === 'stacked-lstm' ? 2 : 1 };
      const held = engineModel(spec).getWeights().reduce((s, w) => s + w.data.length, 0);
      assert.equal(held, modelSummary(spec).totalParams, `${arch} reset_after=${gruResetAfter}`);
    }
  }
});

test('pooled heads as Keras counts them: LSTM + max-pool 1,329,473, BiLSTM + max-pool 1,378,945', () => {
  const lstm = modelSummary(tut({ head: 'max-pool' }));
  assert.deepEqual(row(lstm), [
    ['embedding', 'Embedding', [null, 200, 128], 1280000],
    ['lstm', 'LSTM', [null, 200, 64], 49408],
    ['global_max_pooling1d', 'GlobalMaxPooling1D', [null, 64], 0],
    ['dense', 'Dense', [null, 1], 65],
  ]);
  assert.equal(lstm.totalParams, 1329473);
  const bi = modelSummary(tut({ arch: 'bilstm', head: 'max-pool' }));
  assert.deepEqual(row(bi).slice(1, 3), [['bidirectional', 'Bidirectional', [null, 200, 128], 98816], ['global_max_pooling1d', 'GlobalMaxPooling1D', [null, 128], 0]]);
  assert.equal(bi.totalParams, 1378945);
  const avg = modelSummary(tut({ arch: 'stacked-lstm', layers: 2, head: 'avg-pool' }));
  assert.deepEqual(row(avg).slice(2), [['lstm_1', 'LSTM', [null, 200, 64], 33024], ['global_average_pooling1d', 'GlobalAveragePooling1D', [null, 64], 0], ['dense', 'Dense', [null, 1], 65]]);
  for (const head of ['max-pool', 'avg-pool'] as const) {
    const spec: ModelSpec = { ...TUTORIAL_MODEL, arch: 'bilstm', head, numWords: 100, maxLen: 6, embeddingDim: 5, units: 4 };
    assert.equal(engineModel(spec).getWeights().reduce((s, w) => s + w.data.length, 0), modelSummary(spec).totalParams, head);
  }
});
