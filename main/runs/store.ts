// The run store as the core sees it: records, queries and the factory that opens one.
// db/ implements it with SQLite (db/index.ts); main/ never imports db/ — a composition root
// (bin/recurrent-lab.js, electron/, tests) calls db's registerSqliteStore(), which hands
// its opener to setStoreFactory() below.
import type { StudyGrid, StudyRecord } from '../studies/grid.js';
import type { ModelSpec, TrainSpec, Architecture } from '../model/spec.js';
import type { DeviceInfo } from '../engine/types.js';

export const RUN_STATUSES = ['queued', 'running', 'finished', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** Statuses from which `resume` can continue (from the last checkpoint, or from scratch). */
export const RESUMABLE: readonly RunStatus[] = ['interrupted', 'cancelled', 'failed'];

export type ArtifactKind = 'checkpoint' | 'weights' | 'export';
export type GroupKind = 'comparison' | 'seeds' | 'custom';

/** What a caller provides to create a run. */
export interface NewRun {
  name?: string;
  model: ModelSpec;
  train: TrainSpec;
  tags?: string[];
  notes?: string;
  parentId?: string | null;
  groupId?: string | null;
  /** Trainable parameter count, when known at creation. */
  params?: number | null;
  appVersion: string;
}

export interface TestMetrics {
  accuracy: number;
  loss: number;
  auc: number;
  /** Confusion matrix at threshold 0.5: label 1 = positive. */
  tn: number;
  fp: number;
  fn: number;
  tp: number;
  n: number;
}

/** One row of the runs table with its denormalised summary (what the runs list shows). */
export interface RunRecord {
  id: string;
  name: string;
  arch: Architecture;
  model: ModelSpec;
  train: TrainSpec;
  seed: number;
  params: number | null;
  dataSource: string | null;
  dataPath: string | null;
  dataFingerprint: string | null;
  appVersion: string;
  device: DeviceInfo | null;
  status: RunStatus;
  error: string | null;
  stopReason: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  tags: string[];
  notes: string;
  parentId: string | null;
  groupId: string | null;
  /** 1 + the number of times the run was resumed. */
  attempt: number;
  epochsDone: number;
  bestEpoch: number | null;
  bestValLoss: number | null;
  bestValAccuracy: number | null;
  finalLoss: number | null;
  finalAccuracy: number | null;
  finalValLoss: number | null;
  finalValAccuracy: number | null;
  msPerStep: number | null;
  /** Wall time spent training, summed over attempts. */
  trainMs: number | null;
  test: TestMetrics | null;
}

export interface BatchPoint {
  epoch: number;
  batch: number;
  /** Batches per epoch (step = (epoch-1)·batches + batch). */
  batches: number;
  loss: number;
  accuracy: number;
  examplesPerSec: number;
  elapsedMs: number;
}

export interface EpochRow {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  examplesPerSec: number;
  elapsedMs: number;
}

export interface Artifact {
  id: number;
  runId: string;
  kind: ArtifactKind;
  path: string;
  bytes: number;
  epoch: number | null;
  createdAt: string;
}

export interface NewArtifact {
  kind: ArtifactKind;
  path: string;
  bytes: number;
  epoch?: number | null;
}

export interface RunGroup {
  id: string;
  name: string;
  kind: GroupKind;
  createdAt: string;
}

export type RunSortKey =
  | 'createdAt'
  | 'name'
  | 'arch'
  | 'status'
  | 'testAccuracy'
  | 'bestValAccuracy'
  | 'finalValAccuracy'
  | 'params'
  | 'trainMs'
  | 'epochsDone';

export interface RunFilter {
  status?: RunStatus[];
  arch?: Architecture[];
  tag?: string;
  groupId?: string;
  /** Case-insensitive substring of id, name, notes or tags. */
  text?: string;
  sort?: RunSortKey;
  dir?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

/** A down-sampled per-batch curve: bucket means over consecutive steps. */
export interface BatchSeries {
  runId: string;
  /** Points stored for the run (before down-sampling). */
  total: number;
  step: number[];
  epoch: number[];
  loss: number[];
  accuracy: number[];
  examplesPerSec: number[];
}

export interface EpochSeries {
  runId: string;
  epochs: EpochRow[];
}

export interface ConfigDiffRow {
  /** e.g. "model.units", "train.learningRate". */
  key: string;
  values: unknown[];
  differs: boolean;
}

export interface RunComparison {
  runs: RunRecord[];
  /** Every hyperparameter, with `differs` set where the runs disagree. */
  config: ConfigDiffRow[];
  metrics: {
    runId: string;
    final: EpochRow | null;
    best: EpochRow | null;
    test: TestMetrics | null;
    msPerStep: number | null;
    trainMs: number | null;
    params: number | null;
  }[];
}

/** What `start` records once a run leaves the queue. */
export interface RunStart {
  device: DeviceInfo;
  dataSource: string;
  dataPath: string;
  dataFingerprint: string;
  params: number | null;
}

export interface RunEnd {
  status: Exclude<RunStatus, 'queued' | 'running'>;
  error?: string | null;
  stopReason?: string | null;
  msPerStep?: number | null;
  /** Wall time of this attempt, added to the run's total. */
  trainMs?: number | null;
}

export interface StoreInfo {
  path: string;
  /** Folder holding this store's run checkpoints and final weights (one sub-folder per run). */
  artifactsDir: string;
  schemaVersion: number;
  readonly: boolean;
}

/**
 * The run store. Synchronous (SQLite is local and fast); every method throws UserError for
 * unknown ids and for database conditions a user can act on (locked, read-only, full, newer schema).
 * Run ids may be given as a unique prefix (≥ 4 characters) wherever a RUN is accepted.
 */
export interface RunStore {
  readonly info: StoreInfo;

  createRun(input: NewRun): RunRecord;
  /** Full id from an id or unique prefix; throws UserError when unknown or ambiguous. */
  resolveId(idOrPrefix: string): string;
  getRun(idOrPrefix: string): RunRecord;
  listRuns(filter?: RunFilter): RunRecord[];
  countRuns(filter?: RunFilter): number;

  /**
   * A store holds (has claimed) the runs it created or resumed; only it may start, record, end or cancel
   * them — each of those is refused with a UserError (code bad_state) naming the holder otherwise.
   */
  /** queued → running: records device, data provenance and the process that owns the run. */
  startRun(id: string, start: RunStart): RunRecord;
  /** running → a final status; only while this store holds the run. */
  endRun(id: string, end: RunEnd): RunRecord;
  /** Only for a run that never started (queued → cancelled), held by this store. */
  setStatus(id: string, status: RunStatus, error?: string | null): void;
  /**
   * Claims the run and prepares a resume, in one transaction: a new attempt; batch/epoch rows after
   * `fromEpoch` are kept but marked superseded (hidden from curves), epochsDone = fromEpoch; status → queued.
   * The claim is one conditional statement: it succeeds only while the run is resumable (and, when given,
   * still at the `expected` attempt and epoch count the caller decided on); otherwise nothing changes and the
   * error says who holds the run.
   */
  beginResume(id: string, fromEpoch: number, expected?: { attempt: number; epochsDone: number }): RunRecord;

  /** Appends batch points in one transaction (the run must be held by this store). */
  appendBatches(id: string, points: BatchPoint[]): void;
  /** Records an epoch (and optionally its checkpoint artifact) in one transaction (held by this store). */
  appendEpoch(id: string, row: EpochRow, checkpoint?: NewArtifact): void;
  setTestMetrics(id: string, m: TestMetrics): void;

  addArtifact(id: string, a: NewArtifact): Artifact;
  listArtifacts(id: string, kind?: ArtifactKind): Artifact[];
  removeArtifact(artifactId: number): void;
  /** The last checkpoint of the current curve (epoch ≤ epochsDone), or null. */
  lastCheckpoint(id: string): Artifact | null;

  batchSeries(ids: string[], maxPoints?: number): BatchSeries[];
  epochSeries(ids: string[]): EpochSeries[];
  compare(ids: string[]): RunComparison;

  setTags(id: string, tags: string[]): RunRecord;
  setNotes(id: string, notes: string): RunRecord;
  rename(id: string, name: string): RunRecord;

  createGroup(name: string, kind: GroupKind): RunGroup;
  listGroups(): RunGroup[];

  /** A study with its run group (kind 'custom', named like the study), in one write; the grid is validated. */
  createStudy(name: string, grid: StudyGrid): StudyRecord;
  /** By id or unique id prefix. */
  getStudy(idOrPrefix: string): StudyRecord;
  /** Newest first. */
  listStudies(): StudyRecord[];
  /** Removes the study and its group; its runs and everything they logged stay (ungrouped). */
  deleteStudy(id: string): void;

  /** Deletes runs with their metrics and the app-managed files (checkpoints, weights) they own. */
  deleteRuns(ids: string[]): { deleted: string[]; filesRemoved: number };
  /** Runs (with epochs and test metrics) as JSON, or CSV (one row per epoch). */
  exportRuns(ids: string[], format: 'json' | 'csv'): string;

  /**
   * Runs left `running`/`queued` by a process that no longer exists become `interrupted`.
   * Called on open; returns the ids changed.
   */
  recoverInterrupted(): string[];
  close(): void;
}

export interface OpenStoreOptions {
  /** Open without writing (listing a read-only database). */
  readonly?: boolean;
  /** How long to wait for another process's write lock (ms). */
  busyTimeoutMs?: number;
  /** Where run checkpoints live; default: a folder next to the database file. */
  artifactsDir?: string;
  /** Caps the database size in pages (PRAGMA max_page_count): a quota, and how tests reach the disk-full path. */
  maxPageCount?: number;
  /** The better-sqlite3 addon to load instead of its own (the desktop app run from source: electron/sqlite-binding.ts). */
  nativeBinding?: string;
}

export type StoreFactory = (path: string, options?: OpenStoreOptions) => RunStore;

let factory: StoreFactory | null = null;

/** Called once by the composition root (db/'s registerSqliteStore()). */
export function setStoreFactory(f: StoreFactory): void {
  factory = f;
}

export function hasStoreFactory(): boolean {
  return factory !== null;
}

/** Opens the run store at `path` through the registered implementation. */
export function openStore(path: string, options?: OpenStoreOptions): RunStore {
  if (!factory) throw new Error('no run store registered: call registerSqliteStore() from db/ at start-up');
  return factory(path, options);
}
