// The desktop app's import and export, tested under Node the way electron/main.ts wires them: the real
// service (SQLite store in a temp folder) behind the real main ↔ training-process link over a message port,
// and a stand-in for Electron's dialog. The renderer's contract never takes a free path (importData is
// refused, exportModel takes a name); files come from the native dialogs or a dropped file instead, as
// shell calls only main can make.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { openRunStore } from '../../../db/index.js';
import { createLabService, type LabService } from '../../../main/service/index.js';
import type { RunStore } from '../../../main/runs/store.js';
import type { DESKTOP_CALL_NAMES } from '../../../main/contract/desktop.js';
import type { CallResult } from '../../../main/contract/index.js';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../../main/model/spec.js';
import { createIpcHandlers, type SenderInfo } from '../../../electron/ipc-handlers.js';
import { createDesktopHandlers, type DesktopDeps } from '../../../electron/desktop.js';
import { callChannel, desktopChannel } from '../../../electron/channels.js';
import { APP_ENTRY } from '../../../electron/app-url.js';
import { hostEndpoint, linkEndpoint, type LinkedEndpoint } from '../../../electron/service-link.js';

const realData = process.env.RECURRENT_LAB_DATA;
const app: SenderInfo = { senderFrame: { url: APP_ENTRY, parent: null } };
const foreign: SenderInfo = { senderFrame: { url: 'https://evil.example/', parent: null } };

interface Core {
  service: LabService;
  link: LinkedEndpoint;
  close(): Promise<void>;
}

let dir: string;
const cores: Core[] = [];
/** The core as electron/training-host.ts creates it (no import folder), linked to "main" over a port. */
function startCore(name: string, dataDir: string): Core {
  const store: RunStore = openRunStore(join(dir, `${name}.sqlite`), { artifactsDir: join(dir, name, 'checkpoints') });
  const service = createLabService({ store, dataDir, artifactsDir: join(dir, name, 'artifacts') });
  const { port1, port2 } = new MessageChannel();
  const off = hostEndpoint(service.endpoint, port2, undefined, service.shell);
  const core = {
    service,
    link: linkEndpoint(port1),
    async close() {
      off();
      port1.close();
      await service.close();
      store.close();
    },
  };
  cores.push(core);
  return core;
}
let core: Core;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rl-desktop-'));
  process.env.RECURRENT_LAB_CACHE = join(dir, 'cache');
  core = startCore('lab', join(dir, 'data'));
});
after(async () => {
  for (const c of cores) await c.close();
  rmSync(dir, { recursive: true, force: true });
});

type Call = { kind: 'open' | 'save' | 'ask'; options: Record<string, unknown> };
/** Electron's dialog, answering from queues; records what was asked. */
function fakeDialog(answers: { open?: string[][]; save?: (string | null)[]; ask?: number[] }) {
  const calls: Call[] = [];
  const last = (args: unknown[]) => args[args.length - 1] as Record<string, unknown>;
  const dialog = {
    showOpenDialog: async (...args: unknown[]) => {
      calls.push({ kind: 'open', options: last(args) });
      const paths = answers.open?.shift() ?? [];
      return { canceled: paths.length === 0, filePaths: paths };
    },
    showSaveDialog: async (...args: unknown[]) => {
      calls.push({ kind: 'save', options: last(args) });
      const p = answers.save?.shift() ?? null;
      return { canceled: p === null, filePath: p ?? '' };
    },
    showMessageBox: async (...args: unknown[]) => {
      calls.push({ kind: 'ask', options: last(args) });
      return { response: answers.ask?.shift() ?? 1, checkboxChecked: false };
    },
  };
  return { dialog: dialog as unknown as DesktopDeps['dialog'], calls };
}

const nativeTheme: DesktopDeps['nativeTheme'] = { themeSource: 'system' };
function handlers(dialog: DesktopDeps['dialog'], c = core) {
  const table = createDesktopHandlers({ dialog, window: () => null, core: c.link, nativeTheme });
  return (name: (typeof DESKTOP_CALL_NAMES)[number], params: unknown, sender = app) => {
    const h = table.get(desktopChannel(name));
    assert.ok(h, name);
    return h(sender, params);
  };
}

test('the renderer contract takes no free path: importData is refused, and shell calls are not reachable', async () => {
  const wi = join(dir, 'picked', 'imdb_word_index.json');
  mkdirSync(join(dir, 'picked'));
  writeFileSync(wi, JSON.stringify({ the: 1, film: 2 }));
  const { link, service } = core;
  const ipc = createIpcHandlers(link);
  const r = await ipc.get(callChannel('importData'))?.(app, { path: wi });
  assert.equal(!r?.ok && r?.error.code, 'forbidden');
  assert.equal(((await ipc.get(callChannel('appInfo'))?.(app, {})) as { result: CallResult<'appInfo'> }).result.importFrom, null);
  for (const m of ['importPicked', 'exportModelTo']) {
    assert.equal(ipc.has(`rl:call:${m}`), false);
    const viaContract = await link.call(m, { path: wi });
    assert.equal(!viaContract.ok && viaContract.error.code, 'unknown_method', `${m} over the contract`);
    const direct = await service.endpoint.call(m, { path: wi }); // what serve's WebSocket reaches
    assert.equal(!direct.ok && direct.error.code, 'unknown_method', `${m} over serve`);
  }
  const { port1, port2 } = new MessageChannel();
  const off = hostEndpoint(service.endpoint, port2); // a host without the shell side refuses shell calls
  const bare = await linkEndpoint(port1).callShell('importPicked', { path: wi });
  assert.equal(!bare.ok && bare.error.code, 'unknown_method');
  off();
  port1.close();
});

