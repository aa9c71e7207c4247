// Shared by the run commands (train, runs, show, compare, resume, delete): opening the store from
// --db / RECURRENT_LAB_DB, turning train flags into a RunRequest, and showing progress while a run trains.
import type { CliIO } from '../cli/io.js';
import { engineFlag, flag, str, threadsFlag, type Options, type Parsed } from '../cli/args.js';
import { settingOptions, withSettingFlags } from '../cli/settings.js';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defaultDbPath } from '../paths.js';
import { UserError, isUserError } from '../errors.js';
import { DEFAULT_LR, TUTORIAL_MODEL, TUTORIAL_TRAIN, type OptimizerName } from '../model/spec.js';
import { MODEL_SETTINGS, SETTINGS, TRAIN_SETTINGS } from '../model/spec-settings.js';
import { downloadData, findSource } from '../data/index.js';
import { openStore, type RunRecord, type RunStore } from './store.js';
import type { RunQueue, RunQueueOptions, RunRequest, RunProgress } from './queue.js';

export const DB_OPTION: Options = { db: { type: 'string' } };
/**
 * --threads N and --engine E: how many threads train and on which engine (choices of this process, not
 * among the run's settings; the run's device records what it got).
 */
export const THREADS_OPTION: Options = { threads: { type: 'string' }, engine: { type: 'string' } };

/** The run queue's options from --threads (validated: 1..64), --engine and the data folder. */
export function queueOptions(p: Parsed, dataDir: string): RunQueueOptions {
  const threads = threadsFlag(p);
  const engine = engineFlag(p);
  return { dataDir, ...(threads === undefined ? {} : { threads }), ...(engine === undefined ? {} : { engine }) };
}

/**
 * Opens the store named by --db, else RECURRENT_LAB_DB, else the app's default database.
 * - 'read' (runs, show, compare, export): the database must exist; nothing is ever created. A read-only file
 *   opens read-only (export then writes its folder but cannot record it).
 * - 'write' (resume, delete, annotate): the database must exist; it is opened for writing.
 * - 'create' (train): a missing database is created — in a folder that exists (a mistyped --db folder is an
 *   error, not a new empty lab), or at the default location, whose folders are made as needed.
 */
export function openCliStore(p: Parsed, io: CliIO, mode: 'read' | 'write' | 'create'): RunStore {
  const flagPath = str(p, 'db');
  const explicit = flagPath ?? io.env.RECURRENT_LAB_DB;
  const path = resolve(explicit ?? defaultDbPath(io.env));
  const named = flagPath !== undefined ? '--db' : 'RECURRENT_LAB_DB';
  if (!existsSync(path)) {
    if (mode !== 'create') {
      throw new UserError(
        `no database at ${path}${explicit !== undefined ? ` (check ${named})` : ''}: nothing has been recorded there yet — \`recurrent-lab train\` creates it`,
        'db_missing',
      );
    }
    const dir = dirname(path);
    if (explicit !== undefined && !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
      throw new UserError(`cannot create a database at ${path}: the folder ${dir} does not exist (check ${named}, or create the folder first)`, 'db_cantopen');
    }
  }
  const t = io.env.RECURRENT_LAB_DB_TIMEOUT_MS;
  const busyTimeoutMs = t !== undefined && /^\d+$/.test(t) ? Number(t) : undefined;
  const base = busyTimeoutMs !== undefined ? { busyTimeoutMs } : {};
  try {
    return openStore(path, base);
  } catch (e) {
    if (mode === 'read' && isUserError(e) && e.code === 'db_readonly') return openStore(path, { ...base, readonly: true });
    throw e;
  }
}

/**
 * Fails before anything is recorded when the data folder holds no IMDB source — except in the app's own
 * default folder (no --data, no RECURRENT_LAB_DATA), where a fresh install fetches the official Keras files
 * once, checksums verified, as the desktop app does.
 */
export async function ensureData(dataDir: string, io?: CliIO, isDefaultDir = false): Promise<void> {
  if (await findSource(dataDir)) return;
  if (isDefaultDir && io) {
    io.err(`no IMDB data yet: downloading the Keras files into ${dataDir}\n`);
    let shown = -1;
    await downloadData(dataDir, {
      onProgress: (d) => {
        const pct = Math.floor(d.fraction * 100);
        if (pct !== shown && (io.isTTY || pct % 10 === 0)) {
          shown = pct;
          io.err(`${io.isTTY ? '\r' : ''}  ${d.file} ${pct}%${io.isTTY ? '' : '\n'}`);
        }
      },
    });
    if (io.isTTY) io.err('\n');
    if (await findSource(dataDir)) return;
  }
  throw new UserError(
    `no IMDB data in ${dataDir} — run \`recurrent-lab data download\` or \`recurrent-lab data import PATH\`, or pass --data DIR`,
    'not_found',
  );
}

