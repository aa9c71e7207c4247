// `recurrent-lab show RUN`: one run's settings, provenance, epochs, test metrics and files.
import type { CliCommand } from '../command.js';
import { parseFlags, flag } from '../args.js';
import { multiLine, oneLine, printJson } from '../io.js';
import { UserError } from '../../errors.js';
import { DB_OPTION, formatDuration, openCliStore } from '../../runs/cli-support.js';
import { selectedOnTest, validationSource } from '../../model/spec.js';
import { predictionsPath, runPredictions, type TestPredictions } from '../../runs/predictions-file.js';
import { analyzeRun } from '../../analysis/run-analysis.js';
import { DATA_FLAG, cliData, printAnalysis } from '../analysis-output.js';

const f = (v: number | null | undefined, d = 4) => (v === null || v === undefined ? '-' : v.toFixed(d));

export const showCommand: CliCommand = {
  name: 'show',
  summary: "show one run's settings, curves and test metrics",
  usage:
    'Usage: recurrent-lab show RUN [--db FILE] [--json] [--predictions] [--analysis [--data DIR]]   (RUN: an id or a unique prefix of ≥ 4 characters;\n' +
    '  --predictions: with --json, every test review\'s index, label and predicted probability, checksum verified;\n' +
    '  --analysis: accuracy by review length and calibration (reliability bins, Brier, ECE) from the stored predictions\n' +
    '  and the IMDB data the run was evaluated on: --data DIR, else RECURRENT_LAB_DATA or the app data folder)',
  async run(argv, io) {
    const p = parseFlags(argv, { ...DB_OPTION, ...DATA_FLAG, predictions: { type: 'boolean' }, analysis: { type: 'boolean' } }, true);
    const [id, ...extra] = p.positionals;
    if (id === undefined || extra.length > 0) throw new UserError('show needs exactly one RUN id');
    if (p.values.data !== undefined && !flag(p, 'analysis')) throw new UserError('--data goes with --analysis');
    const store = openCliStore(p, io, 'read');
    try {
      const run = store.getRun(id);
      const epochs = store.epochSeries([run.id])[0]?.epochs ?? [];
      const artifacts = store.listArtifacts(run.id);
      const withPredictions = flag(p, 'predictions');
      // Read (and verified) before anything is printed: a damaged file is an error, not half an answer.
      const preds = withPredictions ? runPredictions(store.info.artifactsDir, run.id) : null;
      const analysis = flag(p, 'analysis') ? await analyzeRun(store.info.artifactsDir, run, cliData(p, io).arraysFor) : null;
      if (flag(p, 'json')) {
        printJson(io, {
          run: { ...run, selectedOnTest: selectedOnTest(run.train) },
          epochs,
          artifacts,
          ...(withPredictions ? predictionsJson(run.id, run.status, store.info.artifactsDir, preds) : {}),
          ...(analysis ? { analysis } : {}),
        });
        return 0;
      }
      io.out(`${run.id}  ${oneLine(run.name)}\nstatus ${run.status}${run.error ? ` — ${oneLine(run.error)}` : ''}\n`);
      io.out(`model ${JSON.stringify(run.model)}\ntrain ${JSON.stringify(run.train)}\n`);
      io.out(`data ${run.dataSource ?? '-'} ${run.dataFingerprint ?? ''}  device ${run.device?.description ?? '-'}  app ${run.appVersion}\n`);
      io.out(`params ${run.params ?? '-'}  time ${formatDuration(run.trainMs)}  ms/step ${f(run.msPerStep, 1)}  tags ${run.tags.map(oneLine).join(', ') || '-'}\n`);
      const source = validationSource(run.train);
      const best = source === 'test' ? '  (best, selected on the test set)' : '  (best)';
      io.out(`validated on ${source === 'test' ? 'the test set' : source === 'held-out' ? `the last ${run.train.validationSplit} of the training reviews (held out)` : 'nothing'}\n`);
      for (const e of epochs) {
        io.out(`  epoch ${e.epoch}: loss ${f(e.loss)} acc ${f(e.accuracy)} val_loss ${f(e.valLoss)} val_acc ${f(e.valAccuracy)}${e.epoch === run.bestEpoch ? best : ''}\n`);
      }
      if (run.test) {
        const t = run.test;
        io.out(`test: accuracy ${f(t.accuracy)} loss ${f(t.loss)} AUC ${f(t.auc)}  confusion [tn ${t.tn} fp ${t.fp}; fn ${t.fn} tp ${t.tp}]\n`);
      }
      if (withPredictions) {
        io.out(
          preds
            ? `predictions: ${preds.n} test reviews, ${predictionsPath(store.info.artifactsDir, run.id)} (sha256 ${preds.sha256}; --json lists them)\n`
            : `predictions: none stored (${noneReason(run.status)})\n`,
        );
      }
      if (analysis) printAnalysis(io, analysis);
      for (const a of artifacts) io.out(`  ${a.kind}${a.epoch !== null ? ` (epoch ${a.epoch})` : ''}: ${a.path} ${a.bytes} bytes\n`);
      if (run.notes) io.out(`notes: ${multiLine(run.notes)}\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};

function noneReason(status: string): string {
  return status === 'finished' ? 'the run finished before per-review predictions were stored; `recurrent-lab reevaluate RUN` stores them' : `the run is ${status}`;
}

/** `predictions` for `show --predictions --json`: review i is the i-th review of the IMDB test split. */
function predictionsJson(runId: string, status: string, artifactsDir: string, p: TestPredictions | null): Record<string, unknown> {
  if (!p) return { predictions: null, predictionsNote: `run ${runId} has no stored test predictions (${noneReason(status)})` };
  return {
    predictions: {
      n: p.n,
      dataFingerprint: p.dataFingerprint,
      limitTest: p.limitTest,
      maxLen: p.maxLen,
      numWords: p.numWords,
      path: predictionsPath(artifactsDir, runId),
      sha256: p.sha256,
      threshold: 0.5,
      index: Array.from({ length: p.n }, (_, i) => i),
      label: Array.from(p.labels),
      probability: Array.from(p.probabilities),
    },
    predictionsNote: null,
  };
}
