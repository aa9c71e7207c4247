// The data calls over the serve-mode WebSocket on the real IMDB files: status, import of the Keras npz
// into an empty data folder, statistics, decoded reviews. Needs env RECURRENT_LAB_DATA.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TestClient } from './client.js';
import { startLab, type Lab } from './setup.js';
import { calls, type CallResult } from '../../../main/contract/index.js';

const source = process.env.RECURRENT_LAB_DATA;
let lab: Lab;
let c: TestClient;
before(async () => {
  lab = await startLab(); // its data folder starts empty
  c = await TestClient.open(lab.wsUrl());
});
after(async () => {
  c.close();
  await lab.close();
});

test('an empty data folder says what to do; import of a missing file fails cleanly', async () => {
  const s = (await c.call('dataStatus', {})).result as CallResult<'dataStatus'>;
  assert.equal(s.state, 'missing');
  assert.match(s.message ?? '', /download|import/);
  const bad = await c.call('importData', { path: join(lab.dir, 'nothing-here.npz') });
  assert.ok(bad.error && !bad.error.message.includes('\n'));
  assert.ok(bad.error.message.includes('nothing-here.npz'));
});

test('import the Keras npz, then statistics and decoded reviews', { timeout: 120_000 }, async (t) => {
  if (!source) return t.skip('set RECURRENT_LAB_DATA to the folder with imdb.npz');
  for (const f of ['imdb_word_index.json', 'imdb.npz']) {
    const r: { error?: { message: string } } = await c.call('importData', { path: join(source, f) });
    assert.equal(r.error, undefined, r.error?.message);
  }
  const s = (await c.call('dataStatus', {})).result as CallResult<'dataStatus'>;
  assert.ok(calls.dataStatus.result.safeParse(s).success);
  assert.equal(s.state, 'ready');
  assert.equal(s.source, 'npz');
  assert.ok(s.files.some((f) => f.name === 'imdb.npz' && f.bytes > 1e6));

  const st = await c.call('dataStats', { numWords: 10000, maxLen: 200 });
  const stats = st.result as CallResult<'dataStats'>;
  assert.ok(calls.dataStats.result.safeParse(stats).success, st.error?.message);
  assert.deepEqual(stats.counts, { train: { pos: 12500, neg: 12500 }, test: { pos: 12500, neg: 12500 } });
  assert.equal(stats.lengthHistogram.counts.reduce((a, b) => a + b, 0), 50000);
  assert.ok(stats.truncatedShare > 0.05 && stats.truncatedShare < 0.6);
  const wider = (await c.call('dataStats', { numWords: 20000, maxLen: 500 })).result as CallResult<'dataStats'>;
  assert.ok(wider.oovRate < stats.oovRate, 'a larger vocabulary has fewer OOV words');
  assert.ok(wider.truncatedShare < stats.truncatedShare, 'a longer maxlen truncates fewer reviews');

  const r0 = (await c.call('sampleReview', { split: 'train', index: 0 })).result as CallResult<'sampleReview'>;
  assert.ok(calls.sampleReview.result.safeParse(r0).success);
  // the first shuffled training review of keras.datasets.imdb.load_data(num_words=10000)
  assert.match(r0.text, /^this film was just brilliant casting location scenery story direction/);
  assert.equal(r0.label, 1);
  assert.equal(r0.count, 25000);
  assert.equal(r0.text.split(' ').length, r0.length);
  assert.ok(r0.oovCount > 0 && r0.text.includes('[oov]'));
  const missing = await c.call('sampleReview', { split: 'test', index: 24999 });
  assert.equal(missing.error, undefined);
  const random = (await c.call('sampleReview', { split: 'test' })).result as CallResult<'sampleReview'>;
  assert.ok(random.index >= 0 && random.index < 25000);
});
