// A model whose weights produce NaN is an error on every prediction path — the predict CLI (engine and TF.js
// runtimes), explainText, and the API's predict with and without occlusion (the "Try it" screen) — never a
// "negative" label with exit 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { exportModel } from '../../../main/export/export.js';
import { explainText } from '../../../main/export/predict.js';
import { writeWeightsFile } from '../../../main/runs/checkpoint-file.js';
import { isUserError } from '../../../main/errors.js';
import { TUTORIAL_TRAIN } from '../../../main/model/spec.js';
import type { WeightTensor } from '../../../main/engine/types.js';
import { engineModel, tempDir, tinySpec, WORDS } from '../../unit/export/helpers.js';
import { cli, lastJsonLine, tempHome } from '../runs/helpers.js';
import { startLab } from '../serve/setup.js';
import { TestClient } from '../serve/client.js';

const DAMAGED = /the model produced NaN: its weights are damaged/;

/** Real weights with the output layer's kernel overwritten by NaN (as a corrupted file would hold them). */
function nanWeights(weights: WeightTensor[]): WeightTensor[] {
  return weights.map((w) => (/dense.*kernel/.test(w.name) ? { ...w, data: new Float32Array(w.data.length).fill(NaN) } : w));
}

test('predict on an export whose weights give NaN: exit non-zero with "the model produced NaN", both runtimes', async (t) => {
  const spec = tinySpec({ arch: 'lstm', numWords: 30, maxLen: 8 });
  const weights = nanWeights(engineModel(spec).getWeights());
  assert.ok(weights.some((w) => Number.isNaN(w.data[0])), 'a NaN kernel');
  const dir = join(tempDir(t), 'nan-model');
  await exportModel({ spec, weights, outDir: dir, card: { appVersion: 'test' }, tokenizer: { wordIndex: WORDS } });
  const h = tempHome();
  try {
    for (const runtime of ['auto', 'engine', 'tfjs']) {
      const r = cli(['predict', '--model', dir, '--text', 'a great film, loved the acting', '--runtime', runtime], h.env);
      assert.equal(r.status, 2, `${runtime}: ${r.stdout}`);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `recurrent-lab predict: ${dir}: the model produced NaN: its weights are damaged\n`);
    }
    const j = cli(['predict', '--model', dir, '--text', 'boring', '--json'], h.env);
    assert.equal(j.status, 2);
    assert.deepEqual(lastJsonLine(j.stdout), { error: `${dir}: the model produced NaN: its weights are damaged`, code: 'bad_model' });
  } finally {
    h.cleanup();
  }
  await assert.rejects(explainText(dir, 'a great film'), (e: unknown) => isUserError(e) && e.code === 'bad_model' && DAMAGED.test(e.message));
});

test('the API predict and "Try it" (occlusion) refuse a run whose weights give NaN', { skip: process.env.RECURRENT_LAB_DATA ? false : 'needs RECURRENT_LAB_DATA' }, async () => {
  const lab = await startLab({ dataDir: process.env.RECURRENT_LAB_DATA ?? '' });
  const c = await TestClient.open(lab.wsUrl());
  try {
    const spec = tinySpec({ arch: 'gru', numWords: 100, maxLen: 20 });
    const run = lab.store.createRun({ model: spec, train: TUTORIAL_TRAIN, appVersion: 'test' });
    const file = join(lab.dir, 'nan-weights.rlck');
    const bytes = writeWeightsFile(file, nanWeights(engineModel(spec).getWeights()), 1);
    lab.store.addArtifact(run.id, { kind: 'weights', path: file, bytes, epoch: 1 });
    for (const occlusion of [false, true]) {
      const r = await c.call('predict', { text: 'a great film, loved the acting', runIds: [run.id], occlusion });
      assert.equal(r.result, undefined, `occlusion ${occlusion}`);
      assert.equal(r.error?.code, 'bad_model');
      assert.equal(r.error?.message, `run ${run.id}: the model produced NaN: its weights are damaged`);
    }
  } finally {
    c.close();
    await lab.close();
  }
});
