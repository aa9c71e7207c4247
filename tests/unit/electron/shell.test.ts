// Pure parts of the desktop shell: app:// URLs, external links, window-state persistence, the menu,
// and the installer configuration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appPathToRelative, isAppUrl, isDocumentationUrl } from '../../../electron/app-url.js';
import { loadBounds, saveBounds, visibleBounds } from '../../../electron/window-state.js';
import { menuTemplate } from '../../../electron/menu.js';
import { SHORTCUTS, accelerator, matchShortcut, shortcutLabel } from '../../../main/contract/index.js';

test('app URLs, and external links only to documentation: https, exact hosts', () => {
  assert.ok(isAppUrl('app://renderer/index.html'));
  assert.ok(!isAppUrl('app://renderer.evil/index.html'));
  assert.ok(!isAppUrl('file:///index.html'));
  assert.ok(isDocumentationUrl('https://keras.io/api/datasets/imdb/'));
  assert.ok(isDocumentationUrl('https://ai.stanford.edu/~amaas/data/sentiment/'));
  assert.ok(isDocumentationUrl('https://js.tensorflow.org/api/latest/#loadLayersModel'));
  for (const bad of [
    'http://ai.stanford.edu/~amaas/data/sentiment/', // not https
    'https://evil.example/', // not a documentation host
    'https://keras.io.evil.example/', 'https://evil.example/keras.io', 'https://sub.keras.io/', 'https://keras.io:8443/', // no look-alikes, no ports
    'https://user:pw@keras.io/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://renderer/x', 'nonsense',
  ]) {
    assert.ok(!isDocumentationUrl(bad), bad);
  }
  assert.equal(appPathToRelative('app://renderer/'), 'index.html');
  assert.equal(appPathToRelative('app://renderer/assets/app.js?v=1'), 'assets/app.js');
  assert.equal(appPathToRelative('app://renderer/assets/..%2F..%2Fsecret'), null);
  assert.equal(appPathToRelative('app://renderer/a%00b'), null);
  assert.equal(appPathToRelative('https://renderer/index.html'), null);
});

