// The desktop app end to end with Playwright's _electron: launches the real Electron binary on the built app,
// checks the window's isolation (no Node in the page, exactly the contract on window.recurrentLab), calls the
// core through the preload, and that new windows are denied. Runs only where an Electron binary exists and
// can start; elsewhere (like CI here) it is skipped with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CALL_NAMES, EVENT_NAMES, subscriberName } from '../../main/contract/index.js';

/**
 * The Electron binary's path, or why there is none. Looked up the way the electron package does, but
 * WITHOUT require('electron') — that would try to download the binary.
 */
function electronBinary(): { path: string } | { skip: string } {
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { skip: 'the electron package is not installed' };
  }
  const pathFile = join(dir, 'path.txt');
  const exe = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const path = override ? join(override, exe ?? 'electron') : exe ? join(dir, 'dist', exe) : null;
  if (path === null || !existsSync(path)) return { skip: 'no Electron binary on this machine (node_modules/electron has no downloaded dist/)' };
  const v = spawnSync(path, ['--version'], { timeout: 20_000, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (v.status !== 0) return { skip: `the Electron binary cannot run on this machine (${(v.stderr || v.error?.message || `exit ${v.status}`).split('\n')[0]})` };
  if (!existsSync(join(process.cwd(), 'dist', 'renderer', 'index.html'))) return { skip: 'the renderer is not built (npm run build)' };
  if (!existsSync(join(process.cwd(), 'dist', 'electron', 'main.js'))) return { skip: 'the app is not built (npm run build)' };
  return { path };
}

test('the desktop app: isolated window, the contract on window.recurrentLab, calls reach the core', { timeout: 180_000 }, async (t) => {
  const bin = electronBinary();
  if ('skip' in bin) {
    t.skip(`Electron E2E skipped: ${bin.skip}`);
    return;
  }
  const { _electron } = await import('playwright-core');
  const home = mkdtempSync(join(tmpdir(), 'rl-electron-'));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), RECURRENT_LAB_HOME: home };
  const app = await _electron.launch({ executablePath: bin.path, args: ['.'], cwd: process.cwd(), env });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    assert.match(page.url(), /^app:\/\/renderer\//);
    type Win = { recurrentLab: Record<string, (p: object) => Promise<unknown>>; open(url: string): unknown };
    const shape = await page.evaluate(() => ({
      keys: Object.keys((globalThis as unknown as Win).recurrentLab).sort(),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    assert.deepEqual(shape.keys, [...CALL_NAMES, ...EVENT_NAMES.map(subscriberName), 'desktop'].sort());
    assert.equal(shape.require, 'undefined');
    assert.equal(shape.process, 'undefined');
    const info = await page.evaluate(() => (globalThis as unknown as Win).recurrentLab.appInfo?.({}));
    assert.equal((info as { ok: boolean }).ok, true);
    assert.equal((info as { result: { name: string } }).result.name, 'Recurrent Lab');
    const bad = await page.evaluate(() => (globalThis as unknown as Win).recurrentLab.listRuns?.({ limit: -1 }));
    assert.equal((bad as { ok: boolean; error: { code: string } }).error.code, 'bad_input');
    const popup = await page.evaluate(() => (globalThis as unknown as Win).open('https://example.com/') === null);
    assert.equal(popup, true, 'window.open is denied');
    // navigation away from the app is refused: the page stays on app://renderer
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await new Promise((r) => setTimeout(r, 500));
    assert.match(page.url(), /^app:\/\/renderer\//);
    assert.equal(app.windows().length, 1);
  } finally {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
});
