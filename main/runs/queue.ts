// RunQueue: queue many runs, train them in worker threads (one at a time, or several at once when they name
// threads that fit the cores), write every batch/epoch metric and checkpoint to the run store, cancel queued
// or running runs (keeping what was logged), resume interrupted runs from their last checkpoint, and tell subscribers how far along it all is.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { makeDirSync } from '../dirs.js';
import { join } from 'node:path';
import { modelSpecSchema, normalizeModelSpec, parseModelSpec, trainSpecSchema, validationSplitAt, type Architecture, type ModelSpec, type TrainSpec } from '../model/spec.js';
import { validate } from '../model/validate.js';
import { UserError, errorMessage } from '../errors.js';
import type { BatchMetrics, EpochMetrics } from '../engine/types.js';
import { ENGINES, type EngineChoice } from '../engine/engines.js';
import { allowHeadlessGl } from '../engine/webgpu/gpu.js';
import { MAX_THREADS } from '../engine/parallel/threads.js';
import { TypedEmitter } from './events.js';
import { readCheckpointFile } from './checkpoint-file.js';
import { appVersion } from './app-version.js';
import type { WorkerInput, WorkerMessage, WorkerPhase } from './protocol.js';
import { RESUMABLE, type BatchPoint, type GroupKind, type RunGroup, type RunRecord, type RunStore } from './store.js';

export interface RunRequest {
  model: ModelSpec;
  train: TrainSpec;
  name?: string;
  tags?: string[];
  notes?: string;
  groupId?: string | null;
  parentId?: string | null;
  /**
   * Threads this run trains on (a runtime choice, not stored; 1..64). A run that names its threads shares the
   * machine: the queue starts it beside others while the threads of the runs at once fit the cores. A run
   * without it trains on the queue's threads and counts as taking every core.
   */
  threads?: number;
}

export interface RunProgress {
  runId: string;
  phase: WorkerPhase | 'queued';
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Share of this run's training batches done, 0…1. */
  fraction: number;
  examplesPerSec: number | null;
  /** Estimated ms left for this run / for everything queued (null until measured). */
  etaMs: number | null;
  queueEtaMs: number | null;
}

export interface QueueState {
  running: string[];
  queued: string[];
  etaMs: number | null;
}

export interface QueueEvents {
  /** A run entered the queue (new, resumed or re-run). */
  queued: [{ runId: string; run: RunRecord }];
  /** The worker loaded the data and built the model; the run is `running`. */
  started: [{ runId: string; run: RunRecord }];
  phase: [{ runId: string; phase: WorkerPhase; fraction: number | null; detail: string | null }];
  batch: [{ runId: string; metrics: BatchMetrics; progress: RunProgress }];
  epoch: [{ runId: string; metrics: EpochMetrics; progress: RunProgress }];
  /** The run reached a final status (finished, failed, cancelled). */
  finished: [{ runId: string; run: RunRecord }];
  queue: [QueueState];
  /** Something went wrong outside a run's own failure (e.g. the store refused a write). */
  error: [{ runId: string | null; message: string }];
}

export interface RunQueueOptions {
  /** Folder with the IMDB files (main/data resolveDataDir()). */
  dataDir: string;
  /**
   * Most runs trained at once (default: as many as the cores allow). Runs that name their threads start
   * beside each other while their threads add up to at most `cores`; any other run takes the machine alone.
   */
  concurrency?: number;
  /** The threads budget for runs at once (default: the machine's cores). */
  cores?: number;
  /** Keep every epoch's checkpoint, or only the newest (default 'last', saves disk). */
  keepCheckpoints?: 'last' | 'all';
  /** Batch metrics are written at least this often (ms) and every flushEvery points. */
  flushMs?: number;
  flushEvery?: number;
  /** Grace period after a cancel before the worker is terminated outright. */
  cancelGraceMs?: number;
  /**
   * Threads each run trains on, 1..64 (a runtime choice, not stored in the run's settings; the run's device
   * records what it got). Default: RECURRENT_LAB_THREADS, else every core.
   */
  threads?: number;
  /** The engine runs train on (createModel's choice; default auto). A runtime choice like threads. */
  engine?: EngineChoice;
}

