// `recurrent-lab sweep`: search a space of run settings (random, grid or ASHA), every trial an ordinary run
// validated on a held-out part of the training reviews; `sweep --resume ID` continues a stored sweep.
import { readFileSync } from 'node:fs';
import type { CliCommand } from '../command.js';
import { parseFlags, flag, num, str, type Options, type Parsed } from '../args.js';
import { oneLine, printJson, type CliIO } from '../io.js';
import { UserError, errorMessage } from '../../errors.js';
import { resolveDataDir } from '../../data/index.js';
import { RunQueue } from '../../runs/queue.js';
import { SETTINGS, type SettingKey } from '../../model/spec-settings.js';
import { DEFAULT_SPACE } from '../../model/sweep-space.js';
import { settingFlag } from '../settings.js';
import { DB_OPTION, THREADS_OPTION, TRAIN_OPTIONS, ensureData, openCliStore, queueOptions, trainRequest } from '../../runs/cli-support.js';
import { DEFAULT_VALIDATION_SPLIT, planSweep, type SweepRequest } from '../../sweeps/plan.js';
import { SweepRunner } from '../../sweeps/runner.js';
import { sweepStoreFor, type SweepRecord } from '../../sweeps/store.js';
import { leaderboard } from '../../sweeps/leaderboard.js';
import { configText, leaderboardText, sweepJson } from '../../sweeps/cli-text.js';
import { TRIAL_STATUS_TEXT } from '../../model/sweep-kinds.js';

const SWEEP_FLAGS: Options = {
  space: { type: 'string' },
  trials: { type: 'string' },
  'budget-minutes': { type: 'string' },
  scheduler: { type: 'string' },
  eta: { type: 'string' },
  'min-epochs': { type: 'string' },
  rungs: { type: 'string' },
  parallel: { type: 'string' },
  'sweep-seed': { type: 'string' },
  resume: { type: 'string' },
};
// Every train flag but the run labels (a trial's name, tag and group are the sweep's).
const TRAIN_FLAGS: Options = Object.fromEntries(Object.entries(TRAIN_OPTIONS).filter(([k]) => k !== 'tag' && k !== 'notes'));
const OPTIONS: Options = { ...TRAIN_FLAGS, ...SWEEP_FLAGS };

function readSpace(path: string | undefined): unknown {
  if (path === undefined) return DEFAULT_SPACE;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read the space file --space ${path}: ${errorMessage(e)}`, 'not_found');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UserError(`the space file ${path} is not JSON: ${errorMessage(e)}`);
  }
}

function rungsFlag(p: Parsed): number[] | null {
  const v = str(p, 'rungs');
  if (v === undefined) return null;
  return v.split(',').map((w) => {
    const n = Number(w.trim());
    if (w.trim() === '' || !Number.isInteger(n)) throw new UserError(`--rungs must list whole epochs, e.g. 1,2,4, got "${v}"`);
    return n;
  });
}

/** The sweep as the flags describe it; checked completely by planSweep before anything is stored. */
function sweepRequest(p: Parsed): SweepRequest {
  const fixed = SETTINGS.filter((s) => settingFlag(p, s) !== undefined).map((s) => s.key) as SettingKey[];
  const base = trainRequest(p);
  if (!fixed.includes('validationSplit')) base.train = { ...base.train, validationSplit: DEFAULT_VALIDATION_SPLIT };
  const scheduler = str(p, 'scheduler') ?? 'random';
  const trials = num(p, 'trials') ?? null;
  const budgetMinutes = num(p, 'budget-minutes', false) ?? null;
  const eta = num(p, 'eta') ?? 3;
  if (scheduler !== 'asha') {
    const asha = ['eta', 'min-epochs', 'rungs'].filter((f) => str(p, f) !== undefined);
    if (asha.length > 0) throw new UserError(`--${asha[0]} is for --scheduler asha only`);
  }
  return {
    ...(str(p, 'name') !== undefined ? { name: str(p, 'name') as string } : {}),
    space: readSpace(str(p, 'space')),
    scheduler,
    trials,
    budgetMinutes,
    seed: num(p, 'sweep-seed') ?? 1,
    parallel: num(p, 'parallel') ?? 1,
    eta,
    minEpochs: num(p, 'min-epochs') ?? 1,
    rungs: rungsFlag(p),
    base,
    fixed,
  };
}

const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? '-' : (v * 100).toFixed(2) + '%');

/** One line per trial event and ASHA decision on stderr (stdout keeps the result). */
function narrate(runner: SweepRunner, queue: RunQueue, io: CliIO): () => void {
  const offs = [
    runner.events.on('trial', ({ trial: t }) => {
      if (t.status === 'stopped') return; // the rung line says it
      const what = t.status === 'queued' ? `queued as run ${t.runId ?? '-'}: ${configText(t.config)}` : TRIAL_STATUS_TEXT[t.status];
      io.err(`trial #${t.index + 1} ${what}${t.error ? ` — ${oneLine(t.error)}` : ''}\n`);
    }),
    runner.events.on('rung', ({ result: r }) => {
      io.err(`trial #${r.index + 1} rung epoch ${r.rung}: val acc ${pct(r.value)} → ${r.decision === 'stop' ? 'stopped by ASHA' : 'continues'}\n`);
    }),
    queue.events.on('epoch', (e) => {
      const m = e.metrics;
      io.err(`  run ${e.runId} epoch ${m.epoch}/${e.progress.epochs} loss ${m.loss.toFixed(4)} val_acc ${pct(m.valAccuracy)}\n`);
    }),
  ];
  return () => offs.forEach((off) => off());
}

