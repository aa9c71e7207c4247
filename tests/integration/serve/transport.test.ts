// Serve mode's transport, end to end over real sockets: static files with a strict CSP, the contract over
// WebSocket, and every rejection — unknown methods, malformed and oversized messages, bad params,
// foreign origins and hosts, missing or wrong tokens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { TestClient } from './client.js';
import { startLab, type Lab } from './setup.js';
import { MAX_MESSAGE_BYTES } from '../../../main/contract/protocol.js';
import { calls } from '../../../main/contract/index.js';

/** A raw HTTP GET (fetch would normalise paths and refuse a custom Host header). */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let lab: Lab;
before(async () => {
  lab = await startLab();
});
after(async () => {
  await lab.close();
});

test('binds to 127.0.0.1 without a token and prints a plain URL', () => {
  assert.equal(lab.server.host, '127.0.0.1');
  assert.equal(lab.server.token, null);
  assert.match(lab.server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
});

test('static files: index, assets, SPA fallback, strict CSP; path escapes and other methods refused', async () => {
  const port = lab.server.port;
  const index = await get(port, '/');
  assert.equal(index.status, 200);
  assert.match(index.body, /Recurrent Lab/);
  const csp = String(index.headers['content-security-policy']);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /object-src 'none'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline/);
  assert.match(csp, /style-src 'self'(;|$)/, 'the same policy as the desktop window: no inline styles');
  assert.equal(index.headers['x-content-type-options'], 'nosniff');
  const js = await get(port, '/assets/app.js');
  assert.equal(js.status, 200);
  assert.match(String(js.headers['content-type']), /javascript/);
  assert.equal((await get(port, '/runs/compare')).status, 200, 'client-side routes fall back to index.html');
  assert.equal((await get(port, '/assets/missing.js')).status, 404);
  for (const p of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fetc%2fpasswd', '/a%00b', '/%E0%A4%A']) {
    const r = await get(port, p);
    // refused, or (once normalised to a path inside the folder) answered with index.html — never the file
    assert.ok(r.status === 400 || r.status === 404 || (r.status === 200 && r.body === index.body), `${p} → ${r.status}`);
    assert.doesNotMatch(r.body, /root:/);
  }
  assert.equal((await get(port, '/', {}, 'POST')).status, 405);
  assert.equal((await get(port, '/api')).status, 426);
});

test('a loopback server refuses requests addressed to another host name (DNS rebinding)', async () => {
  const r = await get(lab.server.port, '/', { host: 'evil.example:80' });
  assert.equal(r.status, 421);
  await assert.rejects(TestClient.open(lab.wsUrl(), { host: 'evil.example' }), /HTTP 421/);
});

test('WebSocket from a foreign origin is refused; same origin is accepted', async () => {
  await assert.rejects(TestClient.open(lab.wsUrl(), { origin: 'http://evil.example' }), /HTTP 403/);
  const c = await TestClient.open(lab.wsUrl(), { origin: `http://127.0.0.1:${lab.server.port}` });
  const r = await c.call('appInfo', {});
  assert.ok(r.result);
  c.close();
});

test('calls answer with results validated by the contract; errors are {code, message}', async () => {
  const c = await TestClient.open(lab.wsUrl());
  const info = await c.call('appInfo', {});
  assert.ok(calls.appInfo.result.safeParse(info.result).success);
  assert.equal((info.result as { dbPath: string }).dbPath, lab.store.info.path);
  const device = await c.call('deviceInfo', {});
  assert.ok(calls.deviceInfo.result.safeParse(device.result).success, JSON.stringify(device));
  const list = await c.call('listRuns', {});
  assert.deepEqual(list.result, { runs: [], total: 0 });
  const status = await c.call('dataStatus', {});
  assert.equal((status.result as { state: string }).state, 'missing');
  const sum = await c.call('modelSummary', { model: { arch: 'gru', numWords: 10000, maxLen: 200, embeddingDim: 128, units: 64, layers: 1, dropout: 0, recurrentDropout: 0, gruResetAfter: true, maskZero: false, merge: 'concat' } });
  assert.ok(calls.modelSummary.result.safeParse(sum.result).success);
  // Keras: GRU(64, reset_after=True) on 128 inputs has 3·(128·64 + 64·64 + 2·64) = 37,248 params
  assert.equal((sum.result as { layers: { params: number }[] }).layers[1]?.params, 37248);

  const unknownRun = await c.call('getRun', { runId: 'doesnotexist' });
  assert.ok(unknownRun.error && unknownRun.error.message.includes('doesnotexist'));
  const badParams = await c.call('startRuns', { model: { arch: 'transformer' }, train: {} });
  assert.equal(badParams.error?.code, 'bad_input');
  assert.match(badParams.error?.message ?? '', /^invalid startRuns params: model\.arch/);
  const extraKey = await c.call('listRuns', { limit: 5, evil: true });
  assert.equal(extraKey.error?.code, 'bad_input');
  const unknown = await c.call('shutdown', {});
  assert.equal(unknown.error?.code, 'unknown_method');
  const noData = await c.call('sampleReview', { index: 0 });
  assert.equal(noData.error?.code, 'not_found');
  assert.ok(!noData.error?.message.includes('\n'));
  c.close();
});