test('window bounds survive a restart; broken files and off-screen positions are ignored', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rl-win-'));
  try {
    const f = join(dir, 'sub', 'window-state.json');
    assert.equal(loadBounds(f), null);
    saveBounds(f, { x: 100, y: 50, width: 1300, height: 850, maximized: true });
    assert.deepEqual(loadBounds(f), { x: 100, y: 50, width: 1300, height: 850, maximized: true });
    assert.ok(!existsSync(`${f}.tmp`));
    writeFileSync(f, '{"x": "left"');
    assert.equal(loadBounds(f), null);
    writeFileSync(f, JSON.stringify({ x: 0, y: 0, width: 5, height: 5 }));
    assert.equal(loadBounds(f), null, 'a window too small to see is not restored');
    const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    const b = { x: 100, y: 50, width: 1300, height: 850, maximized: false };
    assert.deepEqual(visibleBounds(b, screen), b);
    assert.equal(visibleBounds({ ...b, x: 3000 }, screen), null, 'unplugged second monitor');
    assert.deepEqual(visibleBounds({ ...b, x: 2000 }, [...screen, { x: 1920, y: 0, width: 1920, height: 1080 }])?.x, 2000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('menu: File → Import Dataset…, Export Run/Model…, Quit; Help → About', () => {
  const calls: string[] = [];
  const actions = { importDataset: () => calls.push('import'), importDatasetFolder: () => calls.push('folder'), exportModel: () => calls.push('export'), exportRuns: () => calls.push('runs'), about: () => calls.push('about'), command: (c: string) => calls.push(c) };
  const t = menuTemplate(actions, false);
  const file = t.find((m) => m.label === 'File');
  const items = (file?.submenu ?? []) as { label?: string; role?: string; click?: () => void }[];
  assert.deepEqual(items.map((i) => i.label ?? i.role), ['Import Dataset…', 'Import Dataset Folder…', 'Export Run/Model…', 'Export Runs as CSV…', undefined, 'quit']);
  items[0]?.click?.();
  items[1]?.click?.();
  items[2]?.click?.();
  const help = t.find((m) => m.role === 'help');
  const about = (help?.submenu as { label?: string; click?: () => void }[])[0];
  assert.equal(about?.label, 'About Recurrent Lab');
  about?.click?.();
  assert.deepEqual(calls, ['import', 'folder', 'export', 'about']);
  assert.equal(menuTemplate(actions, true)[0]?.role, 'appMenu', 'macOS gets the app menu first');
});

test('menu: Run → the keyboard shortcuts, with accelerators, each sending its command', () => {
  const calls: string[] = [];
  const none = () => 0;
  const t = menuTemplate({ importDataset: none, importDatasetFolder: none, exportModel: none, exportRuns: none, about: none, command: (c) => calls.push(c) }, false);
  assert.deepEqual(t.map((m) => m.label ?? m.role), ['File', 'editMenu', 'Run', 'View', 'help']);
  const items = (t.find((m) => m.label === 'Run')?.submenu ?? []) as { label?: string; accelerator?: string; click?: () => void }[];
  assert.deepEqual(items.map((i) => [i.label, i.accelerator]), [
    ['New Experiment', 'CmdOrCtrl+N'],
    ['Start Training', 'CmdOrCtrl+Enter'],
    ['Cancel Running Run', 'CmdOrCtrl+.'],
    ['Compare Selected Runs', 'CmdOrCtrl+Shift+D'],
    ['Find a Run…', 'CmdOrCtrl+F'],
  ]);
  for (const i of items) i.click?.();
  assert.deepEqual(calls, ['newExperiment', 'startRun', 'cancelRun', 'compareSelected', 'findRun']);
  // no accelerator is taken twice across the whole menu
  const all = t.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : [])).map((i) => i.accelerator).filter((a) => a !== undefined);
  assert.equal(new Set(all).size, all.length);
});

test('shortcuts: key presses match their command (Ctrl, or ⌘ on macOS; Shift must match); labels for tooltips', () => {
  const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  assert.equal(matchShortcut(press('n', { ctrlKey: true }), false), 'newExperiment');
  assert.equal(matchShortcut(press('N', { ctrlKey: true }), false), 'newExperiment');
  assert.equal(matchShortcut(press('n', { metaKey: true }), true), 'newExperiment');
  assert.equal(matchShortcut(press('n', { metaKey: true }), false), null, 'not ⌘ off macOS');
  assert.equal(matchShortcut(press('n'), false), null, 'plain typing');
  assert.equal(matchShortcut(press('n', { ctrlKey: true, altKey: true }), false), null);
  assert.equal(matchShortcut(press('Enter', { ctrlKey: true }), false), 'startRun');
  assert.equal(matchShortcut(press('.', { ctrlKey: true }), false), 'cancelRun');
  assert.equal(matchShortcut(press('D', { ctrlKey: true, shiftKey: true }), false), 'compareSelected');
  assert.equal(matchShortcut(press('d', { ctrlKey: true }), false), null, 'Shift must match');
  assert.equal(matchShortcut(press('f', { ctrlKey: true }), false), 'findRun');
  assert.equal(shortcutLabel('compareSelected', false), 'Ctrl+Shift+D');
  assert.equal(shortcutLabel('compareSelected', true), '⇧⌘D');
  assert.equal(shortcutLabel('startRun', true), '⌘↩');
  assert.deepEqual(SHORTCUTS.map(accelerator), ['CmdOrCtrl+N', 'CmdOrCtrl+Enter', 'CmdOrCtrl+.', 'CmdOrCtrl+Shift+D', 'CmdOrCtrl+F']);
});

test('installer config: appId, product name, nsis/dmg x64+arm64/AppImage+deb, icon, native modules unpacked', () => {
  const y = readFileSync(join(process.cwd(), 'electron-builder.yml'), 'utf8');
  assert.match(y, /^appId: \S+/m);
  assert.match(y, /^productName: Recurrent Lab$/m);
  assert.match(y, /target: nsis/);
  assert.match(y, /target: dmg\s+arch: \[x64, arm64\]/);
  assert.match(y, /- AppImage\s+- deb/);
  for (const m of ['better-sqlite3', '@tensorflow/tfjs-node/', '@tensorflow/tfjs-node-gpu/']) assert.ok(y.includes(`node_modules/${m}`), m);
  assert.match(y, /^ {2}- dist\/\*\*$/m);
  const png = readFileSync(join(process.cwd(), 'resources', 'icon.png'));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.ok(png.readUInt32BE(16) >= 512 && png.readUInt32BE(20) >= 512, 'macOS needs an icon of at least 512×512');
  const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
  assert.equal(pkg.main, 'dist/electron/main.js');
  assert.match(pkg.scripts.start ?? '', /electron \./);
  assert.match(pkg.scripts.dist ?? '', /electron-builder/);
});
