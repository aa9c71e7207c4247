// downloadData against a local HTTP server on 127.0.0.1 serving the real shared files: checksums verified,
// wrong checksums / cut-off transfers / HTTP errors / cancellation leave nothing behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { data, privateCache, SKIP, tempDir } from './helpers.js';
import { dataStatus, downloadData, loadData, OFFICIAL_CHECKSUMS } from '../../../main/data/index.js';
import { isUserError } from '../../../main/errors.js';

privateCache();
let server: Server;
let base = '';
let npzSha = '';
const hits: string[] = [];

before(() => {
  if (SKIP) return;
  npzSha = createHash('sha256').update(readFileSync(join(data(), 'imdb.npz'))).digest('hex');
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    hits.push(url);
    const m = /^\/(ok|cut|slow)\/(imdb\.npz|imdb_word_index\.json)$/.exec(url);
    if (!m) {
      res.writeHead(404).end('not found');
      return;
    }
    const body = readFileSync(join(data(), m[2]!));
    res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/octet-stream' });
    if (m[1] === 'ok') res.end(body);
    else if (m[1] === 'cut') {
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      setTimeout(() => res.destroy(), 20); // connection drops mid-transfer
    } else {
      res.write(body.subarray(0, 1000)); // never finishes: for cancellation
    }
  });
  return new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
after(() => {
  server?.closeAllConnections();
  server?.close();
});

function url(kind: string): string {
  if (!base) base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return `${base}/${kind}/`;
}

function leftovers(dir: string): string[] {
  return readdirSync(dir);
}

test('downloads both files, verifies them (official word-index md5), then reuses verified copies', { skip: SKIP }, async () => {
  const dir = join(tempDir('dl'), 'new', 'imdb');
  const progress: number[] = [];
  const r = await downloadData(dir, { baseUrl: url('ok'), expected: { npzSha256: npzSha }, onProgress: (p) => progress.push(p.fraction) });
  assert.deepEqual(
    r.files.map((f) => [f.name, f.reused, f.digest]),
    [
      ['imdb_word_index.json', false, OFFICIAL_CHECKSUMS.wordIndexMd5],
      ['imdb.npz', false, npzSha],
    ],
  );
  assert.equal(statSync(join(dir, 'imdb.npz')).size, statSync(join(data(), 'imdb.npz')).size);
  assert.ok(progress.length > 2 && progress.at(-1) === 1);
  assert.deepEqual(leftovers(dir).sort(), ['imdb.npz', 'imdb_word_index.json']);
  assert.equal((await dataStatus(dir)).ready, true);
  const a = await loadData(dir, { numWords: 10000 });
  assert.equal(a.xTrain.length, 25000);

  const before = hits.length;
  const again = await downloadData(dir, { baseUrl: url('ok'), expected: { npzSha256: npzSha } });
  assert.deepEqual(
    again.files.map((f) => f.reused),
    [true, true],
  );
  assert.equal(hits.length, before, 'nothing fetched twice');
});

test('the official npz checksum rejects the shared (rebuilt, content-equal) npz: nothing is kept', { skip: SKIP }, async () => {
  const dir = tempDir('dl-bad');
  await assert.rejects(downloadData(dir, { baseUrl: url('ok') }), (e: unknown) => {
    assert.ok(isUserError(e));
    assert.equal(e.code, 'checksum_mismatch');
    assert.match(e.message, /checksum mismatch for imdb\.npz: expected sha256 69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f, got [0-9a-f]{64}/);
    return true;
  });
  // the verified word index stays; no npz, no temp file
  assert.deepEqual(leftovers(dir), ['imdb_word_index.json']);
});

test('a transfer cut short, an HTTP error and a cancellation leave no file behind', { skip: SKIP }, async () => {
  const dir = tempDir('dl-cut');
  await assert.rejects(downloadData(dir, { baseUrl: url('cut') }), (e: unknown) => isUserError(e) && e.code === 'download_failed' && /download of .*imdb_word_index\.json failed/.test(e.message));
  assert.deepEqual(leftovers(dir), []);
  await assert.rejects(downloadData(dir, { baseUrl: url('missing') }), /download failed: HTTP 404/);
  assert.deepEqual(leftovers(dir), []);
  const ac = new AbortController();
  const p = downloadData(dir, {
    baseUrl: url('slow'),
    signal: ac.signal,
    onProgress: (d) => {
      if (d.receivedBytes > 0) ac.abort();
    },
  });
  await assert.rejects(p, (e: unknown) => isUserError(e) && e.code === 'cancelled');
  assert.deepEqual(leftovers(dir), []);
});
