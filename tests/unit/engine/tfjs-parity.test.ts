// Same weights → same outputs, loss and gradients as tfjs-layers (pure-JS CPU backend) for every layer
// type tfjs has: SimpleRNN, LSTM, GRU(reset_after=false), Bidirectional LSTM (each merge), stacked LSTM, masking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../../../main/model/spec.js';
import { assertClose, engineModel, tinyData, tinySpec } from './helpers.js';

await tf.setBackend('cpu');

function recurrentLayer(spec: ModelSpec, returnSequences: boolean, name?: string): tf.layers.Layer {
  const common = { units: spec.units, returnSequences, ...(name ? { name } : {}) };
  if (spec.arch === 'rnn') return tf.layers.simpleRNN(common);
  if (spec.arch === 'gru') return tf.layers.gru({ ...common, recurrentActivation: 'sigmoid' });
  return tf.layers.lstm({ ...common, recurrentActivation: 'sigmoid', unitForgetBias: true });
}

function tfjsModel(spec: ModelSpec): tf.Sequential {
  const m = tf.sequential();
  const pooled = spec.head !== 'last';
  m.add(tf.layers.embedding({ inputDim: spec.numWords, outputDim: spec.embeddingDim, inputLength: spec.maxLen, maskZero: spec.maskZero }));
  if (spec.arch === 'bilstm') {
    m.add(tf.layers.bidirectional({ layer: recurrentLayer(spec, pooled) as tf.RNN, mergeMode: spec.merge }));
  } else if (spec.arch === 'stacked-lstm') {
    for (let i = 0; i < spec.layers; i++) m.add(recurrentLayer(spec, i < spec.layers - 1 || pooled));
  } else {
    m.add(recurrentLayer(spec, pooled));
  }
  if (spec.head === 'max-pool') m.add(tf.layers.globalMaxPooling1d({}));
  if (spec.head === 'avg-pool') m.add(tf.layers.globalAveragePooling1d({}));
  m.add(tf.layers.dense({ units: 1 })); // logits: the sigmoid is inside the loss on both sides
  return m;
}

async function compare(spec: ModelSpec, pad = 0): Promise<void> {
  const ours = engineModel(spec, 11);
  const n = 3;
  const data = tinyData(n, spec.maxLen, spec.numWords, 5, pad);
  const weights = ours.getWeights();
  const ref = tfjsModel(spec);
  const refWeights = ref.getWeights();
  assert.equal(refWeights.length, weights.length, 'weight count');
  weights.forEach((w, i) => assert.deepEqual(refWeights[i]!.shape, w.shape, `shape of ${w.name}`));
  ref.setWeights(weights.map((w) => tf.tensor(w.data, w.shape)));

  const { loss, grads } = ours.lossAndGradients(data.x, data.y, n);
  const xT = tf.tensor2d(Float32Array.from(data.x), [n, spec.maxLen]);
  const yT = tf.tensor1d(data.y);
  const vars = ref.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads: refGrads } = tf.variableGrads(() => {
    const z = (ref.apply(xT) as tf.Tensor).reshape([n]);
    return tf.losses.sigmoidCrossEntropy(yT, z) as tf.Scalar;
  }, vars);
  assert.ok(Math.abs(loss - value.dataSync()[0]!) < 1e-5, `loss ${loss} vs tfjs ${value.dataSync()[0]}`);
  const refLogits = (ref.predict(xT) as tf.Tensor).dataSync();
  const probs = Float32Array.from(refLogits, (z) => 1 / (1 + Math.exp(-z)));
  const ourProbs = (await ours.evaluate(data)).probabilities;
  assertClose(ourProbs, probs, 1e-5, 'probabilities');
  vars.forEach((v, i) => {
    const g = refGrads[v.name]!.dataSync();
    const mine = grads[i]!;
    let scale = 0;
    for (const x of g) scale = Math.max(scale, Math.abs(x));
    assertClose(mine.data, g, 1e-5 * Math.max(1, scale), `gradient of ${mine.name}`);
    assert.ok(scale > 0 || mine.name.includes('embeddings'), `${mine.name} has an all-zero gradient`);
  });
  tf.dispose([xT, yT, value, ...Object.values(refGrads)]);
  ref.layers.forEach((l) => l.dispose());
}

test('SimpleRNN matches tfjs (outputs, loss, every gradient)', () => compare(tinySpec({ arch: 'rnn' })));
test('LSTM matches tfjs', () => compare(tinySpec({ arch: 'lstm' })));
test('GRU reset_after=false matches tfjs', () => compare(tinySpec({ arch: 'gru', gruResetAfter: false })));
for (const merge of ['concat', 'sum', 'ave', 'mul'] as const) {
  test(`Bidirectional LSTM (merge ${merge}) matches tfjs`, () => compare(tinySpec({ arch: 'bilstm', merge })));
}
test('stacked LSTM (2 layers) matches tfjs', () => compare(tinySpec({ arch: 'stacked-lstm', layers: 2 })));
test('stacked LSTM (3 layers) matches tfjs', () => compare(tinySpec({ arch: 'stacked-lstm', layers: 3 })));
test('LSTM with mask_zero on pre-padded reviews matches tfjs', () => compare(tinySpec({ arch: 'lstm', maskZero: true }), 2));
test('GRU reset_after=false with mask_zero matches tfjs', () => compare(tinySpec({ arch: 'gru', gruResetAfter: false, maskZero: true }), 2));
test('SimpleRNN with mask_zero matches tfjs', () => compare(tinySpec({ arch: 'rnn', maskZero: true }), 3));
test('Bidirectional LSTM with mask_zero matches tfjs', () => compare(tinySpec({ arch: 'bilstm', maskZero: true }), 2));
test('stacked LSTM with mask_zero matches tfjs', () => compare(tinySpec({ arch: 'stacked-lstm', layers: 2, maskZero: true }), 2));

// The pooled heads (Keras GlobalMaxPooling1D / GlobalAveragePooling1D over return_sequences=True).
for (const head of ['max-pool', 'avg-pool'] as const) {
  test(`LSTM + ${head} matches tfjs`, () => compare(tinySpec({ arch: 'lstm', head })));
  test(`GRU reset_after=false + ${head} matches tfjs`, () => compare(tinySpec({ arch: 'gru', gruResetAfter: false, head })));
  test(`SimpleRNN + ${head} with mask_zero matches tfjs`, () => compare(tinySpec({ arch: 'rnn', head, maskZero: true }), 2));
  test(`Bidirectional LSTM (concat) + ${head} matches tfjs`, () => compare(tinySpec({ arch: 'bilstm', head })));
  test(`Bidirectional LSTM (mul) + ${head} with mask_zero matches tfjs`, () => compare(tinySpec({ arch: 'bilstm', merge: 'mul', head, maskZero: true }), 2));
  test(`stacked LSTM + ${head} with mask_zero matches tfjs`, () => compare(tinySpec({ arch: 'stacked-lstm', layers: 2, head, maskZero: true }), 2));
}
