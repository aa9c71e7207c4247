// Crash safety: kill -9 a real training process mid-epoch; the database stays intact, the run becomes
// `interrupted` with every logged batch kept, and `resume` completes it from its last epoch checkpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { openRunStore } from '../../../db/index.js';
import { SKIP, cli, cliAsync, lastJsonLine, sleep, tempHome } from './helpers.js';

const EPOCHS = 5;
const BATCHES = 256; // per epoch
// 16 × BATCHES reviews: an epoch lasts about a second, long enough to be caught between epochs.
const ARGS = ['train', '--limit-train', String(16 * BATCHES), '--limit-test', '128', '--units', '16', '--embedding-dim', '16', '--max-len', '80',
  '--batch-size', '16', '--epochs', String(EPOCHS), '--json'];

test('kill -9 during training: integrity ok, run interrupted with its batches, resume finishes it', { skip: SKIP, timeout: 120_000 }, async () => {
  const h = tempHome();
  try {
    const child = cliAsync(ARGS, h.env);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = once(child, 'exit');

    // Watch the database from outside until an epoch is checkpointed and the next one has logged batches.
    let seen = { runId: '', epochsDone: 0, batches: 0 };
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && child.exitCode === null) {
      await sleep(20);
      if (!existsSync(h.db)) continue;
      const db = new Database(h.db, { readonly: true, timeout: 1000 });
      try {
        const r = db.prepare("SELECT id, epochs_done FROM runs WHERE status = 'running'").get() as { id: string; epochs_done: number } | undefined;
        if (!r || r.epochs_done < 1) continue;
        const later = db.prepare('SELECT count(*) FROM batch_metrics WHERE run_id = ? AND epoch > ?').pluck().get(r.id, r.epochs_done) as number;
        if (later > 0 && r.epochs_done < EPOCHS - 1) {
          const batches = db.prepare('SELECT count(*) FROM batch_metrics WHERE run_id = ?').pluck().get(r.id) as number;
          seen = { runId: r.id, epochsDone: r.epochs_done, batches };
          child.kill('SIGKILL');
          break;
        }
      } catch {
        /* schema not created yet */
      } finally {
        db.close();
      }
    }
    const [, signal] = await exited;
    assert.equal(signal, 'SIGKILL', `killed mid-training (stderr: ${stderr})`);
    assert.ok(seen.runId, 'caught the run between epochs');

    const raw = new Database(h.db);
    assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
    raw.close();

    const store = openRunStore(h.db);
    const run = store.getRun(seen.runId);
    assert.equal(run.status, 'interrupted');
    assert.ok(run.epochsDone >= seen.epochsDone);
    const logged = store.batchSeries([run.id], 100_000)[0]?.total ?? 0;
    assert.ok(logged >= seen.batches, `batches kept: ${logged} ≥ ${seen.batches}`);
    const ck = store.lastCheckpoint(run.id);
    assert.equal(ck?.epoch, run.epochsDone);
    assert.ok(ck && existsSync(ck.path));
    const doneBefore = run.epochsDone;
    store.close();

    const res = cli(['resume', run.id.slice(0, 8), '--json'], h.env);
    assert.equal(res.status, 0, res.stderr);
    const out = lastJsonLine(res.stdout);
    assert.equal(out.runId, run.id);
    assert.equal(out.status, 'finished');
    const epochs = out.epochs as { epoch: number; elapsedMs: number }[];
    assert.deepEqual(epochs.map((e) => e.epoch), Array.from({ length: EPOCHS }, (_, i) => i + 1));
    // The curve continues: elapsed time keeps growing across the resume.
    for (let i = 1; i < epochs.length; i++) assert.ok((epochs[i]?.elapsedMs ?? 0) > (epochs[i - 1]?.elapsedMs ?? 0));

    const after = openRunStore(h.db);
    const final = after.getRun(run.id);
    assert.equal(final.attempt, 2);
    assert.equal(final.epochsDone, EPOCHS);
    assert.ok(final.test !== null);
    const series = after.batchSeries([run.id], 100_000)[0];
    assert.equal(series?.total, BATCHES * EPOCHS);
    assert.deepEqual(series?.step, Array.from({ length: BATCHES * EPOCHS }, (_, i) => i + 1));
    after.close();
    const check = new Database(h.db, { readonly: true });
    // The interrupted epoch's first try is kept (superseded), not deleted.
    const all = check.prepare('SELECT count(*) FROM batch_metrics WHERE run_id = ?').pluck().get(run.id) as number;
    assert.equal(all, BATCHES * EPOCHS + (logged - BATCHES * doneBefore));
    check.close();
  } finally {
    h.cleanup();
  }
});
