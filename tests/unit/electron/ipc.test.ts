// The IPC handler table main registers, tested under Node with the real service (SQLite store in a temp
// folder): sender-frame checks, payload validation, and calls that reach the core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { openRunStore } from '../../../db/index.js';
import { createLabService, type LabService } from '../../../main/service/index.js';
import type { RunStore } from '../../../main/runs/store.js';
import { CALL_NAMES } from '../../../main/contract/index.js';
import { createIpcHandlers, senderAllowed, type SenderInfo } from '../../../electron/ipc-handlers.js';
import { callChannel } from '../../../electron/channels.js';
import { APP_ENTRY } from '../../../electron/app-url.js';
import { hostEndpoint, linkEndpoint, SHUTDOWN_MESSAGE } from '../../../electron/service-link.js';

let dir: string;
let store: RunStore;
let service: LabService;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rl-ipc-'));
  store = openRunStore(join(dir, 'lab.sqlite'));
  service = createLabService({ store, dataDir: join(dir, 'data'), artifactsDir: join(dir, 'artifacts') });
});
after(async () => {
  await service.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const app: SenderInfo = { senderFrame: { url: APP_ENTRY, parent: null } };

test('one handler per contract call, on the channels the preload uses', () => {
  const table = createIpcHandlers(service.endpoint);
  assert.deepEqual([...table.keys()].sort(), CALL_NAMES.map(callChannel).sort());
});

test('only the top frame of our app:// page may call', () => {
  assert.equal(senderAllowed(app), true);
  assert.equal(senderAllowed({ senderFrame: { url: 'app://renderer/index.html#/runs', parent: null } }), true);
  assert.equal(senderAllowed({ senderFrame: null }), false);
  assert.equal(senderAllowed({ senderFrame: { url: APP_ENTRY, parent: {} } }), false, 'iframes are refused');
  for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'http://127.0.0.1:5173/', 'about:blank', 'not a url']) {
    assert.equal(senderAllowed({ senderFrame: { url, parent: null } }), false, url);
  }
});

test('handlers refuse foreign senders and malformed payloads, and answer real calls', async () => {
  const table = createIpcHandlers(service.endpoint);
  const listRuns = table.get(callChannel('listRuns'));
  assert.ok(listRuns);
  const foreign = await listRuns({ senderFrame: { url: 'https://evil.example/', parent: null } }, {});
  assert.deepEqual(foreign, { ok: false, error: { code: 'unauthorized', message: 'calls are accepted only from the app window' } });
  const bad = await listRuns(app, { limit: 'all' });
  assert.equal(!bad.ok && bad.error.code, 'bad_input');
  const extra = await listRuns(app, { sneaky: 1 });
  assert.equal(!extra.ok && extra.error.code, 'bad_input');
  const ok = await listRuns(app, undefined);
  assert.deepEqual(ok, { ok: true, result: { runs: [], total: 0 } });
  const info = await table.get(callChannel('appInfo'))?.(app, {});
  assert.equal(info?.ok && (info.result as { dbPath: string }).dbPath, store.info.path);
});

test('main ↔ training process link: calls, events and shutdown over a real message port', async () => {
  const { port1, port2 } = new MessageChannel();
  let shutdown = 0;
  const off = hostEndpoint(service.endpoint, port2, () => shutdown++);
  const link = linkEndpoint(port1);
  try {
    const r = await link.call('listRuns', { limit: 3 });
    assert.deepEqual(r, { ok: true, result: { runs: [], total: 0 } });
    const unknown = await link.call('dropTables', {});
    assert.equal(!unknown.ok && unknown.error.code, 'unknown_method');
    const bad = await link.call('getRun', { runId: '' });
    assert.equal(!bad.ok && bad.error.code, 'bad_input');
    const got = new Promise((resolve) => link.onEvent((event, payload) => resolve({ event, payload })));
    service.events.emit('downloadProgress', { file: 'imdb.npz', receivedBytes: 5, totalBytes: 10, done: false, error: null });
    assert.deepEqual(await got, { event: 'downloadProgress', payload: { file: 'imdb.npz', receivedBytes: 5, totalBytes: 10, done: false, error: null } });
    port1.postMessage(SHUTDOWN_MESSAGE);
    await new Promise((r2) => setTimeout(r2, 50));
    assert.equal(shutdown, 1);
    link.fail('the training process stopped');
    const after = await link.call('appInfo', {});
    assert.deepEqual(after, { ok: false, error: { code: 'unavailable', message: 'the training process stopped' } });
  } finally {
    off();
    port1.close();
  }
});
