// Static checks of the desktop window's security settings, read from the same factory electron/main.ts uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { windowOptions, SECURE_WEB_PREFERENCES, DEFAULT_BOUNDS } from '../../../electron/window-options.js';
import { rendererCsp } from '../../../main/serve/csp.js';

test('the window is sandboxed, context-isolated, without node integration, with web security', () => {
  const o = windowOptions('/app/preload.cjs', null);
  const w = o.webPreferences;
  assert.ok(w);
  assert.equal(w.sandbox, true);
  assert.equal(w.contextIsolation, true);
  assert.equal(w.nodeIntegration, false);
  assert.equal(w.nodeIntegrationInWorker, false);
  assert.equal(w.nodeIntegrationInSubFrames, false);
  assert.equal(w.webSecurity, true);
  assert.equal(w.allowRunningInsecureContent, false);
  assert.equal(w.webviewTag, false);
  assert.equal(w.experimentalFeatures, false);
  assert.equal(w.navigateOnDragDrop, false);
  assert.equal(w.preload, '/app/preload.cjs');
  assert.equal(o.show, false, 'shown on ready-to-show');
  assert.equal(o.width, DEFAULT_BOUNDS.width);
  assert.equal(o.height, DEFAULT_BOUNDS.height);
  // every secure default reaches the window unchanged
  for (const [k, v] of Object.entries(SECURE_WEB_PREFERENCES)) assert.equal((w as Record<string, unknown>)[k], v, k);
});

test('saved bounds are used', () => {
  const o = windowOptions('/p.cjs', { x: 10, y: 20, width: 1400, height: 900, maximized: false });
  assert.deepEqual([o.x, o.y, o.width, o.height], [10, 20, 1400, 900]);
});

test('the renderer CSP allows only our own scripts and styles: no eval, no inline, no plugins, no framing', () => {
  for (const csp of [rendererCsp(), rendererCsp(['ws://127.0.0.1:8765'])]) {
    const dir = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));
    assert.equal(dir('script-src'), "script-src 'self'");
    assert.equal(dir('style-src'), "style-src 'self'");
    assert.equal(dir('default-src'), "default-src 'self'");
    assert.equal(dir('object-src'), "object-src 'none'");
    assert.equal(dir('frame-ancestors'), "frame-ancestors 'none'");
    assert.equal(dir('base-uri'), "base-uri 'none'");
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline|\*/);
  }
});

test('the built renderer needs no inline styles: no <style>, no style="" in markup or templates, the same CSP in its meta tag', () => {
  const dir = join(process.cwd(), 'dist', 'renderer');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  const policy = (csp: string, name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `));
  for (const name of ['script-src', 'style-src', 'default-src']) assert.equal(policy(meta, name), policy(rendererCsp(), name), `meta ${name}`);
  assert.doesNotMatch(html, /<style|\sstyle=/i);
  const assets = readdirSync(join(dir, 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.css')), "components' CSS is an external file");
  const js = assets.filter((f) => f.endsWith('.js'));
  assert.ok(js.length > 0);
  for (const f of js) {
    const code = readFileSync(join(dir, 'assets', f), 'utf8');
    // Svelte templates become HTML strings parsed with innerHTML: a style attribute there is inline style
    const attrs = [...code.matchAll(/<[a-z][^<>`]*?\sstyle=/g)].map((m) => m[0].slice(0, 80));
    assert.deepEqual(attrs, [], `${f} has markup with style="" (blocked by style-src 'self')`);
    assert.doesNotMatch(code, /<style[\s>]/, `${f} injects a <style> element`);
    assert.doesNotMatch(code, /createElement\(\s*[`'"]style[`'"]/, `${f} creates a <style> element`);
  }
});

test('electron/main.ts wires the hardening (guards of electron/harden.ts, single instance, CSP, IPC tables)', () => {
  // The main process cannot run here; check its source keeps every guard in place (the guards themselves
  // are tested in harden.test.ts, the IPC tables in ipc.test.ts and desktop.test.ts).
  const src = readFileSync(join(process.cwd(), 'electron', 'main.ts'), 'utf8');
  for (const needle of [
    'requestSingleInstanceLock()',
    'hardenApp(app, shell)',
    'guardSession(session.defaultSession)',
    'onHeadersReceived',
    'Content-Security-Policy',
    'utilityProcess.fork',
    'createIpcHandlers(',
    'createDesktopHandlers(',
    'windowOptions(',
  ]) {
    assert.ok(src.includes(needle), `electron/main.ts lacks ${needle}`);
  }
  assert.doesNotMatch(src, /shell\.openExternal|setPermission\w*Handler\(\s*null/, 'links open only through harden.ts');
  assert.doesNotMatch(src, /nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false/);
});
