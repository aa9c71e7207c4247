// The desktop app's better-sqlite3: a packaged app loads node_modules' copy (electron-builder rebuilt it for
// Electron); run from source it loads the Electron build that `npm start` fetched once, and without one it
// says how to get it; the store opens a database through a given addon (here the Node build's own file,
// standing in for an Electron one) and refuses an addon that is not one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { electronSqliteBindingPath, sqliteBinding } from '../../../electron/sqlite-binding.js';
import { openRunStore } from '../../../db/index.js';

test('packaged → its own addon; from source → the Electron build, or a message saying how to get it', () => {
  const ctx = { appPath: '/src/recurrent-lab', electron: '45.5.0' };
  assert.equal(sqliteBinding({ ...ctx, isPackaged: true, exists: () => false }), null);
  const path = electronSqliteBindingPath(ctx.appPath, ctx.electron);
  assert.equal(path, join('/src/recurrent-lab', 'build', 'electron-sqlite', '45.5.0', 'better_sqlite3.node'));
  assert.equal(sqliteBinding({ ...ctx, isPackaged: false, exists: (p) => p === path }), path);
  assert.throws(() => sqliteBinding({ ...ctx, isPackaged: false, exists: () => false }), /better-sqlite3 for Electron 45\.5\.0 is missing .*scripts\/electron-sqlite\.mjs/);
});

test('the store opens through a given better-sqlite3 addon, and refuses a file that is not one', () => {
  const require = createRequire(import.meta.url);
  const addon = join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
  const dir = mkdtempSync(join(tmpdir(), 'rl-binding-'));
  try {
    const s = openRunStore(join(dir, 'lab.sqlite'), { nativeBinding: addon });
    assert.deepEqual(s.listRuns({}), []);
    s.close();
    const bogus = join(dir, 'not-an-addon.node');
    writeFileSync(bogus, 'not a shared library');
    assert.throws(() => openRunStore(join(dir, 'other.sqlite'), { nativeBinding: bogus }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
