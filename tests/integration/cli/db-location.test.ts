// Where the CLI finds its database, through the real CLI: a command that only reads (runs, show, compare,
// export) — or changes existing runs (resume, delete, annotate) — never creates a database; train creates one
// only in a folder that exists, or at the default location (whose folders it makes, as before).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SKIP, TINY, cli, lastJsonLine, tempHome } from '../runs/helpers.js';

const run = cli;

test('reading commands never create a database; writing ones only in an existing folder', { skip: SKIP }, () => {
  const h = tempHome();
  try {
    const typo = join(h.dir, 'tpyo', 'lab.sqlite');
    for (const args of [['runs'], ['show', 'abcdef'], ['compare', 'abcd', 'efgh'], ['export', 'abcdef', '--out', join(h.dir, 'out')], ['delete', 'abcdef'], ['resume', 'abcdef'], ['annotate', 'abcdef', '--name', 'x']]) {
      const r = run([...args, '--db', typo], h.env);
      assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
      assert.equal(r.stderr, `recurrent-lab ${args[0]}: no database at ${typo} (check --db): nothing has been recorded there yet — \`recurrent-lab train\` creates it\n`);
    }
    assert.equal(existsSync(join(h.dir, 'tpyo')), false, 'no folder was created');
    // A missing file in an existing folder, named by RECURRENT_LAB_DB: still nothing created.
    const runs = run(['runs', '--json'], h.env);
    assert.equal(runs.status, 2);
    assert.equal(lastJsonLine(runs.stdout).code, 'db_missing');
    assert.equal(existsSync(h.db), false);

    const train = run(['train', ...TINY, '--epochs', '1', '--db', typo], h.env);
    assert.equal(train.status, 2);
    assert.match(train.stderr, /cannot create a database at .*tpyo\/lab\.sqlite: the folder .*tpyo does not exist \(check --db, or create the folder first\)/);
    const serve = run(['serve', '--port', '0', '--db', typo], h.env);
    assert.equal(serve.status, 2);
    assert.match(serve.stderr, /cannot create a database at .*tpyo\/lab\.sqlite: the folder .*tpyo does not exist/);
    assert.equal(existsSync(join(h.dir, 'tpyo')), false);

    // Writing into an existing folder creates the lab there.
    mkdirSync(join(h.dir, 'labs'));
    const here = join(h.dir, 'labs', 'lab.sqlite');
    const ok = run(['train', ...TINY, '--epochs', '1', '--db', here, '--json'], h.env);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(run(['runs', '--db', here, '--json'], h.env).status, 0);

    // The default location is created as before (its folders included), and only by a writing command.
    const home = join(h.dir, 'home', 'deeper');
    const env = { ...h.env, RECURRENT_LAB_HOME: home, RECURRENT_LAB_DB: undefined };
    const none = run(['runs'], env);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no database at .*home\/deeper\/lab\.sqlite: nothing has been recorded there yet/);
    assert.equal(existsSync(home), false);
    const first = run(['train', ...TINY, '--epochs', '1', '--json'], env);
    assert.equal(first.status, 0, first.stderr);
    assert.ok(existsSync(join(home, 'lab.sqlite')));
  } finally {
    h.cleanup();
  }
});
