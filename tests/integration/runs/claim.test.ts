// Racing resumes after a crash, as real processes on one real SQLite file: claiming the run is one conditional
// statement, so exactly one process trains it and the others exit non-zero saying who holds it, changing
// nothing; deleting the run while its trainer lives is refused; and the finished run's curves equal those of
// the same run trained without interruption.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { once } from 'node:events';
import { hostname } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import { openRunStore } from '../../../db/index.js';
import { SKIP, cli, cliAsync, lastJsonLine, sleep, tempHome } from './helpers.js';

const N = 4;
const EPOCHS = 3;
const BATCHES = 256; // per epoch: an epoch lasts long enough to be caught between epochs
const ARGS = ['--limit-train', String(16 * BATCHES), '--limit-test', '128', '--units', '8', '--embedding-dim', '8', '--max-len', '60',
  '--batch-size', '16', '--epochs', String(EPOCHS), '--seed', '5', '--json'];

interface Proc { child: ChildProcess; stdout: string; stderr: string; exit: Promise<[number | null, NodeJS.Signals | null]> }

function start(args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = cliAsync(args, env);
  const p: Proc = { child, stdout: '', stderr: '', exit: once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]> };
  child.stdout?.on('data', (d: Buffer) => (p.stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (p.stderr += d.toString()));
  return p;
}

/** Reads one row with a fresh read-only connection (null while the file or schema is not there yet). */
function peek<T>(db: string, sql: string, ...args: unknown[]): T | null {
  let conn: Database.Database | null = null;
  try {
    conn = new Database(db, { readonly: true, fileMustExist: true, timeout: 1000 });
    return (conn.prepare(sql).get(...args) as T | undefined) ?? null;
  } catch {
    return null;
  } finally {
    conn?.close();
  }
}

/** Whether another connection could write now (nobody holds the write lock). */
function writable(db: string): boolean {
  const conn = new Database(db, { timeout: 0 });
  try {
    conn.exec('BEGIN IMMEDIATE');
    conn.exec('ROLLBACK');
    return true;
  } catch {
    return false;
  } finally {
    conn.close();
  }
}

test('N concurrent resumes of a crashed run: one trains, the others say who holds it; delete is refused; curves equal an uninterrupted run', { skip: SKIP, timeout: 600_000 }, async () => {
  const h = tempHome();
  try {
    // The reference: the same settings trained without interruption.
    const ref = cli(['train', ...ARGS], h.env);
    assert.equal(ref.status, 0, ref.stderr);
    const refRun = lastJsonLine(ref.stdout);

    // The crash: kill -9 once epoch 1 is checkpointed and epoch 2 has logged batches.
    const victim = start(['train', ...ARGS], h.env);
    let runId = '';
    while (victim.child.exitCode === null) {
      await sleep(20);
      const r = peek<{ id: string; epochs_done: number }>(h.db, "SELECT id, epochs_done FROM runs WHERE status = 'running' AND id != ?", refRun.runId);
      if (!r || r.epochs_done < 1 || r.epochs_done >= EPOCHS - 1) continue;
      const later = peek<{ n: number }>(h.db, 'SELECT count(*) AS n FROM batch_metrics WHERE run_id = ? AND epoch > ?', r.id, r.epochs_done);
      if ((later?.n ?? 0) > 0) {
        runId = r.id;
        victim.child.kill('SIGKILL');
        break;
      }
    }
    const [, signal] = await victim.exit;
    assert.equal(signal, 'SIGKILL', `killed mid-training (${victim.stderr})`);
    assert.ok(runId);

    // N resumes at once.
    const racers = Array.from({ length: N }, () => start(['resume', runId, '--json'], h.env));
    const pids = new Set(racers.map((r) => r.child.pid));
    // Hold the winner still (SIGSTOP, outside any write transaction) as soon as its claim is visible, so every
    // other racer meets a live holder, whenever it gets there.
    let winner: Proc | null = null;
    let claimedAt = '';
    while (!winner && racers.some((r) => r.child.exitCode === null && r.child.signalCode === null)) {
      await sleep(5);
      const r = peek<{ status: string; owner: string | null; claimed_at: string | null; attempt: number }>(h.db, 'SELECT status, owner, claimed_at, attempt FROM runs WHERE id = ?', runId);
      if (!r || r.attempt < 2 || !r.owner) continue;
      const pid = Number(r.owner.slice(r.owner.lastIndexOf(':') + 1));
      assert.ok(pids.has(pid), `the run is held by one of the racers (${r.owner})`);
      const w = racers.find((x) => x.child.pid === pid)!;
      for (;;) {
        w.child.kill('SIGSTOP');
        if (writable(h.db)) break;
        w.child.kill('SIGCONT');
        await sleep(2);
      }
      winner = w;
      claimedAt = r.claimed_at ?? '';
    }
    if (!winner) {
      const all = await Promise.all(racers.map(async (r) => `${(await r.exit)[0]}: ${r.stderr}`));
      assert.fail(`no racer was seen holding the run: ${all.join(' | ')}`);
    }
    const losers = racers.filter((r) => r !== winner);
    for (const l of losers) {
      const [code] = await l.exit;
      assert.equal(code, 2, l.stderr);
      assert.equal(
        l.stderr,
        `recurrent-lab resume: cannot resume run ${runId}: it is ${/being trained/.test(l.stderr) ? 'being trained' : 'queued to train'} by process ${winner.child.pid} on ${hostname()} (claimed ${claimedAt}); nothing was changed\n`,
      );
      assert.equal(lastJsonLine(l.stdout).code, 'bad_state');
    }
    // A third process may not delete the run while its trainer lives.
    const del = cli(['delete', runId], h.env);
    assert.equal(del.status, 2, del.stdout);
    assert.match(del.stderr, new RegExp(`cannot delete run ${runId}: it is (being trained|queued to train) by process ${winner.child.pid} on .*; cancel it before deleting`));

    winner.child.kill('SIGCONT');
    const [code] = await winner.exit;
    assert.equal(code, 0, winner.stderr);
    const out = lastJsonLine(winner.stdout);
    assert.equal(out.runId, runId);
    assert.equal(out.status, 'finished');

    // The resumed curves are the uninterrupted run's (elapsed times aside), and so are the test metrics.
    const strip = (epochs: unknown) => (epochs as { elapsedMs: number; examplesPerSec: number }[]).map(({ elapsedMs: _e, examplesPerSec: _x, ...rest }) => rest);
    assert.deepEqual(strip(out.epochs), strip(refRun.epochs));
    for (const k of ['testAccuracy', 'testLoss', 'testAuc']) assert.equal(out[k], refRun[k], k);
    const store = openRunStore(h.db);
    try {
      const run = store.getRun(runId);
      assert.equal(run.status, 'finished');
      assert.equal(run.attempt, 2, 'claimed once: no loser started an attempt');
      const [a, b] = store.batchSeries([runId, String(refRun.runId)], 100_000);
      assert.equal(a?.total, EPOCHS * BATCHES);
      assert.deepEqual(a?.loss, b?.loss);
      assert.deepEqual(a?.accuracy, b?.accuracy);
    } finally {
      store.close();
    }
  } finally {
    h.cleanup();
  }
});
