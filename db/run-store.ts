// SqliteRunStore: the RunStore interface over one better-sqlite3 connection.
import type { Database, Statement } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { ARCH_LABELS, type ModelSpec, type TrainSpec } from '../main/model/spec.js';
import { UserError } from '../main/errors.js';
import { NOTES_MAX_CHARS, RUN_NAME_MAX, TAGS_MAX, TAG_MAX_CHARS } from '../main/contract/limits.js';
import {
  RESUMABLE,
  RUN_STATUSES,
  type Artifact,
  type ArtifactKind,
  type BatchPoint,
  type BatchSeries,
  type EpochRow,
  type EpochSeries,
  type GroupKind,
  type NewArtifact,
  type NewRun,
  type RunComparison,
  type RunEnd,
  type RunFilter,
  type RunGroup,
  type RunRecord,
  type RunStart,
  type RunStatus,
  type RunStore,
  type StoreInfo,
  type TestMetrics,
} from '../main/runs/store.js';
import { guarded } from './errors.js';
import { resolveIdIn } from './resolve-id.js';
import { RUN_SELECT, toArtifact, toRunRecord, type ArtifactRow, type RunRow } from './rows.js';
import { batchSeries, bestEpoch, configDiff, epochRows, epochSeries, refreshRollup } from './series.js';
import { currentOwner, describeOwner, ownerAlive } from './owner.js';
import { runsToCsv } from './export-runs.js';
import { insertStudy, removeStudy, selectStudies, selectStudy } from './studies.js';
import type { StudyGrid, StudyRecord } from '../main/studies/grid.js';

const SORT_COLUMNS: Record<NonNullable<RunFilter['sort']>, string> = {
  createdAt: 'r.created_at',
  name: 'r.name',
  arch: 'r.arch',
  status: 'r.status',
  testAccuracy: 't.accuracy',
  bestValAccuracy: 'r.best_val_accuracy',
  finalValAccuracy: 'r.final_val_accuracy',
  params: 'r.params',
  trainMs: 'r.train_ms',
  epochsDone: 'r.epochs_done',
};

const now = (): string => new Date().toISOString();

function cleanTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tags) {
    if (typeof t !== 'string') throw new UserError('tags must be strings');
    const s = t.trim();
    if (s === '') continue;
    if (s.length > TAG_MAX_CHARS) throw new UserError(`tag "${s.slice(0, 20)}…" is longer than ${TAG_MAX_CHARS} characters`);
    if (!out.includes(s)) out.push(s);
  }
  if (out.length > TAGS_MAX) throw new UserError(`at most ${TAGS_MAX} tags per run`);
  return out;
}

function checkNotes(notes: unknown): void {
  if (typeof notes !== 'string' || notes.length > NOTES_MAX_CHARS) {
    throw new UserError(`notes must be text of at most ${NOTES_MAX_CHARS.toLocaleString('en-US')} characters`);
  }
}

interface HolderRow {
  status: RunStatus;
  owner: string | null;
  claim: string | null;
  claimed_at: string | null;
  attempt: number;
}

/** "being trained by process 1234 on host (claimed 2026-…)" for a run another connection holds. */
function heldBy(r: HolderRow): string {
  const what = r.status === 'running' ? 'being trained' : 'queued to train';
  const since = r.claimed_at ? ` (claimed ${r.claimed_at})` : '';
  const gone = ownerAlive(r.owner) ? '' : ' — that process has ended; the next open marks the run interrupted';
  return `${what} by ${describeOwner(r.owner)}${since}${gone}`;
}

