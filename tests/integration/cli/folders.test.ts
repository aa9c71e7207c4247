// Folder creation through the real CLI and the shared helper: every folder the app makes is made in a bounded
// number of steps (under /proc, Node's own recursive mkdir spins forever) or refused with a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDir, makeDirSync } from '../../../main/dirs.js';
import { prepareExportDir } from '../../../main/export/paths.js';
import { importData, downloadData } from '../../../main/data/index.js';
import { isUserError } from '../../../main/errors.js';
import { BIN, DATA_DIR, tempHome, type CliResult } from '../runs/helpers.js';

const NO_PROC = process.platform === 'linux' && existsSync('/proc/self') ? false : 'needs Linux /proc';

/** The real CLI; the kill after 60 s only ends a process that would otherwise spin forever. */
function run(args: string[], env: NodeJS.ProcessEnv): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const refused = (re: RegExp) => (e: unknown) => isUserError(e) && re.test(e.message);

test('folders under /proc: every folder creation fails with a clear error instead of spinning', { skip: NO_PROC, timeout: 300_000 }, async () => {
  const h = tempHome();
  try {
    const why = /the file system there does not allow new folders/;
    // The default location (RECURRENT_LAB_HOME) under /proc: the database folder is created there as needed.
    const home = { ...h.env, RECURRENT_LAB_HOME: '/proc/rl-no/home', RECURRENT_LAB_DB: undefined, RECURRENT_LAB_DATA: join(h.dir, 'no-data') };
    const serve = run(['serve', '--port', '0'], home);
    assert.equal(serve.status, 2, serve.stderr);
    assert.equal(serve.stderr, 'recurrent-lab serve: cannot create the database folder /proc/rl-no/home: the file system there does not allow new folders\n');
    const dl = run(['data', 'download', '--data', '/proc/rl-no/imdb'], home);
    assert.equal(dl.status, 2, dl.stderr);
    assert.match(dl.stderr, /cannot create the data folder \/proc\/rl-no\/imdb: the file system there does not allow new folders/);
    if (DATA_DIR) {
      const imp = run(['data', 'import', join(DATA_DIR, 'imdb.npz'), '--data', '/proc/rl-no/a/b'], h.env);
      assert.equal(imp.status, 2, imp.stderr);
      assert.match(imp.stderr, /cannot create the data folder \/proc\/rl-no\/a\/b: the file system there does not allow new folders/);
    }
    // The same helper behind every other creation (export folder, store, run folders, cache).
    await assert.rejects(prepareExportDir('/proc/rl-no/model'), refused(/cannot create the export folder \/proc\/rl-no\/model: .*does not allow new folders/));
    assert.throws(() => makeDirSync('/proc/rl-no/deep/er', 'the run folder'), refused(/cannot create the run folder \/proc\/rl-no\/deep\/er/));
    await assert.rejects(importData(join(h.dir, 'missing.npz'), '/proc/rl-no'), refused(/file not found/));
    await assert.rejects(downloadData('/proc/rl-no/imdb', { baseUrl: 'http://127.0.0.1:9/' }), refused(why));
  } finally {
    h.cleanup();
  }
});

test('the folder helper: makes missing parents once, accepts an existing folder, names a file in the way', async () => {
  const h = tempHome();
  try {
    const deep = join(h.dir, 'a', 'b', 'c');
    assert.equal(makeDirSync(deep), deep);
    assert.equal(makeDirSync(deep), deep);
    assert.equal(await makeDir(join(deep, 'd', 'e')), join(deep, 'd', 'e'));
    writeFileSync(join(h.dir, 'file'), 'x');
    assert.throws(() => makeDirSync(join(h.dir, 'file', 'sub'), 'the export folder'), refused(/cannot create the export folder .*file\/sub: .*file is a file, not a folder/));
  } finally {
    h.cleanup();
  }
});
