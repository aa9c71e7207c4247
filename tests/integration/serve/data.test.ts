// The data calls over the serve-mode WebSocket: importData takes no path unless the server has an import
// folder (serve --allow-import-from), then only under it (links and ".." resolved) and its errors never
// quote a file; on the real IMDB files: import of the Keras npz into an empty data folder, statistics,
// decoded reviews (needs env RECURRENT_LAB_DATA).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient } from './client.js';
import { startLab, type Lab } from './setup.js';
import { calls, type CallResult } from '../../../main/contract/index.js';

type Reply = { result?: unknown; error?: { code: string; message: string } };
const source = process.env.RECURRENT_LAB_DATA;
let lab: Lab;
let c: TestClient;
before(async () => {
  // its data folder starts empty; it may import from the real data folder only
  lab = await startLab(source !== undefined ? { importFrom: source } : {});
  c = await TestClient.open(lab.wsUrl());
});
after(async () => {
  c.close();
  await lab.close();
});

test('without an import folder, importData takes no path at all', async () => {
  const closed = await startLab();
  const cc = await TestClient.open(closed.wsUrl());
  try {
    const info = (await cc.call('appInfo', {})).result as CallResult<'appInfo'>;
    assert.equal(info.importFrom, null);
    const s = (await cc.call('dataStatus', {})).result as CallResult<'dataStatus'>;
    assert.equal(s.state, 'missing');
    assert.match(s.message ?? '', /download|import/);
    const wi = join(closed.dir, 'imdb_word_index.json');
    writeFileSync(wi, JSON.stringify({ the: 1, film: 2 }));
    for (const path of [wi, 'imdb_word_index.json', '/etc/passwd']) {
      const r: Reply = await cc.call('importData', { path });
      assert.equal(r.error?.code, 'forbidden', path);
      assert.match(r.error?.message ?? '', /--allow-import-from DIR/);
    }
    assert.equal(existsSync(join(closed.dir, 'no-data')), false, 'nothing was imported');
  } finally {
    cc.close();
    await closed.close();
  }
});

test('with an import folder: only files under it, through links and "..", and errors that quote nothing', async () => {
  const root = mkdtempSync(join(tmpdir(), 'rl-import-from-'));
  const imports = join(root, 'imports');
  const outside = join(root, 'outside');
  mkdirSync(imports);
  mkdirSync(outside);
  const secret = 'sk-live-SECRET0f3a9';
  writeFileSync(join(outside, 'imdb_word_index.json'), JSON.stringify({ the: 1, film: 2 }));
  writeFileSync(join(outside, 'secrets.json'), JSON.stringify({ the: 1, token: secret }));
  symlinkSync(join(outside, 'imdb_word_index.json'), join(imports, 'linked.json'));
  symlinkSync(outside, join(imports, 'linked-folder'), 'dir');
  writeFileSync(join(imports, 'broken.json'), JSON.stringify({ the: 1, api_key: secret }));
  writeFileSync(join(imports, 'imdb_word_index.json'), JSON.stringify({ the: 1, film: 2 }));
  const confined = await startLab({ importFrom: imports });
  const cc = await TestClient.open(confined.wsUrl());
  try {
    const info = (await cc.call('appInfo', {})).result as CallResult<'appInfo'>;
    assert.equal(info.importFrom, imports);
    for (const path of [join(outside, 'imdb_word_index.json'), `${imports}/../outside/imdb_word_index.json`, '../outside/imdb_word_index.json', 'linked.json', 'linked-folder', 'linked-folder/secrets.json', '/etc/passwd', '/nonexistent/imdb.npz']) {
      const r: Reply = await cc.call('importData', { path });
      assert.equal(r.error?.code, 'forbidden', `${path}: ${r.error?.message}`);
      assert.ok(!r.error?.message.includes(secret));
    }
    const missing: Reply = await cc.call('importData', { path: 'nothing-here.npz' });
    assert.equal(missing.error?.code, 'not_found');
    assert.ok(missing.error?.message.includes(join(imports, 'nothing-here.npz')));
    const broken: Reply = await cc.call('importData', { path: 'broken.json' });
    assert.equal(broken.error?.code, 'corrupt_file');
    assert.ok(broken.error?.message.includes('broken.json'), 'the error names the file');
    assert.ok(!broken.error?.message.includes(secret) && !broken.error?.message.includes('api_key'), `the error quotes the file: ${broken.error?.message}`);
    const ok: Reply = await cc.call('importData', { path: 'imdb_word_index.json' });
    assert.equal(ok.error, undefined, ok.error?.message);
    assert.deepEqual(readdirSync(join(confined.dir, 'no-data')), ['imdb_word_index.json']);
  } finally {
    cc.close();
    await confined.close();
    rmSync(root, { recursive: true, force: true });
  }
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
