// `recurrent-lab study`: architectures × seeds on shared settings, trained as one stored study, then the
// answer to "is this difference real?" — per architecture mean ± 95% CI, per pair Welch's test (Holm-adjusted)
// with McNemar on matched seeds, one sentence each. Also `study list|show|resume|delete`.
import { availableParallelism } from 'node:os';
import type { CliCommand } from '../command.js';
import { parseFlags, flag, num, str, threadsFlag, type Parsed } from '../args.js';
import { oneLine, printJson, type CliIO } from '../io.js';
import { UserError } from '../../errors.js';
import { resolveDataDir } from '../../data/index.js';
import { RunQueue } from '../../runs/queue.js';
import { ARCHITECTURES, TUTORIAL_TRAIN, type Architecture } from '../../model/spec.js';
import { MODEL_SETTINGS, TRAIN_SETTINGS } from '../../model/spec-settings.js';
import { BOOLEAN_HELP, settingsHelp } from '../settings.js';
import { DB_OPTION, THREADS_OPTION, TRAIN_OPTIONS, ensureData, formatDuration, openCliStore, queueOptions, trainRequest } from '../../runs/cli-support.js';
import type { RunStore } from '../../runs/store.js';
import { STUDY_DEFAULT_SPLIT, STUDY_MAX_SEEDS, archArms, defaultStudyName, seedList, type StudyGrid } from '../../studies/grid.js';
import { confirmArms } from '../../studies/confirm.js';
import { cancelStudy, resumeStudy, startStudy } from '../../studies/control.js';
import { runsShareCores } from '../../runs/share-cores.js';
import { loadStudyProgress, loadStudyResults } from '../../studies/load.js';
import type { StudyResults } from '../../studies/results.js';
import { points } from '../../contract/points.js';
import { checkReportPath, writeStudyReport } from '../../studies/report.js';

const USAGE = `Usage: recurrent-lab study --archs A,B[,…] --seeds N [--first-seed S] [SETTINGS] [--name NAME]
                          [--threads N] [--engine E] [--report FILE.html] [--data DIR] [--db FILE] [--json]
       recurrent-lab study --confirm-sweep SWEEP --seeds N [--first-seed S] [--name NAME] [--report FILE.html] …
       recurrent-lab study list [--db FILE] [--json]
       recurrent-lab study show STUDY [--report FILE.html] [--db FILE] [--json]
       recurrent-lab study resume STUDY [--threads N] [--engine E] [--report FILE.html] [--data DIR] [--db FILE] [--json]
       recurrent-lab study delete STUDY [--db FILE]       (the study goes; its runs stay)
Trains every architecture with seeds S, S+1, … (default: --seed, 113) on the same settings, then reports per
architecture n, mean, sd and 95% CI (Student t) of test accuracy, AUC and training time, and per pair the
difference with its 95% CI and p-value (Welch t across seeds, Holm-adjusted across pairs), McNemar on the
reviews of matched seeds, and a sentence. Architectures: ${ARCHITECTURES.join(', ')}.
--confirm-sweep SWEEP trains the sweep's best trial (its settings on all the reviews, for its best epoch) and the
Keras tutorial, both validated on the sweep's held-out part, N seeds each: does the winner hold? Only
--limit-train/--limit-test may narrow both to a slice; other run settings are refused there.
A study validates on ${STUDY_DEFAULT_SPLIT * 100}% held out of the training data unless --validation-split or
--validation says otherwise, so the test set is used once, at the end. Runs train side by side when the cores
allow (runs × threads ≤ cores); --threads N sets the threads per run. Ctrl-C stops the study (what was logged
stays); \`study resume\` continues it. With --json the last line of stdout is the result.
${settingsHelp('Model settings', MODEL_SETTINGS)}
${settingsHelp('Training settings', TRAIN_SETTINGS)}
${BOOLEAN_HELP}`;

