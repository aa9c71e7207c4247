// Schema migrations: fresh files get every STRICT table, pending steps run in one transaction, newer files are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { openRunStore, migrate, LATEST_VERSION } from '../../../db/index.js';
import { migration0001 } from '../../../db/migrations/0001-initial.js';
import { ROLLUP_BLOCK } from '../../../db/rollup.js';
import { isUserError } from '../../../main/errors.js';
import { tempDir, newRun } from './fixtures.js';

test('a new database gets the latest schema: STRICT tables, WAL, foreign keys', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'lab.sqlite');
    const store = openRunStore(path);
    assert.equal(store.info.schemaVersion, LATEST_VERSION);
    store.close();
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('user_version', { simple: true }), LATEST_VERSION);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table'").all() as { name: string; sql: string }[];
    const names = tables.map((t) => t.name).sort();
    for (const t of ['artifacts', 'batch_metrics', 'epoch_metrics', 'run_groups', 'run_tags', 'runs', 'studies', 'test_metrics']) assert.ok(names.includes(t), t);
    for (const t of tables) assert.match(t.sql, /\bSTRICT\b/, `${t.name} is STRICT`);
    db.close();
  } finally {
    cleanup();
  }
});

test('opening twice applies nothing the second time and keeps the data', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'lab.sqlite');
    const a = openRunStore(path);
    const id = a.createRun(newRun()).id;
    a.close();
    const b = openRunStore(path);
    assert.equal(b.getRun(id).id, id);
    b.close();
  } finally {
    cleanup();
  }
});

test('metrics for an unknown run are refused', () => {
  const { dir, cleanup } = tempDir();
  try {
    const store = openRunStore(join(dir, 'lab.sqlite'));
    assert.throws(() => store.appendBatches('no-such-run', [{ epoch: 1, batch: 1, batches: 1, loss: 1, accuracy: 0, examplesPerSec: 1, elapsedMs: 1 }]), (e) => isUserError(e));
    store.close();
  } finally {
    cleanup();
  }
});

test('pending migrations run in one transaction: a failing step leaves the file as it was', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'm.sqlite');
    const db = new Database(path);
    const steps = [
      { version: 1, name: 'a', up: (d: Database.Database) => d.exec('CREATE TABLE a (x INTEGER) STRICT') },
      { version: 3, name: 'b', up: (d: Database.Database) => d.exec('CREATE TABLE b (x INTEGER) STRICT; INSERT INTO nope VALUES (1)') },
    ];
    assert.throws(() => migrate(db, path, steps));
    assert.equal(db.pragma('user_version', { simple: true }), 0);
    assert.equal(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name IN ('a', 'b')").pluck().get(), 0);
    // Without the failing step both apply, in order, with gaps in the numbering allowed.
    const ok = [steps[0]!, { version: 3, name: 'b', up: (d: Database.Database) => d.exec('CREATE TABLE b (x INTEGER) STRICT') }];
    assert.deepEqual(migrate(db, path, ok), [1, 3]);
    assert.equal(db.pragma('user_version', { simple: true }), 3);
    assert.deepEqual(migrate(db, path, ok), []);
    db.close();
  } finally {
    cleanup();
  }
});

test('a database from a newer app is refused with a clear error and left untouched', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'lab.sqlite');
    const s = openRunStore(path);
    s.createRun(newRun());
    s.close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_VERSION + 7}`);
    raw.close();
    assert.throws(
      () => openRunStore(path),
      (e: unknown) => isUserError(e) && e.code === 'db_newer' && /newer Recurrent Lab/.test(e.message) && !e.message.includes('\n'),
    );
    assert.throws(() => openRunStore(path, { readonly: true }), (e: unknown) => isUserError(e) && e.code === 'db_newer');
    const check = new Database(path, { readonly: true });
    assert.equal(check.pragma('user_version', { simple: true }), LATEST_VERSION + 7);
    assert.equal(check.prepare('SELECT count(*) FROM runs').pluck().get(), 1);
    check.close();
  } finally {
    cleanup();
  }
});

test('a file that is not a database gives a one-line error', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'junk.sqlite');
    writeFileSync(path, 'this is not sqlite, just some text that is long enough to have a header '.repeat(20));
    assert.throws(() => openRunStore(path), (e: unknown) => isUserError(e) && e.code === 'db_corrupt');
  } finally {
    cleanup();
  }
});

test('upgrading a v1 file keeps its runs and fills the v2 rollup from the stored batches', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'v1.sqlite');
    const db = new Database(path);
    migrate(db, path, [migration0001]);
    assert.equal(db.pragma('user_version', { simple: true }), 1);
    db.prepare(
      `INSERT INTO runs (id, name, arch, model_spec, train_spec, num_words, max_len, embedding_dim, units, layers, optimizer, learning_rate,
         batch_size, epochs, seed, app_version, status, created_at) VALUES ('r1', 'old', 'lstm', ?, ?, 10000, 200, 128, 64, 1, 'adam', 0.001, 64, 5, 1, '0.0.1', 'finished', '2026-01-01')`,
    ).run(JSON.stringify(newRun().model), JSON.stringify(newRun().train));
    const ins = db.prepare('INSERT INTO batch_metrics (run_id, step, attempt, epoch, batch, loss, accuracy, examples_per_sec, elapsed_ms) VALUES (?, ?, 1, 1, ?, ?, 0.5, 1, 1)');
    db.transaction(() => {
      for (let s = 1; s <= 100; s++) ins.run('r1', s, s, s);
    })();
    db.close();
    const store = openRunStore(path);
    assert.equal(store.info.schemaVersion, LATEST_VERSION);
    assert.equal(store.getRun('r1').name, 'old');
    const [series] = store.batchSeries(['r1'], 2); // coarse: from the rollup
    assert.equal(series?.total, 100);
    assert.ok(Math.abs((series?.loss[0] ?? 0) - (1 + 64) / 2) < 1e-9); // mean of steps 1…64
    store.close();
  } finally {
    cleanup();
  }
});

test('the rollup block stays 16 steps: databases made by migration 0002 hold blocks of that size', () => {
  assert.equal(ROLLUP_BLOCK, 16);
});