export const sweepCommand: CliCommand = {
  name: 'sweep',
  summary: 'search run settings (random, grid or ASHA) on a held-out part of the training data',
  usage: `Usage: recurrent-lab sweep [--space FILE] [--scheduler random|grid|asha] [--trials N] [--budget-minutes M]
  [--parallel N] [--sweep-seed S] [--eta 3] [--min-epochs 1 | --rungs 1,3] [--name NAME] [TRAIN SETTINGS]
  [--threads N] [--engine E] [--data DIR] [--db FILE] [--json]
       recurrent-lab sweep --resume SWEEP [--threads N] [--engine E] [--data DIR] [--db FILE] [--json]
Trains trials (each an ordinary run, in the sweep's run group) with settings drawn from a search space and
ranks them by validation accuracy on the held-out last part of the training reviews (--validation-split,
default ${DEFAULT_VALIDATION_SPLIT}); test accuracy is computed at each trial's end and stored, but never used to choose.
--space FILE: a JSON object of setting → list of values, or a range {"min": X, "max": Y, "scale": "log"}, e.g.
  {"arch": ["lstm", "gru"], "units": [32, 64], "learningRate": {"min": 0.0003, "max": 0.003, "scale": "log"}}.
  Without it the default space (architectures incl. stacked and bidirectional, heads, units, embedding dim,
  dropout, recurrent dropout, learning rate, batch size, maxlen, num_words, mask_zero, optimizer).
Every train setting given as a flag (see \`recurrent-lab train --help\`) fixes it for all trials and takes it
out of the space; --epochs is the most a trial trains (default 5); --seed the trials' training seed.
--scheduler random (default): draws from the space; grid: every combination of the listed values, in an
  order shuffled by --sweep-seed; asha: random draws, stopped early by asynchronous successive halving —
  at each rung (epochs min·η^k below --epochs, or --rungs) a trial goes on only if its validation accuracy
  is in the top 1/η of those recorded there (--eta, default 3; --min-epochs, default 1).
--trials N: most trials to start; --budget-minutes M: wall time, after which trials in flight stop (their
  epochs are kept). random and asha need at least one; grid ends with its grid.
--parallel N: trials queued at once (default 1). A trial that fails is recorded as failed and the sweep goes
on. Ctrl-C cancels the sweep (resumable); --resume SWEEP continues an interrupted or cancelled sweep: its
cancelled trials continue from their last checkpoint and the samplers draw the configurations they would have.
With --json the last line of stdout is {sweepId, trials: [{runId, config, valAccuracy, epochs, status}], best}.`,
  async run(argv, io) {
    const p = parseFlags(argv, OPTIONS);
    const json = flag(p, 'json');
    const resumeId = str(p, 'resume');
    const allowedWithResume = new Set(['resume', 'json', ...Object.keys(DB_OPTION), ...Object.keys(THREADS_OPTION), 'data']);
    if (resumeId !== undefined) {
      const extra = Object.keys(p.values).filter((k) => p.values[k] !== undefined && !allowedWithResume.has(k));
      if (extra.length > 0) throw new UserError(`--resume continues a sweep with its own settings: --${extra[0]} cannot be given with it`);
    }
    // Everything is checked before the data, the database or any run is touched.
    const plan = resumeId === undefined ? planSweep(sweepRequest(p)) : null;
    const dataDir = resolveDataDir(str(p, 'data'), io.env);
    const queueOpts = queueOptions(p, dataDir);
    await ensureData(dataDir, io, !str(p, 'data') && !io.env.RECURRENT_LAB_DATA);
    const store = openCliStore(p, io, plan ? 'create' : 'write');
    const queue = new RunQueue(store, queueOpts);
    let runner: SweepRunner | null = null;
    const onSigint = () => {
      io.err('\ncancelling the sweep (trials keep what they logged; resume it with sweep --resume)…\n');
      runner?.cancel();
    };
    const isProcess = io.env === process.env;
    if (isProcess) process.on('SIGINT', onSigint);
    try {
      const sweeps = sweepStoreFor(store);
      runner = plan ? SweepRunner.create(queue, sweeps, plan) : SweepRunner.resume(queue, sweeps, resumeId as string);
      await runner.shareCores();
      const stored = sweeps.getSweep(runner.id);
      if (!json) io.err(intro(stored, plan === null));
      const stopNarrating = json ? () => undefined : narrate(runner, queue, io);
      let final: SweepRecord;
      try {
        final = await runner.run();
      } finally {
        stopNarrating();
      }
      const board = leaderboard(store, sweeps, final.id);
      if (json) printJson(io, sweepJson(board));
      else io.out(leaderboardText(board));
      return final.status === 'finished' ? 0 : final.status === 'cancelled' ? 130 : 1;
    } finally {
      if (isProcess) process.off('SIGINT', onSigint);
      await queue.close();
      store.close();
    }
  },
};

function intro(s: SweepRecord, resumed: boolean): string {
  const st = s.settings;
  const budget = [st.trials !== null ? `${st.trials} trials` : '', st.budgetMinutes !== null ? `${st.budgetMinutes} min` : ''].filter(Boolean).join(', ') || 'the whole grid';
  const asha = st.scheduler === 'asha' ? `, rungs at epochs ${st.rungs.join(', ')}, η = ${st.eta}` : '';
  return `${resumed ? 'resuming' : 'sweep'} ${s.id} "${oneLine(s.name)}": ${st.scheduler}${asha}, budget ${budget}, up to ${s.base.train.epochs} epochs a trial\n` +
    `validating on the last ${s.base.train.validationSplit} of the training reviews; test accuracy is not used during the search\n`;
}