/** train's flags: every run setting (generated from the schemas), the runtime choices, and the run's labels. */
export const TRAIN_OPTIONS: Options = {
  ...DB_OPTION,
  ...THREADS_OPTION,
  ...settingOptions(SETTINGS),
  tag: { type: 'string', multiple: true },
  name: { type: 'string' },
  notes: { type: 'string' },
  data: { type: 'string' },
};

/**
 * Tutorial defaults overridden by the flags given (an --optimizer without --learning-rate takes its Keras
 * default rate); validation and normalisation happen when the run is queued (checkRunRequest).
 */
export function trainRequest(p: Parsed): RunRequest {
  const optimizer = str(p, 'optimizer');
  const lr = optimizer !== undefined && Object.hasOwn(DEFAULT_LR, optimizer) ? { learningRate: DEFAULT_LR[optimizer as OptimizerName] } : {};
  const req: RunRequest = {
    model: withSettingFlags(p, MODEL_SETTINGS, TUTORIAL_MODEL),
    train: withSettingFlags(p, TRAIN_SETTINGS, { ...TUTORIAL_TRAIN, ...lr }),
  };
  const tags = p.values.tag;
  if (Array.isArray(tags)) req.tags = tags;
  const name = str(p, 'name');
  if (name !== undefined) req.name = name;
  const notes = str(p, 'notes');
  if (notes !== undefined) req.notes = notes;
  return req;
}

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '--';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

function bar(fraction: number, width = 24): string {
  const n = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return '[' + '#'.repeat(n) + '.'.repeat(width - n) + ']';
}

/** The `--json` result line of train/resume. */
export function runResult(store: RunStore, run: RunRecord): Record<string, unknown> {
  const epochs = store.epochSeries([run.id])[0]?.epochs ?? [];
  return {
    runId: run.id,
    status: run.status,
    testAccuracy: run.test?.accuracy ?? null,
    testLoss: run.test?.loss ?? null,
    testAuc: run.test?.auc ?? null,
    epochs,
    msPerStep: run.msPerStep,
    bestEpoch: run.bestEpoch,
    error: run.error,
  };
}

/**
 * Waits for a run in the queue, showing a progress bar with ETA on a terminal (stderr) or one line per
 * epoch otherwise. Ctrl-C cancels the run (keeping what was logged).
 */
export async function followRun(queue: RunQueue, runId: string, io: CliIO, json: boolean): Promise<RunRecord> {
  const tty = io.isTTY && !json;
  let lastDraw = 0;
  let lastPhase = '';
  const draw = (p: RunProgress, loss: number, acc: number) => {
    const t = Date.now();
    if (t - lastDraw < 100) return;
    lastDraw = t;
    io.err(
      `\r${bar(p.fraction)} epoch ${p.epoch}/${p.epochs} batch ${p.batch}/${p.batches} loss ${loss.toFixed(4)} acc ${acc.toFixed(4)} ETA ${formatDuration(p.etaMs)}   `,
    );
  };
  const offs = [
    queue.events.on('phase', (e) => {
      if (e.runId !== runId || e.phase === lastPhase) return;
      lastPhase = e.phase;
      if (e.phase !== 'training' && !json) io.err(`${tty ? '\r' : ''}${e.phase}…${tty ? '          ' : '\n'}`);
    }),
    queue.events.on('batch', (e) => {
      if (e.runId === runId && tty) draw(e.progress, e.metrics.loss, e.metrics.accuracy);
    }),
    queue.events.on('epoch', (e) => {
      if (e.runId !== runId) return;
      const m = e.metrics;
      const val = m.valLoss !== null ? ` val_loss ${m.valLoss.toFixed(4)} val_acc ${(m.valAccuracy ?? NaN).toFixed(4)}` : '';
      io.err(`${tty ? '\r' : ''}epoch ${m.epoch}/${e.progress.epochs} loss ${m.loss.toFixed(4)} acc ${m.accuracy.toFixed(4)}${val} (${formatDuration(m.elapsedMs)})${tty ? '                    ' : ''}\n`);
    }),
  ];
  const onSigint = () => {
    io.err('\ncancelling (the partial run is kept)…\n');
    queue.cancel(runId);
  };
  const isProcess = io.env === process.env;
  if (isProcess) process.on('SIGINT', onSigint);
  try {
    return await queue.wait(runId);
  } finally {
    if (tty) io.err('\r' + ' '.repeat(100) + '\r');
    for (const off of offs) off();
    if (isProcess) process.off('SIGINT', onSigint);
  }
}

export function exitCodeFor(run: RunRecord): number {
  return run.status === 'finished' ? 0 : run.status === 'cancelled' ? 130 : 1;
}

export function jsonFlag(p: Parsed): boolean {
  return flag(p, 'json');
}