function likePattern(text: string): string {
  return '%' + text.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

export class SqliteRunStore implements RunStore {
  readonly info: StoreInfo;
  private readonly insertBatch: Statement;
  /**
   * This connection's claim on the runs it creates, starts or resumes. Claiming is one conditional UPDATE
   * (… WHERE status IN (…)), so of two processes racing for a run exactly one gets it; recording metrics and
   * ending a run require the claim, so a process that lost (or was superseded) never touches the run.
   */
  private readonly claim = randomUUID();

  constructor(
    private readonly db: Database,
    path: string,
    artifactsDir: string,
    schemaVersion: number,
    readonly: boolean,
  ) {
    this.info = { path, artifactsDir, schemaVersion, readonly };
    this.insertBatch = readonly
      ? db.prepare('SELECT 1')
      : db.prepare(
          `INSERT OR REPLACE INTO batch_metrics (run_id, step, attempt, epoch, batch, loss, accuracy, examples_per_sec, elapsed_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
  }

  private g<T>(fn: () => T): T {
    return guarded(this.info.path, fn);
  }

  private holder(id: string): HolderRow {
    const r = this.db.prepare('SELECT status, owner, claim, claimed_at, attempt FROM runs WHERE id = ?').get(id) as HolderRow | undefined;
    if (!r) throw new UserError(`unknown run "${id}"`, 'unknown_run');
    return r;
  }

  /** Throws unless this connection holds the run (for writes only its trainer may make). */
  private requireClaim(id: string, doing: string): HolderRow {
    const r = this.holder(id);
    if (r.claim !== this.claim || (r.status !== 'queued' && r.status !== 'running')) {
      const now = r.status === 'queued' || r.status === 'running' ? `it is ${heldBy(r)}` : `it is ${r.status}`;
      throw new UserError(`run ${id} is no longer held by this process (${now}); ${doing} was not recorded`, 'bad_state');
    }
    return r;
  }

  private row(id: string): RunRow {
    const r = this.db.prepare(`${RUN_SELECT} WHERE r.id = ?`).get(id) as RunRow | undefined;
    if (!r) throw new UserError(`unknown run "${id}"`, 'unknown_run');
    return r;
  }

  createRun(input: NewRun): RunRecord {
    return this.g(() => {
      const id = randomUUID().replace(/-/g, '').slice(0, 12);
      const m: ModelSpec = input.model;
      const t: TrainSpec = input.train;
      const name = (input.name ?? '').trim() || `${ARCH_LABELS[m.arch]} ${m.units}u seed ${t.seed}`;
      if (name.length > RUN_NAME_MAX) throw new UserError(`run name is longer than ${RUN_NAME_MAX} characters`);
      const tags = cleanTags(input.tags ?? []);
      checkNotes(input.notes ?? '');
      if (input.parentId) this.row(input.parentId);
      if (input.groupId && !this.db.prepare('SELECT 1 FROM run_groups WHERE id = ?').get(input.groupId)) {
        throw new UserError(`unknown run group "${input.groupId}"`);
      }
      this.db.transaction(() => {
        this.db
          .prepare(
            `INSERT INTO runs (id, name, arch, model_spec, train_spec, num_words, max_len, embedding_dim, units, layers, optimizer,
               learning_rate, batch_size, epochs, seed, params, app_version, status, created_at, notes, parent_id, group_id, owner,
               claim, claimed_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            id, name, m.arch, JSON.stringify(m), JSON.stringify(t), m.numWords, m.maxLen, m.embeddingDim, m.units, m.layers,
            t.optimizer, t.learningRate, t.batchSize, t.epochs, t.seed, input.params ?? null, input.appVersion, now(),
            input.notes ?? '', input.parentId ?? null, input.groupId ?? null, currentOwner(), this.claim, now(),
          );
        const ins = this.db.prepare('INSERT INTO run_tags (run_id, tag) VALUES (?, ?)');
        for (const tag of tags) ins.run(id, tag);
      })();
      return toRunRecord(this.row(id));
    });
  }

  resolveId(idOrPrefix: string): string {
    return this.g(() => resolveIdIn(this.db, 'runs', 'run', idOrPrefix));
  }

  getRun(idOrPrefix: string): RunRecord {
    return this.g(() => toRunRecord(this.row(this.resolveId(idOrPrefix))));
  }

  private where(f: RunFilter): { sql: string; args: unknown[] } {
    const conds: string[] = [];
    const args: unknown[] = [];
    if (f.status && f.status.length > 0) {
      for (const s of f.status) if (!RUN_STATUSES.includes(s)) throw new UserError(`unknown status "${s}"`);
      conds.push(`r.status IN (${f.status.map(() => '?').join(', ')})`);
      args.push(...f.status);
    }
    if (f.arch && f.arch.length > 0) {
      conds.push(`r.arch IN (${f.arch.map(() => '?').join(', ')})`);
      args.push(...f.arch);
    }
    if (f.tag) {
      conds.push('EXISTS (SELECT 1 FROM run_tags WHERE run_id = r.id AND tag = ?)');
      args.push(f.tag);
    }
    if (f.groupId) {
      conds.push('r.group_id = ?');
      args.push(f.groupId);
    }
    if (f.text && f.text.trim() !== '') {
      const p = likePattern(f.text.trim());
      conds.push(
        `(lower(r.id) LIKE ? ESCAPE '\\' OR lower(r.name) LIKE ? ESCAPE '\\' OR lower(r.notes) LIKE ? ESCAPE '\\'
          OR EXISTS (SELECT 1 FROM run_tags WHERE run_id = r.id AND lower(tag) LIKE ? ESCAPE '\\'))`,
      );
      args.push(p, p, p, p);
    }
    return { sql: conds.length ? ` WHERE ${conds.join(' AND ')}` : '', args };
  }

  listRuns(filter: RunFilter = {}): RunRecord[] {
    return this.g(() => {
      const { sql, args } = this.where(filter);
      const col = SORT_COLUMNS[filter.sort ?? 'createdAt'];
      if (!col) throw new UserError(`cannot sort runs by "${String(filter.sort)}"`);
      const dir = filter.dir === 'asc' ? 'ASC' : 'DESC';
      const limit = filter.limit ?? -1;
      const offset = filter.offset ?? 0;
      if (!Number.isInteger(limit) || !Number.isInteger(offset) || offset < 0) throw new UserError('limit/offset must be integers ≥ 0');
      const rows = this.db
        .prepare(`${RUN_SELECT}${sql} ORDER BY ${col} IS NULL, ${col} ${dir}, r.created_at DESC, r.id LIMIT ? OFFSET ?`)
        .all(...args, limit, offset) as RunRow[];
      return rows.map(toRunRecord);
    });
  }

  countRuns(filter: RunFilter = {}): number {
    return this.g(() => {
      const { sql, args } = this.where(filter);
      return this.db.prepare(`SELECT count(*) FROM runs r LEFT JOIN test_metrics t ON t.run_id = r.id${sql}`).pluck().get(...args) as number;
    });
  }

  startRun(id: string, s: RunStart): RunRecord {
    return this.g(() => {
      const res = this.db
        .prepare(
          `UPDATE runs SET status = 'running', started_at = coalesce(started_at, ?), finished_at = NULL, error = NULL,
             stop_reason = NULL, owner = ?, device = ?, data_source = ?, data_path = ?, data_fingerprint = ?,
             params = coalesce(?, params)
           WHERE id = ? AND status = 'queued' AND claim = ?`,
        )
        .run(now(), currentOwner(), JSON.stringify(s.device), s.dataSource, s.dataPath, s.dataFingerprint, s.params, id, this.claim);
      if (res.changes === 0) {
        const r = this.holder(id);
        const held = (r.status === 'queued' || r.status === 'running') && r.claim !== this.claim;
        throw new UserError(`run ${id} cannot start: it is ${held ? heldBy(r) : r.status}`, 'bad_state');
      }
      return toRunRecord(this.row(id));
    });
  }

  endRun(id: string, e: RunEnd): RunRecord {
    return this.g(() => {
      // Only the connection holding the run may end it: one conditional statement, checked by its changes.
      const res = this.db
        .prepare(
          `UPDATE runs SET status = ?, error = ?, stop_reason = ?, ms_per_step = coalesce(?, ms_per_step),
             train_ms = CASE WHEN ? IS NULL THEN train_ms ELSE coalesce(train_ms, 0) + ? END, finished_at = ?, owner = NULL, claim = NULL
           WHERE id = ? AND claim = ? AND status IN ('queued', 'running')`,
        )
        .run(e.status, e.error ?? null, e.stopReason ?? null, e.msPerStep ?? null, e.trainMs ?? null, e.trainMs ?? null, now(), id, this.claim);
      if (res.changes === 0) this.requireClaim(id, `its end (${e.status})`);
      return toRunRecord(this.row(id));
    });
  }

  setStatus(id: string, status: RunStatus, error: string | null = null): void {
    this.g(() => {
      if (!RUN_STATUSES.includes(status)) throw new UserError(`unknown status "${status}"`);
      const final = status !== 'queued' && status !== 'running';
      const res = this.db
        .prepare(
          `UPDATE runs SET status = ?, error = ?, finished_at = CASE WHEN ? THEN ? ELSE finished_at END, owner = CASE WHEN ? THEN NULL ELSE owner END,
             claim = CASE WHEN ? THEN NULL ELSE claim END
           WHERE id = ? AND claim = ? AND status IN ('queued', 'running')`,
        )
        .run(status, error, final ? 1 : 0, now(), final ? 1 : 0, final ? 1 : 0, id, this.claim);
      if (res.changes === 0) this.requireClaim(id, `the status ${status}`);
    });
  }

  /** Recomputes the denormalised epoch summary from the current (non-superseded) epoch rows. */
  private refreshSummary(id: string): void {
    const epochs = epochRows(this.db, id);
    const last = epochs[epochs.length - 1] ?? null;
    const best = bestEpoch(epochs);
    this.db
      .prepare(
        `UPDATE runs SET epochs_done = ?, final_loss = ?, final_accuracy = ?, final_val_loss = ?, final_val_accuracy = ?,
           best_epoch = ?, best_val_loss = ?, best_val_accuracy = ? WHERE id = ?`,
      )
      .run(
        last?.epoch ?? 0, last?.loss ?? null, last?.accuracy ?? null, last?.valLoss ?? null, last?.valAccuracy ?? null,
        best?.epoch ?? null, best?.valLoss ?? null, best?.valAccuracy ?? null, id,
      );
  }

  beginResume(id: string, fromEpoch: number, expected?: { attempt: number; epochsDone: number }): RunRecord {
    return this.g(() => {
      this.db.transaction(() => {
        // The claim: one conditional statement. Of several processes resuming the run at once exactly one
        // changes it; the others change nothing and learn who holds it.
        const claimed = this.db
          .prepare(
            `UPDATE runs SET attempt = attempt + 1, status = 'queued', error = NULL, stop_reason = NULL, finished_at = NULL, owner = ?,
               claim = ?, claimed_at = ?
             WHERE id = ? AND status IN (${RESUMABLE.map(() => '?').join(', ')}) AND (? IS NULL OR (attempt = ? AND epochs_done = ?))`,
          )
          .run(currentOwner(), this.claim, now(), id, ...RESUMABLE, expected ? 1 : null, expected?.attempt ?? null, expected?.epochsDone ?? null);
        if (claimed.changes === 0) {
          const r = this.holder(id);
          if (r.status === 'queued' || r.status === 'running') throw new UserError(`cannot resume run ${id}: it is ${heldBy(r)}; nothing was changed`, 'bad_state');
          if (r.status === 'finished') throw new UserError(`run ${id} already finished; re-run it to train again with the same settings`, 'bad_state');
          throw new UserError(`cannot resume run ${id}: another process resumed it meanwhile (now attempt ${r.attempt}, ${r.status}); nothing was changed — try again`, 'bad_state');
        }
        this.db.prepare('UPDATE batch_metrics SET superseded = 1 WHERE run_id = ? AND epoch > ? AND superseded = 0').run(id, fromEpoch);
        this.db.prepare('UPDATE epoch_metrics SET superseded = 1 WHERE run_id = ? AND epoch > ? AND superseded = 0').run(id, fromEpoch);
        refreshRollup(this.db, id);
        this.db.prepare('DELETE FROM test_metrics WHERE run_id = ?').run(id);
        this.refreshSummary(id);
      })();
      return toRunRecord(this.row(id));
    });
  }

  appendBatches(id: string, points: BatchPoint[]): void {
    if (points.length === 0) return;
    this.g(() => {
      this.db.transaction(() => {
        const { attempt } = this.requireClaim(id, 'this batch metrics');
        let lo = Infinity;
        let hi = 0;
        for (const p of points) {
          const step = (p.epoch - 1) * p.batches + p.batch;
          this.insertBatch.run(id, step, attempt, p.epoch, p.batch, p.loss, p.accuracy, p.examplesPerSec, p.elapsedMs);
          lo = Math.min(lo, step);
          hi = Math.max(hi, step);
        }
        refreshRollup(this.db, id, lo, hi);
      })();
    });
  }

  appendEpoch(id: string, row: EpochRow, checkpoint?: NewArtifact): void {
    this.g(() => {
      this.db.transaction(() => {
        const { attempt } = this.requireClaim(id, `epoch ${row.epoch}`);
        this.db
          .prepare(
            `INSERT OR REPLACE INTO epoch_metrics (run_id, epoch, attempt, loss, accuracy, val_loss, val_accuracy, examples_per_sec, elapsed_ms)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(id, row.epoch, attempt, row.loss, row.accuracy, row.valLoss, row.valAccuracy, row.examplesPerSec, row.elapsedMs);
        if (checkpoint) this.insertArtifact(id, checkpoint);
        this.refreshSummary(id);
      })();
    });
  }

  setTestMetrics(id: string, m: TestMetrics): void {
    this.g(() => {
      this.row(id);
      this.db
        .prepare('INSERT OR REPLACE INTO test_metrics (run_id, accuracy, loss, auc, tn, fp, fn, tp, n, evaluated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, m.accuracy, m.loss, m.auc, m.tn, m.fp, m.fn, m.tp, m.n, now());
    });
  }

  private insertArtifact(id: string, a: NewArtifact): number {
    if (!['checkpoint', 'weights', 'export'].includes(a.kind)) throw new UserError(`unknown artifact kind "${a.kind}"`);
    return Number(
      this.db
        .prepare('INSERT INTO artifacts (run_id, kind, path, bytes, epoch, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, a.kind, resolve(a.path), a.bytes, a.epoch ?? null, now()).lastInsertRowid,
    );
  }

  addArtifact(id: string, a: NewArtifact): Artifact {
    return this.g(() => {
      this.row(id);
      const aid = this.insertArtifact(id, a);
      return toArtifact(this.db.prepare('SELECT * FROM artifacts WHERE id = ?').get(aid) as ArtifactRow);
    });
  }

  listArtifacts(id: string, kind?: ArtifactKind): Artifact[] {
    return this.g(() => {
      const rows = (
        kind
          ? this.db.prepare('SELECT * FROM artifacts WHERE run_id = ? AND kind = ? ORDER BY id').all(id, kind)
          : this.db.prepare('SELECT * FROM artifacts WHERE run_id = ? ORDER BY id').all(id)
      ) as ArtifactRow[];
      return rows.map(toArtifact);
    });
  }

  /** Removes the row, and the file when it is one of ours (inside the artifacts folder). */
  removeArtifact(artifactId: number): void {
    this.g(() => {
      const a = this.db.prepare('SELECT * FROM artifacts WHERE id = ?').get(artifactId) as ArtifactRow | undefined;
      if (!a) return;
      this.db.prepare('DELETE FROM artifacts WHERE id = ?').run(artifactId);
      if (a.kind !== 'export' && this.owns(a.path)) rmSync(a.path, { force: true });
    });
  }

  lastCheckpoint(id: string): Artifact | null {
    return this.g(() => {
      const r = this.db
        .prepare(
          `SELECT a.* FROM artifacts a JOIN runs r ON r.id = a.run_id
           WHERE a.run_id = ? AND a.kind = 'checkpoint' AND a.epoch <= r.epochs_done ORDER BY a.epoch DESC, a.id DESC LIMIT 1`,
        )
        .get(id) as ArtifactRow | undefined;
      return r ? toArtifact(r) : null;
    });
  }

  batchSeries(ids: string[], maxPoints = 1000): BatchSeries[] {
    return this.g(() => batchSeries(this.db, ids.map((i) => this.resolveId(i)), maxPoints));
  }

  epochSeries(ids: string[]): EpochSeries[] {
    return this.g(() => epochSeries(this.db, ids.map((i) => this.resolveId(i))));
  }

  compare(ids: string[]): RunComparison {
    return this.g(() => {
      if (ids.length === 0) throw new UserError('compare needs at least one run');
      const runs = ids.map((i) => this.getRun(i));
      return {
        runs,
        config: configDiff(runs),
        metrics: runs.map((r) => {
          const epochs = epochRows(this.db, r.id);
          return {
            runId: r.id,
            final: epochs[epochs.length - 1] ?? null,
            best: bestEpoch(epochs),
            test: r.test,
            msPerStep: r.msPerStep,
            trainMs: r.trainMs,
            params: r.params,
          };
        }),
      };
    });
  }

  setTags(id: string, tags: string[]): RunRecord {
    return this.g(() => {
      const rid = this.resolveId(id);
      const clean = cleanTags(tags);
      this.db.transaction(() => {
        this.db.prepare('DELETE FROM run_tags WHERE run_id = ?').run(rid);
        const ins = this.db.prepare('INSERT INTO run_tags (run_id, tag) VALUES (?, ?)');
        for (const t of clean) ins.run(rid, t);
      })();
      return toRunRecord(this.row(rid));
    });
  }

  setNotes(id: string, notes: string): RunRecord {
    return this.g(() => {
      const rid = this.resolveId(id);
      checkNotes(notes);
      this.db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(notes, rid);
      return toRunRecord(this.row(rid));
    });
  }

  rename(id: string, name: string): RunRecord {
    return this.g(() => {
      const rid = this.resolveId(id);
      const n = String(name ?? '').trim();
      if (n === '' || n.length > RUN_NAME_MAX) throw new UserError(`a run name must have 1 to ${RUN_NAME_MAX} characters`);
      this.db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(n, rid);
      return toRunRecord(this.row(rid));
    });
  }

  createGroup(name: string, kind: GroupKind): RunGroup {
    return this.g(() => {
      if (!['comparison', 'seeds', 'custom'].includes(kind)) throw new UserError(`unknown group kind "${kind}"`);
      const g: RunGroup = { id: 'g' + randomUUID().replace(/-/g, '').slice(0, 11), name: String(name).trim() || kind, kind, createdAt: now() };
      this.db.prepare('INSERT INTO run_groups (id, name, kind, created_at) VALUES (?, ?, ?, ?)').run(g.id, g.name, g.kind, g.createdAt);
      return g;
    });
  }

  listGroups(): RunGroup[] {
    return this.g(() =>
      (this.db.prepare('SELECT id, name, kind, created_at AS createdAt FROM run_groups ORDER BY created_at DESC').all() as RunGroup[]),
    );
  }

  createStudy(name: string, grid: StudyGrid): StudyRecord {
    return this.g(() => insertStudy(this.db, name, grid));
  }

  getStudy(idOrPrefix: string): StudyRecord {
    return this.g(() => selectStudy(this.db, idOrPrefix));
  }

  listStudies(): StudyRecord[] {
    return this.g(() => selectStudies(this.db));
  }

  deleteStudy(id: string): void {
    this.g(() => removeStudy(this.db, id));
  }

  /** Whether a path lies inside this store's artifacts folder (files we may delete). */
  private owns(path: string): boolean {
    const root = resolve(this.info.artifactsDir) + sep;
    return resolve(path).startsWith(root);
  }

  deleteRuns(ids: string[]): { deleted: string[]; filesRemoved: number } {
    return this.g(() => {
      const rids = ids.map((i) => this.resolveId(i));
      const files: string[] = [];
      // Checked and deleted in one write transaction: no other process can claim a run in between.
      this.db.transaction(() => {
        for (const rid of rids) {
          const r = this.holder(rid);
          if ((r.status === 'running' || r.status === 'queued') && ownerAlive(r.owner)) {
            throw new UserError(`cannot delete run ${rid}: it is ${heldBy(r)}; cancel it before deleting`, 'bad_state');
          }
        }
        for (const rid of rids) {
          for (const a of this.listArtifacts(rid)) if (a.kind !== 'export' && this.owns(a.path)) files.push(a.path);
          this.db.prepare('DELETE FROM runs WHERE id = ?').run(rid);
        }
      }).immediate();
      // Rows first, then files: a crash in between leaves orphan files, never rows pointing at nothing.
      let filesRemoved = 0;
      for (const f of files) {
        try {
          rmSync(f, { force: true });
          filesRemoved++;
        } catch {
          /* already gone or not removable: the run is deleted regardless */
        }
      }
      for (const rid of rids) rmSync(join(this.info.artifactsDir, rid), { recursive: true, force: true });
      return { deleted: rids, filesRemoved };
    });
  }

  exportRuns(ids: string[], format: 'json' | 'csv'): string {
    return this.g(() => {
      const runs = ids.map((i) => this.getRun(i));
      const withEpochs = runs.map((r) => ({ run: r, epochs: epochRows(this.db, r.id) }));
      if (format === 'csv') return runsToCsv(withEpochs);
      if (format !== 'json') throw new UserError(`unknown export format "${String(format)}" (json or csv)`);
      return JSON.stringify(
        { exportedAt: now(), runs: withEpochs.map(({ run, epochs }) => ({ ...run, epochs, artifacts: this.listArtifacts(run.id) })) },
        null,
        2,
      );
    });
  }

  recoverInterrupted(): string[] {
    if (this.info.readonly) return [];
    const rows = this.db.prepare("SELECT id, owner FROM runs WHERE status IN ('running', 'queued')").all() as { id: string; owner: string | null }[];
    const dead = rows.filter((r) => !ownerAlive(r.owner)).map((r) => r.id);
    if (dead.length === 0) return [];
    const upd = this.db.prepare(
      `UPDATE runs SET status = 'interrupted', finished_at = ?, owner = NULL, claim = NULL,
         error = coalesce(error, CASE WHEN status = 'running' THEN 'the process training this run stopped unexpectedly (crash, kill or power loss)'
                                      ELSE 'the app closed before this queued run started' END)
       WHERE id = ? AND status IN ('running', 'queued') AND owner IS ?`,
    );
    // Only if the dead owner still holds it: a run another process claimed since the SELECT is left alone.
    this.db.transaction(() => {
      for (const r of rows) if (dead.includes(r.id)) upd.run(now(), r.id, r.owner);
    })();
    return dead;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