interface Job {
  runId: string;
  request: { model: ModelSpec; train: TrainSpec };
  /** Threads asked for (undefined: the queue's threads, counted as every core). */
  threads: number | undefined;
  attempt: number;
  resumeFrom: string | null;
  startEpoch: number;
  /** Added to elapsed times so a resumed run's curves continue where they stopped. */
  elapsedOffset: number;
  stopFlag: SharedArrayBuffer;
  cancelRequested: boolean;
  worker: Worker | null;
  settled: boolean;
  phase: WorkerPhase | 'queued';
  batchesPerEpoch: number;
  trainExamples: number;
  batchesDone: number;
  firstBatchAt: number | null;
  startedAt: number;
  buffer: BatchPoint[];
  flushTimer: NodeJS.Timeout | null;
  killTimer: NodeJS.Timeout | null;
  last: RunProgress | null;
  resolve: (r: RunRecord) => void;
  /** When the run's record is gone (deleted by another process), waiters get an error, not undefined. */
  reject: (e: Error) => void;
  done: Promise<RunRecord>;
}

/** Engines whose runs may share the machine by threads: ours on the CPU (auto resolves to it for such runs). */
function sharesCpu(engine: EngineChoice): boolean {
  return engine === 'cpu' || engine === 'auto';
}

function checkThreads(t: number | undefined): number | undefined {
  if (t !== undefined && (!Number.isInteger(t) || t < 1 || t > MAX_THREADS)) throw new UserError(`threads must be an integer in 1..${MAX_THREADS}, got ${t}`);
  return t;
}

function checkEngine(e: unknown): EngineChoice {
  if (!(ENGINES as readonly unknown[]).includes(e)) throw new UserError(`engine must be one of ${ENGINES.join(', ')}, got "${String(e)}"`);
  return e as EngineChoice;
}

const TERMINAL = new Set(['finished', 'failed', 'cancelled', 'interrupted']);

export class RunQueue {
  readonly events = new TypedEmitter<QueueEvents>();
  private readonly pending: Job[] = [];
  private readonly active = new Map<string, Job>();
  private closed = false;
  /** Latest measured wall ms per training example, for queue ETAs. */
  private msPerExample: number | null = null;
  private readonly opts: Required<Omit<RunQueueOptions, 'threads' | 'engine'>>;
  private readonly threads: number | undefined;
  /** The engine for runs launched from now on (setEngine changes it; running runs keep theirs). */
  engine: EngineChoice;