test('malformed messages get an error response and the socket stays usable', async () => {
  const c = await TestClient.open(lab.wsUrl());
  const n = c.errorsWithoutId.length;
  c.sendRaw('{this is not json');
  c.sendRaw(JSON.stringify({ method: 'appInfo' }));
  c.sendRaw(JSON.stringify([1, 2, 3]));
  const ok = await c.call('appInfo', {});
  assert.ok(ok.result, 'socket still answers');
  assert.equal(c.errorsWithoutId.length, n + 3);
  for (const e of c.errorsWithoutId.slice(n)) {
    assert.equal(e.id, null);
    assert.equal(e.error?.code, 'malformed');
  }
  c.close();
});

test('an oversized message closes the socket (1009); binary frames close it (1003)', async () => {
  const c = await TestClient.open(lab.wsUrl());
  const closed = c.closed();
  c.sendRaw(JSON.stringify({ id: 1, method: 'predict', params: { text: 'x'.repeat(MAX_MESSAGE_BYTES + 10), runIds: ['a'] } }));
  assert.equal((await closed).code, 1009);
  const b = await TestClient.open(lab.wsUrl());
  const closedB = b.closed();
  b.sendRaw(Buffer.from([1, 2, 3]));
  assert.equal((await closedB).code, 1003);
  // the server is fine afterwards
  const d = await TestClient.open(lab.wsUrl());
  assert.ok((await d.call('appInfo', {})).result);
  d.close();
});

test('with a token: missing or wrong tokens are refused on static files and the WebSocket', async () => {
  const t = await startLab({ serve: { requireToken: true } });
  try {
    const token = t.server.token;
    assert.ok(token && token.length >= 32);
    assert.ok(t.server.url.endsWith(`?token=${token}`));
    const port = t.server.port;
    assert.equal((await get(port, '/')).status, 401);
    assert.equal((await get(port, '/?token=wrong')).status, 401);
    const ok = await get(port, `/?token=${token}`);
    assert.equal(ok.status, 200);
    const cookie = String(ok.headers['set-cookie']);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    // the page's assets carry the cookie instead of ?token=
    assert.equal((await get(port, '/assets/app.js', { cookie: cookie.split(';')[0] ?? '' })).status, 200);
    assert.equal((await get(port, '/assets/app.js', { 'x-recurrent-lab-token': token })).status, 200);
    await assert.rejects(TestClient.open(t.wsUrl(false)), /HTTP 401/);
    await assert.rejects(TestClient.open(`${t.wsUrl(false)}?token=${'A'.repeat(token.length)}`), /HTTP 401/);
    await assert.rejects(TestClient.open(`${t.wsUrl(false)}?token=short`), /HTTP 401/);
    const c = await TestClient.open(t.wsUrl(true));
    assert.ok((await c.call('appInfo', {})).result);
    c.close();
    const h = await TestClient.open(t.wsUrl(false), { 'x-recurrent-lab-token': token });
    assert.ok((await h.call('appInfo', {})).result);
    h.close();
  } finally {
    await t.close();
  }
});

test('a non-loopback host always gets a token', async () => {
  // 0.0.0.0 listens on every interface: the token is mandatory
  const t = await startLab({ serve: { host: '0.0.0.0' } });
  try {
    assert.ok(t.server.token);
    assert.equal((await get(t.server.port, '/')).status, 401);
    await assert.rejects(TestClient.open(t.wsUrl(false)), /HTTP 401/);
  } finally {
    await t.close();
  }
});
