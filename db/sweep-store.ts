// SqliteSweepStore: the core's SweepStore (main/sweeps/store.ts) on the run store's own connection, so a
// trial's run and its sweep row share transactions' database and foreign keys.
import { resolveIdIn } from './resolve-id.js';
import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { UserError } from '../main/errors.js';
import type { RunStore } from '../main/runs/store.js';
import type { NewSweep, RungResult, SweepRecord, SweepStore, TrialRecord } from '../main/sweeps/store.js';
import type { SweepStatus, TrialStatus } from '../main/model/sweep-kinds.js';
import { guarded, translateSqliteError } from './errors.js';
import { connectionOf } from './connections.js';
import { currentOwner, describeOwner, ownerAlive } from './owner.js';

interface SweepRow {
  id: string;
  name: string;
  space: string;
  settings: string;
  base: string;
  fixed: string;
  group_id: string;
  status: string;
  error: string | null;
  owner: string | null;
  created_at: string;
  finished_at: string | null;
  elapsed_ms: number;
}

interface TrialRow {
  sweep_id: string;
  idx: number;
  run_id: string | null;
  config: string;
  status: string;
  stopped_at_epoch: number | null;
  error: string | null;
  created_at: string;
}

const now = (): string => new Date().toISOString();

function toSweep(r: SweepRow): SweepRecord {
  return {
    id: r.id,
    name: r.name,
    space: JSON.parse(r.space) as SweepRecord['space'],
    settings: JSON.parse(r.settings) as SweepRecord['settings'],
    base: JSON.parse(r.base) as SweepRecord['base'],
    fixed: JSON.parse(r.fixed) as SweepRecord['fixed'],
    groupId: r.group_id,
    // A sweep whose driving process has ended reads interrupted even where recovery cannot write (read-only).
    status: r.status === 'running' && !ownerAlive(r.owner) ? 'interrupted' : (r.status as SweepStatus),
    error: r.error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    elapsedMs: r.elapsed_ms,
  };
}

function toTrial(r: TrialRow): TrialRecord {
  return {
    sweepId: r.sweep_id,
    index: r.idx,
    runId: r.run_id,
    config: JSON.parse(r.config) as TrialRecord['config'],
    status: r.status as TrialStatus,
    stoppedAtEpoch: r.stopped_at_epoch,
    error: r.error,
    createdAt: r.created_at,
  };
}

export class SqliteSweepStore implements SweepStore {
  constructor(
    private readonly db: Database,
    private readonly path: string,
    readonly: boolean,
  ) {
    if (readonly) return;
    try {
      this.recoverInterrupted();
    } catch (e) {
      // Another process holds the write lock: recovery waits for the next open; reads already show such a
      // sweep as interrupted (toSweep), so listing never waits on a sweep training elsewhere.
      if (!String((e as { code?: string }).code ?? '').startsWith('SQLITE_BUSY')) throw translateSqliteError(e, this.path);
    }
  }

  private g<T>(fn: () => T): T {
    return guarded(this.path, fn);
  }

  /** Sweeps left running by a process that has ended read interrupted (resumable). */
  private recoverInterrupted(): void {
    const rows = this.db.prepare("SELECT id, owner FROM sweeps WHERE status = 'running'").all() as { id: string; owner: string | null }[];
    const upd = this.db.prepare("UPDATE sweeps SET status = 'interrupted', owner = NULL WHERE id = ? AND status = 'running' AND owner IS ?");
    for (const r of rows) if (!ownerAlive(r.owner)) upd.run(r.id, r.owner);
  }

  private row(id: string): SweepRow {
    const r = this.db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as SweepRow | undefined;
    if (!r) throw new UserError(`unknown sweep "${id}"`, 'unknown_sweep');
    return r;
  }

  private resolveId(idOrPrefix: string): string {
    return resolveIdIn(this.db, 'sweeps', 'sweep', idOrPrefix);
  }

  createSweep(n: NewSweep): SweepRecord {
    return this.g(() => {
      const id = 's' + randomUUID().replace(/-/g, '').slice(0, 11);
      this.db
        .prepare(
          `INSERT INTO sweeps (id, name, scheduler, space, settings, base, fixed, group_id, status, owner, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)`,
        )
        .run(id, n.name, n.settings.scheduler, JSON.stringify(n.space), JSON.stringify(n.settings), JSON.stringify(n.base), JSON.stringify(n.fixed), n.groupId, currentOwner(), now());
      return toSweep(this.row(id));
    });
  }

