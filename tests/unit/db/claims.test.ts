// Run claims between two store connections on one real SQLite file (as two processes would hold them): only
// the holder records, ends or cancels a run; a resume claim is one conditional statement that a second
// connection loses without changing anything; a database of schema v2 gains the claim columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { openRunStore } from '../../../db/index.js';
import { migrate } from '../../../db/migrate.js';
import { LATEST_VERSION, MIGRATIONS } from '../../../db/migrations/index.js';
import { isUserError } from '../../../main/errors.js';
import { batchPoints, epochRow, newRun, tempDir } from './fixtures.js';

const start = { device: { engine: 'recurrent-lab', threads: 1, simd: false, gpu: null, description: 'test' }, dataSource: 'npz', dataPath: 'x', dataFingerprint: 'f', params: 1 } as const;
const refused = (re: RegExp) => (e: unknown) => isUserError(e) && e.code === 'bad_state' && re.test(e.message);

test('only the connection holding a run records, ends or cancels it; the other changes nothing', () => {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'lab.sqlite');
  const a = openRunStore(path);
  const b = openRunStore(path);
  try {
    const run = a.createRun(newRun());
    const queued = a.createRun(newRun());
    a.startRun(run.id, start);
    a.appendBatches(run.id, batchPoints(1, 4));
    const holder = new RegExp(`is being trained by process ${process.pid} on ${hostname()} \\(claimed \\d{4}-`);
    assert.throws(() => b.endRun(run.id, { status: 'failed', error: 'lost the race' }), refused(/no longer held by this process/));
    assert.throws(() => b.endRun(run.id, { status: 'failed' }), refused(holder));
    assert.throws(() => b.appendBatches(run.id, batchPoints(2, 4, 2)), refused(/no longer held/));
    assert.throws(() => b.appendEpoch(run.id, epochRow(1, 0.5)), refused(/epoch 1 was not recorded/));
    assert.throws(() => b.startRun(queued.id, start), refused(/cannot start: it is queued to train by process/));
    assert.throws(() => b.setStatus(queued.id, 'cancelled'), refused(/no longer held/));
    assert.throws(() => b.beginResume(run.id, 0), refused(/cannot resume run .*: it is being trained by process .*; nothing was changed/));
    assert.throws(() => b.deleteRuns([run.id]), refused(/cannot delete run .*: it is being trained by process/));
    const r = a.getRun(run.id);
    assert.equal(r.status, 'running');
    assert.equal(r.attempt, 1);
    assert.equal(a.batchSeries([run.id])[0]?.total, 4);
    assert.equal(a.getRun(queued.id).status, 'queued');

    // The holder ends it; from then on nobody holds it, and a resume claim is won by exactly one connection.
    a.endRun(run.id, { status: 'cancelled' });
    assert.throws(() => a.endRun(run.id, { status: 'failed' }), refused(/no longer held by this process \(it is cancelled\)/));
    const seen = b.getRun(run.id);
    const won = b.beginResume(run.id, 0, { attempt: seen.attempt, epochsDone: seen.epochsDone });
    assert.equal(won.attempt, 2);
    assert.throws(() => a.beginResume(run.id, 0, { attempt: seen.attempt, epochsDone: seen.epochsDone }), refused(/cannot resume run .*: it is queued to train by process/));
    // A stale decision (the run was resumed and stopped again since it was read) is refused too.
    b.endRun(run.id, { status: 'interrupted' });
    assert.throws(() => a.beginResume(run.id, 0, { attempt: seen.attempt, epochsDone: seen.epochsDone }), refused(/another process resumed it meanwhile \(now attempt 2, interrupted\)/));
    assert.equal(a.getRun(run.id).attempt, 2);
  } finally {
    a.close();
    b.close();
    cleanup();
  }
});

test('a v2 database gains the claim columns; its runs open, and a run left running by a dead process is recovered', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'old.sqlite');
    const raw = new Database(path);
    migrate(raw, path, MIGRATIONS.filter((m) => m.version <= 2));
    raw.exec(`INSERT INTO runs (id, name, arch, model_spec, train_spec, num_words, max_len, embedding_dim, units, layers, optimizer, learning_rate,
      batch_size, epochs, seed, app_version, status, created_at, owner) VALUES ('r1', 'old', 'lstm', '{}', '{}', 10000, 200, 128, 64, 1, 'adam', 0.001, 64, 5, 1,
      '0.0.1', 'running', '2026-01-01', '${hostname()}:999999999')`);
    raw.close();
    const store = openRunStore(path);
    assert.equal(store.info.schemaVersion, LATEST_VERSION);
    assert.equal(store.getRun('r1').status, 'interrupted');
    store.close();
    const check = new Database(path, { readonly: true });
    const cols = (check.prepare('PRAGMA table_info(runs)').all() as { name: string }[]).map((c) => c.name);
    assert.ok(cols.includes('claim') && cols.includes('claimed_at'));
    check.close();
  } finally {
    cleanup();
  }
});