  constructor(
    readonly store: RunStore,
    options: RunQueueOptions,
  ) {
    const { threads, engine, ...rest } = options;
    this.engine = checkEngine(engine ?? 'auto');
    allowHeadlessGl();
    const cores = rest.cores ?? Math.max(1, Math.min(MAX_THREADS, availableParallelism()));
    this.opts = { concurrency: cores, keepCheckpoints: 'last', flushMs: 250, flushEvery: 100, cancelGraceMs: 15000, ...rest, cores };
    if (!Number.isInteger(this.opts.concurrency) || this.opts.concurrency < 1) throw new UserError('concurrency must be an integer ≥ 1');
    if (!Number.isInteger(cores) || cores < 1) throw new UserError('cores must be an integer ≥ 1');
    if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > 64)) throw new UserError(`threads must be an integer in 1..64, got ${threads}`);
    this.threads = threads;
  }

  /** Validates and queues one run; returns its `queued` record. */
  enqueue(req: RunRequest): RunRecord {
    if (this.closed) throw new UserError('the run queue is closed');
    const { model, train } = checkRunRequest(req);
    const run = this.store.createRun({
      model,
      train,
      appVersion: appVersion(),
      ...(req.name !== undefined ? { name: req.name } : {}),
      ...(req.tags !== undefined ? { tags: req.tags } : {}),
      ...(req.notes !== undefined ? { notes: req.notes } : {}),
      groupId: req.groupId ?? null,
      parentId: req.parentId ?? null,
    });
    this.push(this.newJob(run.id, { model, train }, checkThreads(req.threads), run.attempt, null, 0, 0));
    this.events.emit('queued', { runId: run.id, run });
    this.changed();
    this.pump();
    return run;
  }

  /** Queues several runs as one group (a comparison or a repeated-seed set). */
  enqueueGroup(reqs: RunRequest[], group: { name: string; kind: GroupKind }): { group: RunGroup; runs: RunRecord[] } {
    if (reqs.length === 0) throw new UserError('a group needs at least one run');
    // Validate all first, so a bad member queues nothing.
    for (const r of reqs) checkRunRequest(r);
    const g = this.store.createGroup(group.name, group.kind);
    return { group: g, runs: reqs.map((r) => this.enqueue({ ...r, groupId: g.id })) };
  }

  /** Continues an interrupted/cancelled/failed run from its last epoch checkpoint (same run id, curves continue). */
  resume(id: string, opts: { threads?: number } = {}): RunRecord {
    if (this.closed) throw new UserError('the run queue is closed');
    const threads = checkThreads(opts.threads);
    const run = this.store.getRun(id);
    if (this.active.has(run.id) || this.pending.some((j) => j.runId === run.id)) throw new UserError(`run ${run.id} is already queued or running`, 'bad_state');
    if (run.status === 'finished') throw new UserError(`run ${run.id} already finished; re-run it to train again with the same settings`, 'bad_state');
    const resumable = RESUMABLE.includes(run.status);
    const ck = this.store.lastCheckpoint(run.id);
    const usable = ck && ck.epoch !== null && existsSync(ck.path) ? ck : null;
    // A damaged checkpoint is refused (naming the file) before anything about the run changes.
    if (resumable && usable) readCheckpointFile(usable.path);
    const fromEpoch = usable?.epoch ?? 0;
    const offset = this.store.epochSeries([run.id])[0]?.epochs.find((e) => e.epoch === fromEpoch)?.elapsedMs ?? 0;
    // The claim: refused (nothing changed, the error names the holder) when another process holds the run, or
    // resumed or trained it since it was read above.
    const queued = this.store.beginResume(run.id, fromEpoch, { attempt: run.attempt, epochsDone: run.epochsDone });
    this.push(this.newJob(run.id, { model: run.model, train: run.train }, threads, queued.attempt, usable?.path ?? null, fromEpoch, offset));
    this.events.emit('queued', { runId: run.id, run: queued });
    this.changed();
    this.pump();
    return queued;
  }

  /** A new run with the same settings, linked to the original as its parent. */
  rerun(id: string): RunRecord {
    const r = this.store.getRun(id);
    return this.enqueue({ model: r.model, train: r.train, name: `${r.name} (re-run)`, tags: r.tags, groupId: r.groupId, parentId: r.id });
  }

  /**
   * Cancels a queued run (→ cancelled) or a running one (stops after the current batch; the run keeps
   * its logged metrics and checkpoints and becomes `cancelled`). Returns false when the run is not in this queue.
   */
  cancel(id: string): boolean {
    const runId = this.store.resolveId(id);
    const i = this.pending.findIndex((j) => j.runId === runId);
    if (i >= 0) {
      const [job] = this.pending.splice(i, 1);
      if (job) {
        this.store.setStatus(runId, 'cancelled', null);
        this.settle(job);
      }
      this.changed();
      return true;
    }
    const job = this.active.get(runId);
    if (!job) return false;
    job.cancelRequested = true;
    Atomics.store(new Int32Array(job.stopFlag), 0, 1);
    // A worker busy somewhere that never polls the flag (e.g. loading data) is stopped outright.
    job.killTimer ??= setTimeout(() => {
      if (!job.settled) void job.worker?.terminate();
    }, this.opts.cancelGraceMs);
    return true;
  }

  cancelAll(): void {
    for (const j of [...this.pending]) this.cancel(j.runId);
    for (const id of [...this.active.keys()]) this.cancel(id);
  }

  state(): QueueState {
    return { running: [...this.active.keys()], queued: this.pending.map((j) => j.runId), etaMs: this.queueEta() };
  }

  /** Progress of a run in this queue, or null. */
  progress(id: string): RunProgress | null {
    const j = this.active.get(id) ?? this.pending.find((p) => p.runId === id);
    return j ? (j.last ?? this.progressOf(j)) : null;
  }

  /** Resolves with the run's final record once it leaves the queue. */
  wait(id: string): Promise<RunRecord> {
    const runId = this.store.resolveId(id);
    const j = this.active.get(runId) ?? this.pending.find((p) => p.runId === runId);
    if (j) return j.done;
    const r = this.store.getRun(runId);
    if (TERMINAL.has(r.status)) return Promise.resolve(r);
    return Promise.reject(new UserError(`run ${runId} is not in this queue`, 'bad_state'));
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.active.size > 0 || this.pending.length > 0) {
      const jobs = [...this.active.values(), ...this.pending];
      await Promise.all(jobs.map((j) => j.done.catch(() => undefined)));
    }
  }

  /** Cancels everything and waits for the workers to stop. The store stays open (its owner closes it). */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelAll();
    await this.idle();
  }

  // ---- internals ----

  private newJob(
    runId: string, request: Job['request'], threads: number | undefined, attempt: number, resumeFrom: string | null, startEpoch: number, elapsedOffset: number,
  ): Job {
    let resolve!: (r: RunRecord) => void;
    let reject!: (e: Error) => void;
    const done = new Promise<RunRecord>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    done.catch(() => undefined); // reported to whoever waits; never an unhandled rejection
    return {
      runId, request, threads, attempt, resumeFrom, startEpoch, elapsedOffset,
      stopFlag: new SharedArrayBuffer(4), cancelRequested: false, worker: null, settled: false, phase: 'queued',
      batchesPerEpoch: 0, trainExamples: request.train.limitTrain ?? 25000, batchesDone: 0, firstBatchAt: null, startedAt: 0,
      buffer: [], flushTimer: null, killTimer: null, last: null, resolve, reject, done,
    };
  }

  private push(job: Job): void {
    this.pending.push(job);
  }

  private changed(): void {
    this.events.emit('queue', this.state());
  }

  /**
   * Cores a job counts for: the threads it named, else the whole machine. Only CPU runs share: a run that may
   * train on the GPU (engine webgpu or tfjs-node) takes the machine alone whatever it named.
   */
  private coresOf(job: Job): number {
    return job.threads === undefined || !sharesCpu(this.engine) ? this.opts.cores : Math.min(job.threads, this.opts.cores);
  }

  /**
   * Starts queued runs in order while they fit: always one when nothing runs; beside others only while the
   * running runs' threads plus its own stay within the cores (runs × threads ≤ cores) and under `concurrency`.
   */
  private pump(): void {
    while (!this.closed && this.pending.length > 0 && this.active.size < this.opts.concurrency) {
      const next = this.pending[0] as Job;
      const used = [...this.active.values()].reduce((s, j) => s + this.coresOf(j), 0);
      if (this.active.size > 0 && used + this.coresOf(next) > this.opts.cores) return;
      this.pending.shift();
      this.launch(next);
    }
  }

  private launch(job: Job): void {
    this.active.set(job.runId, job);
    job.startedAt = Date.now();
    job.phase = 'loading-data';
    const runDir = join(this.store.info.artifactsDir, job.runId);
    const threads = job.threads ?? this.threads;
    try {
      makeDirSync(runDir, 'the run folder');
      const input: WorkerInput = {
        runId: job.runId,
        model: job.request.model,
        train: job.request.train,
        dataDir: this.opts.dataDir,
        runDir,
        attempt: job.attempt,
        resumeFrom: job.resumeFrom,
        stopFlag: job.stopFlag,
        ...(threads === undefined ? {} : { threads }),
        // Dawn must not live in several worker threads at once (they crash the process when one ends), so a run
        // that shares the machine does not probe the GPU: auto means our CPU engine for it.
        engine: job.threads !== undefined && this.engine === 'auto' ? 'cpu' : this.engine,
      };
      const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: input });
      job.worker = w;
      w.on('message', (m: WorkerMessage) => this.onMessage(job, m));
      w.on('error', (e) => this.fail(job, `training worker crashed: ${errorMessage(e)}`));
      w.on('exit', (code) => {
        if (!job.settled) this.fail(job, job.cancelRequested ? null : `training worker exited unexpectedly (code ${code})`);
      });
    } catch (e) {
      this.fail(job, `could not start training: ${errorMessage(e)}`);
    }
    this.changed();
  }

  private onMessage(job: Job, m: WorkerMessage): void {
    if (job.settled) return;
    try {
      switch (m.type) {
        case 'phase':
          job.phase = m.phase;
          this.events.emit('phase', { runId: job.runId, phase: m.phase, fraction: m.fraction, detail: m.detail ?? null });
          break;
        case 'started': {
          job.batchesPerEpoch = m.batchesPerEpoch;
          job.trainExamples = m.trainExamples;
          const run = this.store.startRun(job.runId, {
            device: m.device,
            dataSource: m.dataSource,
            dataPath: m.dataPath,
            dataFingerprint: m.dataFingerprint,
            params: m.params,
          });
          this.events.emit('started', { runId: job.runId, run });
          break;
        }
        case 'batch': {
          const b = { ...m.m, elapsedMs: m.m.elapsedMs + job.elapsedOffset };
          job.batchesDone++;
          job.firstBatchAt ??= Date.now();
          job.buffer.push({ ...b, batches: m.m.batches });
          if (job.buffer.length >= this.opts.flushEvery) this.flush(job);
          else job.flushTimer ??= setTimeout(() => this.flush(job), this.opts.flushMs);
          const progress = this.progressOf(job, b);
          this.events.emit('batch', { runId: job.runId, metrics: b, progress });
          break;
        }
        case 'epoch': {
          this.flush(job);
          const e = { ...m.m, elapsedMs: m.m.elapsedMs + job.elapsedOffset };
          this.store.appendEpoch(
            job.runId,
            { epoch: e.epoch, loss: e.loss, accuracy: e.accuracy, valLoss: e.valLoss, valAccuracy: e.valAccuracy, examplesPerSec: e.examplesPerSec, elapsedMs: e.elapsedMs },
            m.checkpoint ? { kind: 'checkpoint', path: m.checkpoint.path, bytes: m.checkpoint.bytes, epoch: e.epoch } : undefined,
          );
          if (m.checkpoint && this.opts.keepCheckpoints === 'last') {
            for (const a of this.store.listArtifacts(job.runId, 'checkpoint')) if (a.path !== m.checkpoint.path) this.store.removeArtifact(a.id);
          }
          this.events.emit('epoch', { runId: job.runId, metrics: e, progress: this.progressOf(job) });
          break;
        }
        case 'done': {
          this.flush(job);
          if (m.test) this.store.setTestMetrics(job.runId, m.test);
          if (m.weights) this.store.addArtifact(job.runId, { kind: 'weights', path: m.weights.path, bytes: m.weights.bytes, epoch: m.weights.epoch });
          const status = m.stopReason === 'cancelled' || job.cancelRequested && !m.test ? 'cancelled' : m.stopReason === 'diverged' ? 'failed' : 'finished';
          const run = this.store.endRun(job.runId, {
            status,
            error: status === 'failed' ? (m.message ?? 'training diverged (loss became NaN or infinite)') : null,
            stopReason: m.stopReason,
            msPerStep: Number.isFinite(m.msPerStep) ? m.msPerStep : null,
            trainMs: Date.now() - job.startedAt,
          });
          this.settle(job, run);
          break;
        }
        case 'error':
          this.fail(job, m.message);
          break;
      }
    } catch (e) {
      // The store refused a write (disk full, locked…): stop training rather than lose metrics silently.
      this.events.emit('error', { runId: job.runId, message: errorMessage(e) });
      this.fail(job, `could not record the run: ${errorMessage(e)}`);
    }
  }

  private flush(job: Job): void {
    if (job.flushTimer) {
      clearTimeout(job.flushTimer);
      job.flushTimer = null;
    }
    if (job.buffer.length === 0) return;
    const points = job.buffer;
    job.buffer = [];
    try {
      this.store.appendBatches(job.runId, points);
    } catch (e) {
      if (!job.settled) {
        this.events.emit('error', { runId: job.runId, message: errorMessage(e) });
        this.fail(job, `could not record batch metrics: ${errorMessage(e)}`);
      }
    }
  }

  /** Ends a job that did not report `done`: failed (message) or cancelled (message null). */
  private fail(job: Job, message: string | null): void {
    if (job.settled) return;
    Atomics.store(new Int32Array(job.stopFlag), 0, 1);
    if (job.buffer.length > 0) {
      const points = job.buffer;
      job.buffer = [];
      try {
        this.store.appendBatches(job.runId, points);
      } catch {
        /* already reporting a store failure */
      }
    }
    let run: RunRecord | undefined;
    try {
      run = this.store.endRun(job.runId, message === null ? { status: 'cancelled' } : { status: 'failed', error: message, trainMs: Date.now() - job.startedAt });
    } catch (e) {
      this.events.emit('error', { runId: job.runId, message: `could not mark run ${job.runId} ${message === null ? 'cancelled' : 'failed'}: ${errorMessage(e)}` });
    }
    void job.worker?.terminate();
    this.settle(job, run);
  }

  private settle(job: Job, run?: RunRecord): void {
    if (job.settled) return;
    job.settled = true;
    if (job.flushTimer) clearTimeout(job.flushTimer);
    if (job.killTimer) clearTimeout(job.killTimer);
    if (job.worker) {
      const w = job.worker;
      // Let the worker end on its own; make sure it does.
      setTimeout(() => void w.terminate(), 1000).unref();
    }
    this.active.delete(job.runId);
    let final = run;
    if (!final) {
      try {
        final = this.store.getRun(job.runId);
      } catch {
        final = undefined;
      }
    }
    if (final) {
      this.events.emit('finished', { runId: job.runId, run: final });
      job.resolve(final);
    } else job.reject(new UserError(`run ${job.runId} is gone from the run store (deleted by another process?); its training was stopped`, 'unknown_run'));
    this.changed();
    this.pump();
  }

  private progressOf(job: Job, b?: BatchMetrics): RunProgress {
    const epochs = job.request.train.epochs;
    const batches = job.batchesPerEpoch;
    const total = batches * epochs;
    const doneAll = b ? (b.epoch - 1) * batches + b.batch : batches * (job.last?.epoch ?? job.startEpoch);
    let eta: number | null = null;
    if (job.firstBatchAt !== null && job.batchesDone > 0 && total > 0) {
      const msPerBatch = (Date.now() - job.firstBatchAt) / job.batchesDone;
      eta = Math.max(0, total - doneAll) * msPerBatch;
      this.msPerExample = msPerBatch / job.request.train.batchSize;
    }
    const p: RunProgress = {
      runId: job.runId,
      phase: job.phase,
      epoch: b?.epoch ?? job.last?.epoch ?? job.startEpoch,
      epochs,
      batch: b?.batch ?? 0,
      batches,
      fraction: total > 0 ? Math.min(1, doneAll / total) : 0,
      examplesPerSec: b?.examplesPerSec ?? job.last?.examplesPerSec ?? null,
      etaMs: eta,
      queueEtaMs: null,
    };
    job.last = p;
    p.queueEtaMs = this.queueEta();
    return p;
  }

  private queueEta(): number | null {
    let sum = 0;
    for (const j of this.active.values()) {
      if (j.last?.etaMs == null) return null;
      sum += j.last.etaMs;
    }
    if (this.pending.length > 0) {
      if (this.msPerExample === null) return null;
      for (const j of this.pending) sum += this.msPerExample * j.trainExamples * Math.max(0, j.request.train.epochs - j.startEpoch);
    }
    // Runs side by side (each measured at its own, shared speed) finish the total that many times sooner.
    return sum / Math.max(1, this.active.size);
  }
}