const START_OPTIONS = {
  ...TRAIN_OPTIONS, archs: { type: 'string' }, seeds: { type: 'string' }, 'first-seed': { type: 'string' }, report: { type: 'string' },
  'confirm-sweep': { type: 'string' },
} as const;

function archsFlag(p: Parsed): Architecture[] {
  const v = str(p, 'archs');
  if (v === undefined) throw new UserError(`study needs --archs, e.g. --archs lstm,gru (among ${ARCHITECTURES.join(', ')})`);
  const list = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const a of list) if (!(ARCHITECTURES as readonly string[]).includes(a)) throw new UserError(`--archs: unknown architecture "${a}" (use ${ARCHITECTURES.join(', ')})`);
  if (list.length === 0) throw new UserError('--archs needs at least one architecture');
  if (new Set(list).size !== list.length) throw new UserError('--archs: each architecture once');
  return list as Architecture[];
}

function seedsFlag(p: Parsed, defaultFirst: number): number[] {
  const count = num(p, 'seeds');
  if (count === undefined) throw new UserError('study needs --seeds N (how many seeds per architecture, e.g. 3)');
  if (count < 1 || count > STUDY_MAX_SEEDS) throw new UserError(`--seeds must be in 1..${STUDY_MAX_SEEDS}, got ${count}`);
  const first = num(p, 'first-seed') ?? defaultFirst;
  if (first < 0 || first + count - 1 > 2 ** 31 - 1) throw new UserError('--first-seed: seeds must lie in 0..2^31 − 1');
  return seedList(count, first);
}

/** The grid from the flags: one arm per --archs on train's settings, with the study's default held-out validation. */
function gridFromFlags(p: Parsed): StudyGrid {
  const req = trainRequest(p);
  const seeds = seedsFlag(p, req.train.seed);
  const train = { ...req.train };
  if (p.values['validation-split'] === undefined && p.values['validation'] === undefined) train.validationSplit = STUDY_DEFAULT_SPLIT;
  return { arms: archArms(archsFlag(p), req.model, train), seeds };
}

/** --confirm-sweep takes its arms from the sweep; run settings would contradict them. */
function checkConfirmFlags(p: Parsed): void {
  const allowed = new Set(['confirm-sweep', 'seeds', 'first-seed', 'name', 'report', 'db', 'data', 'threads', 'engine', 'json', 'limit-train', 'limit-test']);
  const extra = Object.keys(p.values).filter((k) => p.values[k] !== undefined && !allowed.has(k));
  if (extra.length > 0) throw new UserError(`--confirm-sweep trains the sweep's winner and the tutorial as they are: drop --${extra.join(', --')}`);
}

function printResults(io: CliIO, r: StudyResults): void {
  const pct = (v: number) => (100 * v).toFixed(2);
  const split = r.study.grid.arms[0]?.train.validationSplit ?? 0;
  const on = { 'held-out': `${split * 100}% held out of training`, test: 'the test set (selected on test)', none: 'nothing', mixed: 'different parts per arm' }[r.validation];
  io.out(`study ${r.study.id} "${oneLine(r.study.name)}": ${r.status}; validated on ${on}\n`);
  io.out('arm                 n   test acc %  sd     95% CI            AUC     train time\n');
  for (const g of r.groups) {
    const a = g.accuracy;
    const ci = a?.ci95 ? `${pct(a.ci95[0])}–${pct(a.ci95[1])}` : '-';
    io.out(
      `${g.label.padEnd(19)} ${String(`${g.accuracies.length}/${g.planned}`).padEnd(4)}${(a ? pct(a.mean) : '-').padEnd(12)}${(a?.sd != null ? pct(a.sd) : '-').padEnd(7)}${ci.padEnd(18)}${(g.auc ? g.auc.mean.toFixed(4) : '-').padEnd(8)}${formatDuration(g.trainMs?.mean ?? null)}\n`,
    );
  }
  for (const pr of r.pairs) {
    io.out(`${pr.sentence}\n`);
    const m = pr.matched.filter((s) => s.pValue !== null);
    if (m.length > 0) io.out(`  McNemar on matched seeds: ${m.map((s) => `seed ${s.seed} ${points(s.accuracyDiff!)} pts, p = ${s.pValue!.toPrecision(2)}`).join('; ')}\n`);
  }
}

