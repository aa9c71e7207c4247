// The runtime guards electron/main.ts installs (electron/harden.ts), driven under Node with stand-ins for
// the Electron objects they configure: the session denies permissions, permission checks and devices;
// web contents stay on app://renderer for every frame; only documentation links reach the OS browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { guardContents, guardSession, hardenApp, openDocumentation } from '../../../electron/harden.js';
import { APP_ENTRY } from '../../../electron/app-url.js';

type Handler = (...args: unknown[]) => unknown;

function fakeSession() {
  const handlers = new Map<string, Handler>();
  const ses = {
    setPermissionRequestHandler: (h: Handler) => handlers.set('request', h),
    setPermissionCheckHandler: (h: Handler) => handlers.set('check', h),
    setDevicePermissionHandler: (h: Handler) => handlers.set('device', h),
  };
  return { ses: ses as unknown as Parameters<typeof guardSession>[0], handlers };
}

/** A web contents: an emitter for its events plus the window-open handler slot. */
class FakeContents extends EventEmitter {
  windowOpen: ((d: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void {
    this.windowOpen = h;
  }
}
function navEvent(extra: Record<string, unknown> = {}) {
  const e = { prevented: false, preventDefault: () => (e.prevented = true), ...extra };
  return e;
}

test('the session denies every permission request, permission check and device', () => {
  const { ses, handlers } = fakeSession();
  guardSession(ses);
  assert.deepEqual([...handlers.keys()].sort(), ['check', 'device', 'request']);
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'usb']) {
    let granted: boolean | null = null;
    handlers.get('request')?.({}, permission, (g: boolean) => (granted = g), {});
    assert.equal(granted, false, permission);
    assert.equal(handlers.get('check')?.({}, permission, 'app://renderer', {}), false, permission);
  }
  assert.equal(handlers.get('device')?.({ deviceType: 'usb', origin: 'app://renderer', device: {} }), false);
});

test('every frame stays on app://renderer; documentation links open in the OS browser, nothing else', () => {
  const c = new FakeContents();
  const opened: string[] = [];
  guardContents(c as unknown as Parameters<typeof guardContents>[0], openDocumentation({ openExternal: async (u: string) => void opened.push(u) }));
  const nav = (event: string, url: string, extra: Record<string, unknown> = {}) => {
    const e = navEvent({ url, ...extra });
    c.emit(event, e, url);
    return e.prevented;
  };
  assert.equal(nav('will-navigate', `${APP_ENTRY}#/runs`), false, 'our own page');
  assert.equal(nav('will-navigate', 'https://keras.io/api/layers/'), true, 'a docs link leaves the window alone…');
  assert.equal(nav('will-navigate', 'https://evil.example/'), true);
  assert.equal(nav('will-navigate', 'file:///etc/passwd'), true);
  // iframes too: will-frame-navigate gets the url on its details
  assert.equal(nav('will-frame-navigate', 'https://evil.example/', { isMainFrame: false }), true);
  assert.equal(nav('will-frame-navigate', 'https://keras.io/', { isMainFrame: false }), true, 'no frame leaves the app, docs or not');
  assert.equal(nav('will-frame-navigate', APP_ENTRY, { isMainFrame: true }), false);
  assert.equal(nav('will-redirect', 'https://evil.example/'), true);
  assert.equal(nav('will-redirect', `${APP_ENTRY}?x`), false);
  assert.equal(nav('will-attach-webview', 'https://keras.io/'), true);
  assert.deepEqual(c.windowOpen?.({ url: 'https://js.tensorflow.org/api/latest/' }), { action: 'deny' });
  assert.deepEqual(c.windowOpen?.({ url: 'https://evil.example/' }), { action: 'deny' });
  assert.deepEqual(c.windowOpen?.({ url: 'http://keras.io/' }), { action: 'deny' });
  assert.deepEqual(opened, ['https://keras.io/api/layers/', 'https://js.tensorflow.org/api/latest/'], '…and only it opens in the browser');
});

test('hardenApp guards every web contents the app creates', () => {
  const app = new EventEmitter();
  const opened: string[] = [];
  hardenApp(app as unknown as Parameters<typeof hardenApp>[0], { openExternal: async (u: string) => void opened.push(u) });
  const c = new FakeContents();
  app.emit('web-contents-created', {}, c);
  for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) assert.equal(c.listenerCount(event), 1, event);
  assert.ok(c.windowOpen);
  c.windowOpen({ url: 'https://ai.stanford.edu/~amaas/data/sentiment/' });
  c.windowOpen({ url: 'smb://host/share' });
  assert.deepEqual(opened, ['https://ai.stanford.edu/~amaas/data/sentiment/']);
});