/** Validates a request's settings (UserError naming the bad field) and normalises the layer count. */
export function checkRunRequest(req: RunRequest): { model: ModelSpec; train: TrainSpec } {
  if (typeof req !== 'object' || req === null) throw new UserError('a run request needs model and train settings');
  checkThreads(req.threads);
  const model = normalizeModelSpec(validate(modelSpecSchema, req.model, 'model settings'));
  const train = validate(trainSpecSchema, req.train, 'training settings');
  // A held-out part that leaves nothing to train or validate on is refused before the run is queued.
  if (train.validationSplit !== null) {
    try {
      validationSplitAt(train.limitTrain ?? 25000, train.validationSplit);
    } catch (e) {
      throw new UserError(`invalid training settings: ${(e as Error).message}`);
    }
  }
  return { model, train };
}

/** The same settings trained with several architectures (e.g. LSTM vs GRU vs BiLSTM). */
export function architectureGroup(base: RunRequest, archs: Architecture[]): RunRequest[] {
  return archs.map((arch) => ({ ...base, model: parseModelSpec({ ...base.model, arch }) }));
}

/** One configuration repeated with N seeds. */
export function seedGroup(base: RunRequest, seeds: number[]): RunRequest[] {
  return seeds.map((seed) => ({ ...base, train: { ...base.train, seed } }));
}
