// Chart queries: down-sampled batch curves, epoch curves, best epoch and the hyperparameter diff.
import type { Database } from 'better-sqlite3';
import type { BatchSeries, ConfigDiffRow, EpochRow, EpochSeries, RunRecord } from '../main/runs/store.js';
import { toEpochRow, type EpochDbRow } from './rows.js';
import { ROLLUP_BLOCK } from './rollup.js';

/** Recomputes the rollup blocks covering steps fromStep…toStep (all of the run when omitted). */
export function refreshRollup(db: Database, runId: string, fromStep = 1, toStep = Number.MAX_SAFE_INTEGER): void {
  const b0 = Math.floor((fromStep - 1) / ROLLUP_BLOCK);
  const b1 = Math.floor((toStep - 1) / ROLLUP_BLOCK);
  db.prepare('DELETE FROM batch_rollup WHERE run_id = ? AND block BETWEEN ? AND ?').run(runId, b0, b1);
  db.prepare(
    `INSERT INTO batch_rollup (run_id, block, n, last_step, last_epoch, loss_sum, accuracy_sum, examples_per_sec_sum)
     SELECT run_id, (step - 1) / ${ROLLUP_BLOCK}, count(*), max(step), max(epoch), sum(loss), sum(accuracy), sum(examples_per_sec)
     FROM batch_metrics WHERE run_id = ? AND superseded = 0 AND step > ? AND step <= ?
     GROUP BY (step - 1) / ${ROLLUP_BLOCK}`,
  ).run(runId, b0 * ROLLUP_BLOCK, Math.min(Number.MAX_SAFE_INTEGER, (b1 + 1) * ROLLUP_BLOCK));
}

/**
 * Bucket means over consecutive steps, at most maxPoints points per run (raw when they fit). Large
 * buckets are built from the 16-step rollup blocks, small ones from the rows themselves.
 */
export function batchSeries(db: Database, ids: string[], maxPoints: number): BatchSeries[] {
  const count = db.prepare('SELECT coalesce(sum(n), 0) FROM batch_rollup WHERE run_id = ?').pluck();
  const raw = db
    .prepare('SELECT step, epoch, loss, accuracy, examples_per_sec FROM batch_metrics WHERE run_id = ? AND superseded = 0 ORDER BY step')
    .raw();
  const fromRows = db
    .prepare(
      `SELECT max(step), max(epoch), avg(loss), avg(accuracy), avg(examples_per_sec)
       FROM batch_metrics WHERE run_id = ? AND superseded = 0 GROUP BY (step - 1) / CAST(? AS INTEGER) ORDER BY 1`,
    )
    .raw();
  const fromBlocks = db
    .prepare(
      `SELECT max(last_step), max(last_epoch), sum(loss_sum) / sum(n), sum(accuracy_sum) / sum(n), sum(examples_per_sec_sum) / sum(n)
       FROM batch_rollup WHERE run_id = ? GROUP BY block / CAST(? AS INTEGER) ORDER BY 1`,
    )
    .raw();
  const cap = Math.max(1, Math.floor(maxPoints));
  return ids.map((runId) => {
    const total = count.get(runId) as number;
    const bucket = Math.max(1, Math.ceil(total / cap));
    const rows = (
      bucket === 1
        ? raw.all(runId)
        : bucket < ROLLUP_BLOCK
          ? fromRows.all(runId, bucket)
          : fromBlocks.all(runId, Math.ceil(Math.ceil(total / ROLLUP_BLOCK) / cap))
    ) as number[][];
    const s: BatchSeries = { runId, total, step: [], epoch: [], loss: [], accuracy: [], examplesPerSec: [] };
    for (const r of rows) {
      s.step.push(r[0] as number);
      s.epoch.push(r[1] as number);
      s.loss.push((r[2] as number | null) ?? NaN); // SQLite stores NaN as NULL
      s.accuracy.push((r[3] as number | null) ?? NaN);
      s.examplesPerSec.push(r[4] as number);
    }
    return s;
  });
}

export function epochRows(db: Database, id: string): EpochRow[] {
  const rows = db
    .prepare('SELECT * FROM epoch_metrics WHERE run_id = ? AND superseded = 0 ORDER BY epoch')
    .all(id) as EpochDbRow[];
  return rows.map(toEpochRow);
}

export function epochSeries(db: Database, ids: string[]): EpochSeries[] {
  return ids.map((runId) => ({ runId, epochs: epochRows(db, runId) }));
}

/** The best epoch: lowest validation loss (what early stopping restores), or lowest training loss without validation. */
export function bestEpoch(epochs: EpochRow[]): EpochRow | null {
  let best: EpochRow | null = null;
  for (const e of epochs) {
    const v = e.valLoss ?? e.loss;
    const b = best === null ? Infinity : (best.valLoss ?? best.loss);
    if (Number.isFinite(v) && v < b) best = e;
  }
  return best;
}

function flatten(prefix: string, o: object, out: Map<string, unknown>): void {
  for (const [k, v] of Object.entries(o)) out.set(`${prefix}.${k}`, v);
}

/** Every hyperparameter of the runs, side by side, with the ones that differ flagged. */
export function configDiff(runs: RunRecord[]): ConfigDiffRow[] {
  const maps = runs.map((r) => {
    const m = new Map<string, unknown>();
    flatten('model', r.model, m);
    flatten('train', r.train, m);
    m.set('data.fingerprint', r.dataFingerprint);
    m.set('device.engine', r.device?.engine ?? null);
    return m;
  });
  const keys: string[] = [];
  for (const m of maps) for (const k of m.keys()) if (!keys.includes(k)) keys.push(k);
  return keys.map((key) => {
    const values = maps.map((m) => (m.has(key) ? m.get(key) : null));
    const first = JSON.stringify(values[0]);
    return { key, values, differs: values.some((v) => JSON.stringify(v) !== first) };
  });
}