async function follow(queue: RunQueue, store: RunStore, studyId: string, runIds: string[], io: CliIO, json: boolean): Promise<void> {
  const total = runIds.length;
  let finished = 0;
  const names = new Map(runIds.map((id) => [id, store.getRun(id).name]));
  const offs = [
    queue.events.on('started', ({ runId }) => {
      if (names.has(runId) && !json) io.err(`  ${names.get(runId)} started (${runId})\n`);
    }),
    queue.events.on('epoch', ({ runId, metrics: m, progress }) => {
      if (!names.has(runId) || json) return;
      const val = m.valAccuracy !== null ? ` val_acc ${m.valAccuracy.toFixed(4)}` : '';
      io.err(`  ${names.get(runId)} epoch ${m.epoch}/${progress.epochs} loss ${m.loss.toFixed(4)}${val}\n`);
    }),
    queue.events.on('finished', ({ runId, run }) => {
      if (!names.has(runId)) return;
      finished++;
      const acc = run.test ? ` test accuracy ${run.test.accuracy.toFixed(4)}` : '';
      io.err(`[${finished}/${total}] ${names.get(runId)} ${run.status}${acc}${run.error ? ` — ${oneLine(run.error)}` : ''}\n`);
    }),
  ];
  const onSigint = () => {
    io.err(`\nstopping the study (what was logged stays; \`recurrent-lab study resume ${studyId}\` continues it)…\n`);
    cancelStudy(queue, store, studyId);
  };
  const isProcess = io.env === process.env;
  if (isProcess) process.on('SIGINT', onSigint);
  try {
    await Promise.all(runIds.map((id) => queue.wait(id)));
  } finally {
    for (const off of offs) off();
    if (isProcess) process.off('SIGINT', onSigint);
  }
}

function report(p: Parsed, io: CliIO, r: StudyResults, store: RunStore, json: boolean): void {
  const file = str(p, 'report');
  if (file === undefined) return;
  const path = writeStudyReport(file, r, store);
  if (!json) io.err(`report written to ${path}\n`);
}

function finish(p: Parsed, io: CliIO, store: RunStore, studyId: string, json: boolean): number {
  const r = loadStudyResults(store, studyId);
  report(p, io, r, store, json);
  if (json) printJson(io, r);
  else printResults(io, r);
  return r.status === 'finished' ? 0 : 1;
}

