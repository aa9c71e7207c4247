// Row shapes of the SQLite tables and their mapping to the core's records.
import type { Architecture, ModelSpec, TrainSpec } from '../main/model/spec.js';
import type { DeviceInfo } from '../main/engine/types.js';
import type { Artifact, ArtifactKind, EpochRow, RunRecord, RunStatus, TestMetrics } from '../main/runs/store.js';

export interface RunRow {
  id: string;
  name: string;
  arch: string;
  model_spec: string;
  train_spec: string;
  seed: number;
  params: number | null;
  data_source: string | null;
  data_path: string | null;
  data_fingerprint: string | null;
  app_version: string;
  device: string | null;
  status: string;
  error: string | null;
  stop_reason: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  notes: string;
  parent_id: string | null;
  group_id: string | null;
  owner: string | null;
  /** The store connection holding the run (schema v3), and since when. */
  claim: string | null;
  claimed_at: string | null;
  attempt: number;
  epochs_done: number;
  best_epoch: number | null;
  best_val_loss: number | null;
  best_val_accuracy: number | null;
  final_loss: number | null;
  final_accuracy: number | null;
  final_val_loss: number | null;
  final_val_accuracy: number | null;
  ms_per_step: number | null;
  train_ms: number | null;
  /** Joined: tags as a JSON array, test metrics columns. */
  tags_json: string | null;
  t_accuracy: number | null;
  t_loss: number | null;
  t_auc: number | null;
  t_tn: number | null;
  t_fp: number | null;
  t_fn: number | null;
  t_tp: number | null;
  t_n: number | null;
}

/** SELECT list producing RunRow from `runs r` + tags + test metrics. */
export const RUN_SELECT = `
  SELECT r.*,
    (SELECT json_group_array(tag) FROM (SELECT tag FROM run_tags WHERE run_id = r.id ORDER BY tag)) AS tags_json,
    t.accuracy AS t_accuracy, t.loss AS t_loss, t.auc AS t_auc, t.tn AS t_tn, t.fp AS t_fp, t.fn AS t_fn, t.tp AS t_tp, t.n AS t_n
  FROM runs r LEFT JOIN test_metrics t ON t.run_id = r.id`;

export function toRunRecord(r: RunRow): RunRecord {
  const test: TestMetrics | null =
    r.t_accuracy === null
      ? null
      : { accuracy: r.t_accuracy, loss: r.t_loss ?? NaN, auc: r.t_auc ?? NaN, tn: r.t_tn ?? 0, fp: r.t_fp ?? 0, fn: r.t_fn ?? 0, tp: r.t_tp ?? 0, n: r.t_n ?? 0 };
  return {
    id: r.id,
    name: r.name,
    arch: r.arch as Architecture,
    // Runs logged before the pooled heads existed read the tutorial's head (the last state).
    model: { head: 'last', ...(JSON.parse(r.model_spec) as Omit<ModelSpec, 'head'>) } as ModelSpec,
    // Runs logged before validationSplit existed validated on the test split (or not at all).
    train: { validationSplit: null, ...(JSON.parse(r.train_spec) as Omit<TrainSpec, 'validationSplit'>) } as TrainSpec,
    seed: r.seed,
    params: r.params,
    dataSource: r.data_source,
    dataPath: r.data_path,
    dataFingerprint: r.data_fingerprint,
    appVersion: r.app_version,
    device: r.device === null ? null : (JSON.parse(r.device) as DeviceInfo),
    status: r.status as RunStatus,
    error: r.error,
    stopReason: r.stop_reason,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    tags: r.tags_json ? (JSON.parse(r.tags_json) as string[]) : [],
    notes: r.notes,
    parentId: r.parent_id,
    groupId: r.group_id,
    attempt: r.attempt,
    epochsDone: r.epochs_done,
    bestEpoch: r.best_epoch,
    bestValLoss: r.best_val_loss,
    bestValAccuracy: r.best_val_accuracy,
    finalLoss: r.final_loss,
    finalAccuracy: r.final_accuracy,
    finalValLoss: r.final_val_loss,
    finalValAccuracy: r.final_val_accuracy,
    msPerStep: r.ms_per_step,
    trainMs: r.train_ms,
    test,
  };
}

export interface EpochDbRow {
  run_id: string;
  epoch: number;
  loss: number | null;
  accuracy: number | null;
  val_loss: number | null;
  val_accuracy: number | null;
  examples_per_sec: number;
  elapsed_ms: number;
}

export function toEpochRow(r: EpochDbRow): EpochRow {
  return {
    epoch: r.epoch,
    loss: r.loss ?? NaN, // SQLite stores NaN as NULL
    accuracy: r.accuracy ?? NaN,
    valLoss: r.val_loss,
    valAccuracy: r.val_accuracy,
    examplesPerSec: r.examples_per_sec,
    elapsedMs: r.elapsed_ms,
  };
}

export interface ArtifactRow {
  id: number;
  run_id: string;
  kind: string;
  path: string;
  bytes: number;
  epoch: number | null;
  created_at: string;
}

export function toArtifact(r: ArtifactRow): Artifact {
  return { id: r.id, runId: r.run_id, kind: r.kind as ArtifactKind, path: r.path, bytes: r.bytes, epoch: r.epoch, createdAt: r.created_at };
}
