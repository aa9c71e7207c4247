// Runs the compiled preload (dist/electron/preload.cjs) in a VM with a stand-in for Electron's
// contextBridge/ipcRenderer/webUtils, and checks what it exposes: exactly one function per contract call and
// one on<Event> per event — nothing generic — on the channels main listens to, with working unsubscribe;
// and `desktop`, whose dropped-file import takes the path from Electron, never from the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { CALL_NAMES, EVENT_NAMES, subscriberName } from '../../../main/contract/index.js';
import { callChannel, desktopChannel, eventChannel } from '../../../electron/channels.js';
import { DESKTOP_CALL_NAMES } from '../../../main/contract/desktop.js';

type Listener = (event: unknown, payload: unknown) => void;

/** A File as Electron knows it: webUtils.getPathForFile gives its path ('' for one the page built). */
const realFiles = new WeakMap<object, string>();

function loadPreload() {
  const exposed = new Map<string, unknown>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const requires: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return Promise.resolve({ ok: true, result: { echoed: channel } });
      },
      on: (channel: string, l: Listener) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)?.add(l);
      },
      removeListener: (channel: string, l: Listener) => listeners.get(channel)?.delete(l),
    },
    webUtils: {
      getPathForFile: (file: unknown) => {
        if (typeof file !== 'object' || file === null) throw new TypeError('Error processing argument at index 0, conversion failure');
        return realFiles.get(file) ?? '';
      },
    },
  };
  const code = readFileSync(join(process.cwd(), 'dist', 'electron', 'preload.cjs'), 'utf8');
  const module = { exports: {} };
  const sandboxRequire = (name: string) => {
    requires.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require "${name}"`);
    return electron;
  };
  runInNewContext(code, { require: sandboxRequire, module, exports: module.exports });
  return { exposed, invoked, listeners, requires };
}

test('the preload requires nothing but electron and exposes only window.recurrentLab', () => {
  const { exposed, requires } = loadPreload();
  assert.deepEqual([...new Set(requires)], ['electron']);
  assert.deepEqual([...exposed.keys()], ['recurrentLab']);
});

test('window.recurrentLab has exactly the contract calls and event subscriptions', () => {
  const api = loadPreload().exposed.get('recurrentLab') as Record<string, unknown>;
  const expected = [...CALL_NAMES, ...EVENT_NAMES.map(subscriberName)].sort();
  assert.deepEqual(Object.keys(api).sort(), [...expected, 'desktop'].sort());
  for (const k of expected) assert.equal(typeof api[k], 'function', k);
  const desktop = api['desktop'] as Record<string, unknown>;
  assert.deepEqual(Object.keys(desktop).sort(), ['exportModelToFolder', 'importDroppedFile', 'importWithDialog', 'setThemeSource']);
  assert.ok(Object.isFrozen(desktop));
  assert.ok(Object.isFrozen(api));
  for (const generic of ['invoke', 'send', 'on', 'ipcRenderer', 'require']) assert.equal(api[generic], undefined);
});

test('each call invokes its own channel with the params; replies pass through', async () => {
  const { exposed, invoked } = loadPreload();
  const api = exposed.get('recurrentLab') as Record<string, (p?: unknown) => Promise<unknown>>;
  for (const name of CALL_NAMES) {
    const reply = await api[name]?.({ probe: name });
    assert.deepEqual(reply, { ok: true, result: { echoed: callChannel(name) } });
  }
  assert.deepEqual(invoked.map((i) => i.channel), CALL_NAMES.map(callChannel));
  assert.deepEqual(invoked[0]?.args, [{ probe: CALL_NAMES[0] }]);
  await api.appInfo?.();
  // objects made inside the VM have its realm's prototypes: compare as JSON
  assert.equal(JSON.stringify(invoked.at(-1)?.args), '[{}]', 'missing params become {}');
});

test('on<Event> subscribes on the event channel, hides the IPC event, and unsubscribes', () => {
  const { exposed, listeners } = loadPreload();
  const api = exposed.get('recurrentLab') as Record<string, (cb: unknown) => () => void>;
  for (const e of EVENT_NAMES) {
    const got: unknown[][] = [];
    const off = api[subscriberName(e)]?.((...args: unknown[]) => got.push(args));
    assert.ok(off);
    const set = listeners.get(eventChannel(e));
    assert.equal(set?.size, 1, e);
    for (const l of set ?? []) l({ sender: 'secret ipc event' }, { hello: e });
    assert.deepEqual(got, [[{ hello: e }]], 'only the payload reaches the page');
    off();
    assert.equal(set?.size, 0, `${e} unsubscribed`);
  }
  assert.throws(() => api.onRunStatus?.('not a function'), /callback must be a function/);
});

test('desktop: the dialog flows invoke their channels with no path; a dropped file path comes from Electron', async () => {
  const { exposed, invoked } = loadPreload();
  const d = (exposed.get('recurrentLab') as { desktop: Record<string, (p?: unknown) => Promise<unknown>> }).desktop;
  await d.importWithDialog?.({ folder: true, path: '/etc' });
  await d.importWithDialog?.(undefined);
  await d.exportModelToFolder?.({ runId: 'r_0001', dir: '/etc', overwrite: true });
  await d.exportModelToFolder?.({ runId: 'r_0001', format: 'onnx', dir: '/etc' });
  await d.setThemeSource?.({ source: 'dark', path: '/etc' });
  // objects made inside the VM have its realm's prototypes: compare as JSON
  assert.equal(JSON.stringify(invoked.map((i) => [i.channel, i.args])), JSON.stringify([
    [desktopChannel('importWithDialog'), [{ folder: true }]],
    [desktopChannel('importWithDialog'), [{ folder: false }]],
    [desktopChannel('exportModelToFolder'), [{ runId: 'r_0001' }]],
    [desktopChannel('exportModelToFolder'), [{ runId: 'r_0001', format: 'onnx' }]],
    [desktopChannel('setThemeSource'), [{ source: 'dark' }]],
  ]), 'only the known fields go over: never a path');
  const dropped = {};
  realFiles.set(dropped, '/home/me/Downloads/imdb.npz');
  await d.importDroppedFile?.(dropped);
  assert.equal(JSON.stringify(invoked.at(-1)), JSON.stringify({ channel: desktopChannel('importDropped'), args: [{ path: '/home/me/Downloads/imdb.npz' }] }));
  const n = invoked.length;
  for (const forged of [{ path: '/etc/passwd' }, '/etc/passwd', null]) {
    const r = (await d.importDroppedFile?.(forged)) as { ok: boolean; error: { code: string } };
    assert.equal(r.ok, false, JSON.stringify(forged));
    assert.equal(r.error.code, 'bad_input');
  }
  assert.equal(invoked.length, n, 'a File the page made (or anything else) never reaches main');
  assert.deepEqual([...DESKTOP_CALL_NAMES].sort(), ['exportModelToFolder', 'importDropped', 'importWithDialog', 'setThemeSource']);
});
