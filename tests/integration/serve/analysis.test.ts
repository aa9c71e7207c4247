// The error analysis over the serve-mode WebSocket on two real tiny runs: analyzeRuns (one run at a time may
// lack predictions and says why), listDisagreements, and explainReview — each run re-scores the review from
// its weights to the probability it stored, and its word attributions line up with what it read (the start of
// a truncated review was never seen; out-of-vocabulary words cannot be occluded).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { TestClient } from './client.js';
import { predictionsPath } from '../../../main/runs/predictions-file.js';
import { startLab, type Lab } from './setup.js';
import { calls, type CallResult } from '../../../main/contract/index.js';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../../main/model/spec.js';

const dataDir = process.env.RECURRENT_LAB_DATA;
const MAX_LEN = 60;
const tiny = {
  model: { ...TUTORIAL_MODEL, numWords: 2000, maxLen: MAX_LEN, embeddingDim: 8, units: 8 },
  train: { ...TUTORIAL_TRAIN, epochs: 1, batchSize: 32, limitTrain: 256, limitTest: 64, seed: 3 },
};

let lab: Lab;
let c: TestClient;
before(async () => {
  if (!dataDir) return;
  lab = await startLab({ dataDir });
  c = await TestClient.open(lab.wsUrl());
});
after(async () => {
  c?.close();
  await lab?.close();
});

async function call<M extends keyof typeof calls>(method: M, params: unknown): Promise<CallResult<M>> {
  const r = await c.call(method, params as never);
  assert.equal(r.error, undefined, r.error?.message);
  const parsed = calls[method].result.safeParse(r.result);
  assert.ok(parsed.success, `${method} result does not match the contract`);
  return r.result as CallResult<M>;
}

test('analyzeRuns, listDisagreements and explainReview over the WebSocket on two real tiny runs', { timeout: 300_000 }, async (t) => {
  if (!dataDir) return t.skip('set RECURRENT_LAB_DATA to the folder with imdb.npz');
  const started = await call('startRuns', { ...tiny, group: { kind: 'archs', archs: ['rnn', 'lstm'] } });
  const [a, b] = started.runIds as [string, string];
  for (const id of started.runIds) {
    const done = await c.waitFor((e) => e.event === 'runStatus' && e.payload.runId === id && !['queued', 'running'].includes(e.payload.status), 200_000, `run ${id}`);
    assert.equal(done.event === 'runStatus' && done.payload.status, 'finished');
  }

  const an = await call('analyzeRuns', { runIds: [a, b] });
  assert.deepEqual(an.runs.map((r) => r.runId), [a, b]);
  for (const r of an.runs) {
    assert.equal(r.note, null);
    assert.equal(r.analysis?.n, 64);
    assert.deepEqual(r.analysis?.byLength.map((x) => x.label), ['≤ 30', '31–60', '> 60 (truncated)']);
    assert.equal(r.analysis?.byLength.reduce((s, x) => s + x.n, 0), 64);
    const test = (await call('getRun', { runId: r.runId })).test;
    assert.ok(Math.abs((r.analysis?.accuracy ?? NaN) - (test?.accuracy ?? NaN)) < 1e-9, 'accuracy equals the run’s test accuracy');
  }
  // An unknown run is an error for the call; (a run without predictions is listed with a note: at the end).
  const unknown = await c.call('analyzeRuns', { runIds: [a, 'r_nope'] });
  assert.equal(unknown.error?.code, 'unknown_run');

  const page = await call('listDisagreements', { runIds: [a, b], limit: 100 });
  assert.equal(page.n, 64);
  assert.equal(page.total, page.b + page.c);
  const cmp = await call('compareRuns', { runIds: [a, b] });
  assert.deepEqual([page.b, page.c], [cmp.paired?.b, cmp.paired?.c]);
  const refused = await c.call('listDisagreements', { runIds: [a, b], limit: 500 });
  assert.equal(refused.error?.code, 'bad_input');
  assert.match(refused.error?.message ?? '', /at most 100 reviews per page/);

  // A truncated review: explained by both runs. (Most of the 64 reviews are longer than 60 tokens.)
  const sample = await call('sampleReview', { split: 'test', index: 0, numWords: 2000, maxLen: MAX_LEN });
  const ids = Array.from({ length: 64 }, (_, i) => i);
  let index = 0;
  for (const i of ids) {
    const s = i === 0 ? sample : await call('sampleReview', { split: 'test', index: i, numWords: 2000, maxLen: MAX_LEN });
    if (s.truncated && s.oovCount > 0) {
      index = i;
      break;
    }
  }
  const review = await call('sampleReview', { split: 'test', index, numWords: 2000, maxLen: MAX_LEN });
  assert.ok(review.truncated, 'found a truncated review');
  const ex = await call('explainReview', { runIds: [a, b], index });
  assert.equal(ex.index, index);
  assert.equal(ex.label, review.label);
  assert.equal(ex.words.join(' '), review.text);
  assert.equal(ex.words.length, review.length);
  for (const r of ex.runs) {
    assert.ok(Math.abs(r.probability - r.storedProbability) < 1e-5, `re-scored ${r.probability} vs stored ${r.storedProbability}`);
    assert.equal(r.maxLen, MAX_LEN);
    assert.equal(r.contributions.length, ex.words.length);
    // load_data's sequence is the start mark + the words; 'pre' truncation keeps its last 60 tokens.
    assert.equal(r.firstSeenWord, review.length + 1 - MAX_LEN - 1);
    r.contributions.forEach((v, w) => {
      const seen = w >= r.firstSeenWord;
      if (!seen || ex.words[w] === '[oov]') assert.equal(v, null, `word ${w} "${ex.words[w]}"`);
      else assert.ok(typeof v === 'number' && Number.isFinite(v), `word ${w} "${ex.words[w]}" has a contribution`);
    });
  }
  const outside = await c.call('explainReview', { runIds: [a], index: 64 });
  assert.equal(outside.error?.code, 'not_found');
  assert.equal(outside.error?.message, `review 64 is not among run ${a}'s 64 test reviews`);

  // A run without stored predictions (as runs finished before they existed) does not hide the other's analysis.
  rmSync(predictionsPath(lab.store.info.artifactsDir, b));
  const partial = await call('analyzeRuns', { runIds: [a, b] });
  assert.ok(partial.runs[0]?.analysis);
  assert.equal(partial.runs[1]?.analysis, null);
  assert.equal(partial.runs[1]?.note, `run ${b} has no stored test predictions (it finished before per-review predictions were stored: train it again to analyse it)`);
  const noPage = await c.call('listDisagreements', { runIds: [a, b] });
  assert.equal(noPage.error?.code, 'not_ready');
});