async function train(p: Parsed, io: CliIO, json: boolean, resumeId: string | null): Promise<number> {
  const confirm = str(p, 'confirm-sweep');
  if (confirm !== undefined) checkConfirmFlags(p);
  let grid = resumeId === null && confirm === undefined ? gridFromFlags(p) : null;
  if (confirm !== undefined) seedsFlag(p, 0); // its seed flags fail before the database opens
  const reportFile = str(p, 'report');
  if (reportFile !== undefined) checkReportPath(reportFile);
  const dataDir = resolveDataDir(str(p, 'data'), io.env);
  const queueOpts = { ...queueOptions(p, dataDir) };
  const threads = threadsFlag(p);
  const cores = availableParallelism();
  const machine = { cores, share: await runsShareCores(queueOpts.engine ?? 'auto'), ...(threads === undefined ? {} : { threads }) };
  if (machine.share) delete queueOpts.threads; // --threads is then per run, given to each run
  await ensureData(dataDir, io, !str(p, 'data') && !io.env.RECURRENT_LAB_DATA);
  const store = openCliStore(p, io, resumeId === null ? 'create' : 'write');
  const queue = new RunQueue(store, queueOpts);
  try {
    let studyId: string, runIds: string[];
    let name = str(p, 'name');
    if (confirm !== undefined) {
      const slice = { ...(num(p, 'limit-train') !== undefined ? { limitTrain: num(p, 'limit-train')! } : {}), ...(num(p, 'limit-test') !== undefined ? { limitTest: num(p, 'limit-test')! } : {}) };
      const c = confirmArms(store, confirm, slice);
      grid = { arms: c.arms, seeds: seedsFlag(p, TUTORIAL_TRAIN.seed) };
      name ??= c.name;
    }
    if (grid) {
      name ??= defaultStudyName(grid.arms.map((a) => a.label), grid.seeds.length);
      const s = startStudy(queue, store, { name, grid, machine });
      [studyId, runIds] = [s.study.id, s.runIds];
      const t = s.threads;
      io.err(`study ${studyId}: ${runIds.length} runs, ${t === undefined ? 'one at a time' : `${t} thread${t === 1 ? '' : 's'} each, up to ${Math.max(1, Math.floor(cores / t))} at once`}\n`);
    } else {
      const s = resumeStudy(queue, store, resumeId!, machine);
      [studyId, runIds] = [s.study.id, s.runIds];
      io.err(runIds.length === 0 ? `study ${studyId} has nothing left to train\n` : `study ${studyId}: resuming ${runIds.length} run${runIds.length === 1 ? '' : 's'}\n`);
    }
    await follow(queue, store, studyId, runIds, io, json);
    return finish(p, io, store, studyId, json);
  } finally {
    await queue.close();
    store.close();
  }
}

export const studyCommand: CliCommand = {
  name: 'study',
  summary: 'architectures × seeds as one study: mean ± 95% CI, Welch tests (Holm), McNemar, verdicts',
  usage: USAGE,
  async run(argv, io) {
    const sub = argv[0];
    if (sub === 'list' || sub === 'show' || sub === 'delete') {
      const p = parseFlags(argv.slice(1), { ...DB_OPTION, ...(sub === 'show' ? { report: { type: 'string' } } : {}) }, true);
      const json = flag(p, 'json');
      const store = openCliStore(p, io, sub === 'delete' ? 'write' : 'read');
      try {
        if (sub === 'list') {
          if (p.positionals.length > 0) throw new UserError('study list takes no arguments');
          const rows = store.listStudies().map((s) => loadStudyProgress(store, s));
          if (json) printJson(io, { studies: rows.map((r) => ({ id: r.study.id, name: r.study.name, createdAt: r.study.createdAt, status: r.status, arms: r.study.grid.arms.map((a) => ({ key: a.key, label: a.label })), seeds: r.study.grid.seeds })) });
          else for (const r of rows) io.out(`${r.study.id}  ${r.status.padEnd(10)} ${r.study.createdAt.slice(0, 16).replace('T', ' ')}  ${oneLine(r.study.name)}\n`);
          return 0;
        }
        const [id, ...extra] = p.positionals;
        if (id === undefined || extra.length > 0) throw new UserError(`study ${sub} needs exactly one STUDY id`);
        if (sub === 'delete') {
          const s = store.getStudy(id);
          store.deleteStudy(s.id);
          if (json) printJson(io, { deleted: s.id });
          else io.out(`study ${s.id} deleted; its runs stay in the run list\n`);
          return 0;
        }
        const r = loadStudyResults(store, id);
        report(p, io, r, store, json);
        if (json) printJson(io, r);
        else printResults(io, r);
        return 0;
      } finally {
        store.close();
      }
    }
    if (sub === 'resume') {
      const p = parseFlags(argv.slice(1), { ...DB_OPTION, ...THREADS_OPTION, data: { type: 'string' }, report: { type: 'string' } }, true);
      const [id, ...extra] = p.positionals;
      if (id === undefined || extra.length > 0) throw new UserError('study resume needs exactly one STUDY id');
      return train(p, io, flag(p, 'json'), id);
    }
    const p = parseFlags(argv, START_OPTIONS);
    return train(p, io, flag(p, 'json'), null);
  },
};