test('import through the native open dialog, and from a dropped file; a cancelled dialog does nothing', async () => {
  const picked = join(dir, 'picked', 'imdb_word_index.json');
  const { dialog, calls } = fakeDialog({ open: [[], [picked], [join(dir, 'picked')]] });
  const call = handlers(dialog);
  assert.deepEqual(await call('importWithDialog', { folder: false }), { ok: true, result: null }, 'cancelled');
  const r = await call('importWithDialog', {});
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(readdirSync(join(dir, 'data')), ['imdb_word_index.json']);
  assert.deepEqual(calls.map((c) => c.kind), ['open', 'open']);
  assert.deepEqual(calls[1]?.options['properties'], ['openFile']);
  const folder = await call('importWithDialog', { folder: true });
  assert.deepEqual(calls[2]?.options['properties'], ['openDirectory']);
  assert.equal(!folder.ok && folder.error.code, 'not_found', 'a folder without IMDB data says so');
  const dropped = await call('importDropped', { path: picked });
  assert.ok(dropped.ok, JSON.stringify(dropped));
  assert.equal((await call('importDropped', { path: picked }, foreign)).ok, false, 'only our window');
  assert.equal((await call('importDropped', { path: '' })).ok, false);
  assert.equal((await call('importWithDialog', { folder: 'yes' })).ok, false, 'payloads are validated');
});

test("the UI's theme pick sets nativeTheme.themeSource; only known themes, only from our window", async () => {
  const call = handlers(fakeDialog({}).dialog);
  assert.deepEqual(await call('setThemeSource', { source: 'dark' }), { ok: true, result: { source: 'dark' } });
  assert.equal(nativeTheme.themeSource, 'dark');
  assert.equal((await call('setThemeSource', { source: 'purple' })).ok, false);
  assert.equal((await call('setThemeSource', { source: 'light' }, foreign)).ok, false);
  assert.equal(nativeTheme.themeSource, 'dark');
  assert.ok((await call('setThemeSource', { source: 'system' })).ok);
  assert.equal(nativeTheme.themeSource, 'system');
});

test('export to a folder chosen in the native save dialog; a non-empty folder only after the user confirms', { skip: realData ? false : 'set RECURRENT_LAB_DATA to train the run to export', timeout: 120_000 }, async () => {
  const tiny = {
    model: { ...TUTORIAL_MODEL, numWords: 1000, maxLen: 40, embeddingDim: 8, units: 8 },
    train: { ...TUTORIAL_TRAIN, epochs: 1, batchSize: 32, limitTrain: 128, limitTest: 64, seed: 3 },
  };
  const trainer = startCore('trainer', realData as string);
  const { service } = trainer;
  const done = new Promise<void>((resolve, reject) =>
    service.events.on('runStatus', (s) => (s.status === 'finished' ? resolve() : s.status === 'failed' ? reject(new Error(s.error ?? 'failed')) : undefined)),
  );
  const started = await service.endpoint.call('startRuns', tiny);
  assert.ok(started.ok, JSON.stringify(started));
  const runId = (started.result as CallResult<'startRuns'>).runIds[0] as string;
  await done;

  const chosen = join(dir, 'Desktop', 'my model');
  const onnxDir = join(dir, 'Desktop', 'my onnx');
  const { dialog, calls } = fakeDialog({ save: [null, chosen, chosen, chosen, onnxDir], ask: [1, 0] });
  const call = handlers(dialog, trainer);
  assert.deepEqual(await call('exportModelToFolder', { runId }), { ok: true, result: null }, 'cancelled');
  const first = await call('exportModelToFolder', { runId });
  assert.ok(first.ok, JSON.stringify(first));
  assert.equal((first.result as CallResult<'exportModel'>).dir, chosen);
  assert.ok(existsSync(join(chosen, 'model.json')));
  assert.equal(calls[1]?.options['defaultPath'], `${runId}-tfjs`);
  // again into the same (now non-empty) folder: the user is asked; Cancel writes nothing, Replace does
  assert.deepEqual(await call('exportModelToFolder', { runId }), { ok: true, result: null });
  const replaced = await call('exportModelToFolder', { runId });
  assert.ok(replaced.ok, JSON.stringify(replaced));
  assert.deepEqual(calls.map((c) => c.kind), ['save', 'save', 'save', 'ask', 'save', 'ask']);
  // the Export screen's format choice: model.onnx beside the tokenizer and the card
  const onnx = await call('exportModelToFolder', { runId, format: 'onnx' });
  assert.ok(onnx.ok, JSON.stringify(onnx));
  assert.equal(calls.at(-1)?.options['defaultPath'], `${runId}-onnx`);
  assert.deepEqual((onnx.result as CallResult<'exportModel'>).files.map((f) => f.name).sort(), ['model-card.json', 'model.onnx', 'tokenizer.json']);
  assert.equal((await call('exportModelToFolder', { runId, format: 'h5' })).ok, false);
  assert.equal((await call('exportModelToFolder', { runId: '../x' })).ok, false);
});
