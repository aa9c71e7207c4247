// Export on the real IMDB data (RECURRENT_LAB_DATA): models trained briefly by our engine on real reviews,
// exported, loaded by plain TF.js from the files, give the engine's probabilities (≤ 1e-5) on real test
// reviews; the same run's ONNX export gives them through onnxruntime-node (≤ 1e-5, every architecture); the
// exported tokenizer encodes the reviews' text exactly as load_data + pad_sequences did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN, type ModelSpec } from '../../../main/model/spec.js';
import { loadData } from '../../../main/data/loadData.js';
import { loadWordIndexFile, decodeSequence, WORD_INDEX_FILE } from '../../../main/data/wordIndex.js';
import { padSequences, toDataset } from '../../../main/data/pad.js';
import { EngineModel } from '../../../main/engine/model.js';
import { createJsKernels } from '../../../main/engine/kernels/js.js';
import { loadPureTfjs } from '../../../main/engine/tfjs/tf.js';
import { exportModel } from '../../../main/export/export.js';
import { loadExportedModel } from '../../../main/export/artifacts.js';
import { predictText } from '../../../main/export/predict.js';
import { Tokenizer, buildTokenizer } from '../../../main/export/tokenizer.js';
import { maxAbsDiff, tempDir } from '../../unit/export/helpers.js';
import { ortPredict } from '../../unit/export/onnx-helpers.js';

const dataDir = process.env.RECURRENT_LAB_DATA;
const skip = dataDir ? false : 'RECURRENT_LAB_DATA is not set (the real IMDB folder)';

const NUM_WORDS = 2000;
const MAX_LEN = 120;

async function realData() {
  const dir = dataDir!;
  const [arrays, full, wordIndex] = await Promise.all([
    loadData(dir, { numWords: NUM_WORDS }),
    loadData(dir, {}),
    loadWordIndexFile(join(dir, WORD_INDEX_FILE)),
  ]);
  return { arrays, full, wordIndex };
}
let cached: ReturnType<typeof realData> | null = null;
const data = () => (cached ??= realData());

test('the exported tokenizer turns real review texts into exactly the load_data + pad_sequences rows', { skip }, async () => {
  const { arrays, full, wordIndex } = await data();
  const tok = new Tokenizer(buildTokenizer({ wordIndex, numWords: NUM_WORDS, maxLen: MAX_LEN }));
  let truncated = 0;
  for (let i = 0; i < 40; i++) {
    // The review's text: its words in order (start char dropped), from the unlimited load_data.
    const text = decodeSequence(full.xTest[i]!.subarray(1), wordIndex);
    const e = tok.encode(text);
    const ref = padSequences([arrays.xTest[i]!], { maxLen: MAX_LEN });
    assert.deepEqual([...e.sequence], [...ref], `test review ${i}`);
    assert.equal(e.tokens.length, full.xTest[i]!.length - 1);
    assert.equal(e.oov.length, [...arrays.xTest[i]!].filter((id) => id === 2).length, `oov count of review ${i}`);
    if (e.truncated) truncated++;
  }
  assert.ok(truncated > 0 && truncated < 40, 'the sample has long and short reviews');
});

const ARCHS: [string, Partial<ModelSpec>][] = [
  ['SimpleRNN', { arch: 'rnn' }],
  ['LSTM', { arch: 'lstm' }],
  ['GRU reset_after=false', { arch: 'gru', gruResetAfter: false }],
  ['BiLSTM', { arch: 'bilstm' }],
  ['stacked LSTM', { arch: 'stacked-lstm', layers: 2, dropout: 0.2 }],
  ['GRU reset_after=true (engine only)', { arch: 'gru', gruResetAfter: true }],
  ['BiLSTM sum', { arch: 'bilstm', merge: 'sum' }],
  ['LSTM + max-pool', { arch: 'lstm', head: 'max-pool' }],
  ['BiLSTM + avg-pool', { arch: 'bilstm', head: 'avg-pool' }],
  ['LSTM mask_zero', { arch: 'lstm', maskZero: true }],
  ['BiLSTM mask_zero', { arch: 'bilstm', maskZero: true }],
];

for (const [label, over] of ARCHS) {
  test(`${label}: trained on real reviews, exported, scored on real test reviews (TF.js = engine ≤ 1e-5 where TF.js can load it)`, { skip }, async (t) => {
    const { arrays, full, wordIndex } = await data();
    const spec: ModelSpec = { ...TUTORIAL_MODEL, numWords: NUM_WORDS, maxLen: MAX_LEN, embeddingDim: 16, units: 8, layers: 1, ...over };
    const train = toDataset(arrays.xTrain, arrays.yTrain, MAX_LEN, 256);
    const engine = new EngineModel(spec, 3, createJsKernels());
    await engine.fit(train, null, { ...TUTORIAL_TRAIN, batchSize: 64, epochs: 1, validation: false });
    const out = join(tempDir(t), 'model');
    const r = await exportModel({
      spec,
      weights: engine.getWeights(),
      outDir: out,
      tokenizer: { wordIndex },
      card: { appVersion: 'test', data: { source: arrays.source, fingerprint: arrays.fingerprint } },
    });
    const test8 = toDataset(arrays.xTest, arrays.yTest, MAX_LEN, 8);
    const ours = await engine.predict(test8.x, test8.n);
    assert.ok(Math.max(...ours) - Math.min(...ours) > 1e-4, 'trained weights give distinct probabilities');
    const texts = Array.from({ length: 8 }, (_, i) => decodeSequence(full.xTest[i]!.subarray(1), wordIndex));
    if (r.tfjsLoadable) {
      const tf = await loadPureTfjs();
      const model = await loadExportedModel(out, tf);
      const theirs = (model.predict(tf.tensor2d(test8.x, [8, MAX_LEN], 'int32')) as ReturnType<typeof tf.tensor>).dataSync();
      assert.ok(maxAbsDiff(ours, theirs) <= 1e-5, `max |diff| ${maxAbsDiff(ours, theirs)}`);
      model.dispose();
      for (let i = 0; i < 3; i++) {
        const p = await predictText(out, texts[i]!, 'tfjs');
        assert.ok(Math.abs(p.probability - ours[i]!) <= 1e-5, `predict --runtime tfjs on review ${i}`);
      }
    } else {
      assert.equal(r.warnings.length, 1);
      await assert.rejects(loadExportedModel(out));
    }
    for (let i = 0; i < 8; i++) {
      const p = await predictText(out, texts[i]!, 'engine');
      assert.ok(Math.abs(p.probability - ours[i]!) <= 1e-6, `predict on review ${i}`);
    }

    // The same weights as model.onnx, in onnxruntime-node.
    const onnxDir = join(tempDir(t), 'onnx');
    await exportModel({ spec, weights: engine.getWeights(), outDir: onnxDir, tokenizer: { wordIndex }, card: { appVersion: 'test' }, format: 'onnx' });
    const viaOnnx = await ortPredict(join(onnxDir, 'model.onnx'), test8.x, 8, MAX_LEN);
    const diff = maxAbsDiff(ours, viaOnnx);
    t.diagnostic(`ONNX max |diff| ${diff.toExponential(2)}`);
    assert.ok(diff <= 1e-5, `ONNX max |diff| ${diff}`);
    for (let i = 0; i < 3; i++) {
      const p = await predictText(onnxDir, texts[i]!);
      assert.ok(Math.abs(p.probability - ours[i]!) <= 1e-5, `predict (onnx) on review ${i}`);
    }
    engine.dispose();
  });
}