  getSweep(idOrPrefix: string): SweepRecord {
    return this.g(() => toSweep(this.row(this.resolveId(idOrPrefix))));
  }

  listSweeps(): SweepRecord[] {
    return this.g(() => (this.db.prepare('SELECT * FROM sweeps ORDER BY created_at DESC, id').all() as SweepRow[]).map(toSweep));
  }

  trials(sweepId: string): TrialRecord[] {
    return this.g(() => (this.db.prepare('SELECT * FROM sweep_trials WHERE sweep_id = ? ORDER BY idx').all(sweepId) as TrialRow[]).map(toTrial));
  }

  trialOfRun(runId: string): TrialRecord | null {
    return this.g(() => {
      const r = this.db.prepare('SELECT * FROM sweep_trials WHERE run_id = ?').get(runId) as TrialRow | undefined;
      return r ? toTrial(r) : null;
    });
  }

  addTrial(sweepId: string, t: { index: number; runId: string | null; config: TrialRecord['config']; status: TrialStatus; error?: string | null }): TrialRecord {
    return this.g(() => {
      this.db
        .prepare('INSERT INTO sweep_trials (sweep_id, idx, run_id, config, status, error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(sweepId, t.index, t.runId, JSON.stringify(t.config), t.status, t.error ?? null, now());
      return toTrial(this.db.prepare('SELECT * FROM sweep_trials WHERE sweep_id = ? AND idx = ?').get(sweepId, t.index) as TrialRow);
    });
  }

  setTrialStatus(sweepId: string, index: number, status: TrialStatus, stoppedAtEpoch: number | null = null): void {
    this.g(() => {
      const r = this.db
        .prepare('UPDATE sweep_trials SET status = ?, stopped_at_epoch = coalesce(?, stopped_at_epoch) WHERE sweep_id = ? AND idx = ?')
        .run(status, stoppedAtEpoch, sweepId, index);
      if (r.changes === 0) throw new UserError(`sweep ${sweepId} has no trial ${index}`, 'unknown_sweep');
    });
  }

  rungResults(sweepId: string): RungResult[] {
    return this.g(() =>
      this.db.prepare('SELECT rung, idx AS "index", value, decision FROM sweep_rungs WHERE sweep_id = ? ORDER BY recorded_at, rung, idx').all(sweepId) as RungResult[],
    );
  }

  recordRung(sweepId: string, r: RungResult): void {
    this.g(() =>
      this.db.transaction(() => {
        this.db
          .prepare('INSERT OR REPLACE INTO sweep_rungs (sweep_id, rung, idx, value, decision, recorded_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(sweepId, r.rung, r.index, r.value !== null && Number.isFinite(r.value) ? r.value : null, r.decision, now());
        if (r.decision === 'stop') this.setTrialStatus(sweepId, r.index, 'stopped', r.rung);
      })(),
    );
  }

  setElapsed(sweepId: string, elapsedMs: number): void {
    this.g(() => this.db.prepare('UPDATE sweeps SET elapsed_ms = ? WHERE id = ?').run(elapsedMs, sweepId));
  }

  endSweep(sweepId: string, status: Exclude<SweepStatus, 'running'>, error: string | null = null): SweepRecord {
    return this.g(() => {
      this.db.prepare('UPDATE sweeps SET status = ?, error = ?, owner = NULL, finished_at = ? WHERE id = ?').run(status, error, now(), sweepId);
      return toSweep(this.row(sweepId));
    });
  }

  beginResume(idOrPrefix: string): SweepRecord {
    return this.g(() => {
      const id = this.resolveId(idOrPrefix);
      this.recoverInterrupted();
      // One conditional UPDATE: of two processes resuming the same sweep, exactly one changes the row.
      const r = this.db
        .prepare("UPDATE sweeps SET status = 'running', owner = ?, error = NULL, finished_at = NULL WHERE id = ? AND status IN ('interrupted', 'cancelled', 'failed')")
        .run(currentOwner(), id);
      if (r.changes === 0) {
        const s = this.row(id);
        const why = s.status === 'running' ? `it is being run by ${describeOwner(s.owner)}` : `it has ${s.status}`;
        throw new UserError(`sweep ${id} cannot be resumed: ${why}`, 'bad_state');
      }
      return toSweep(this.row(id));
    });
  }
}

/** The SweepStore on a SQLite run store's connection. */
export function openSweepStore(runs: RunStore): SweepStore {
  const c = connectionOf(runs, 'openSweepStore');
  return new SqliteSweepStore(c.db, c.path, runs.info.readonly);
}
