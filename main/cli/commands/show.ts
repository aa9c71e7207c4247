// `recurrent-lab show RUN`: one run's settings, provenance, epochs, test metrics and files.
import type { CliCommand } from '../command.js';
import { parseFlags, flag } from '../args.js';
import { multiLine, oneLine, printJson } from '../io.js';
import { UserError } from '../../errors.js';
import { DB_OPTION, formatDuration, openCliStore } from '../../runs/cli-support.js';
import { selectedOnTest, validationSource } from '../../model/spec.js';

const f = (v: number | null | undefined, d = 4) => (v === null || v === undefined ? '-' : v.toFixed(d));

export const showCommand: CliCommand = {
  name: 'show',
  summary: "show one run's settings, curves and test metrics",
  usage: 'Usage: recurrent-lab show RUN [--db FILE] [--json]   (RUN: an id or a unique prefix of ≥ 4 characters)',
  async run(argv, io) {
    const p = parseFlags(argv, DB_OPTION, true);
    const [id, ...extra] = p.positionals;
    if (id === undefined || extra.length > 0) throw new UserError('show needs exactly one RUN id');
    const store = openCliStore(p, io, 'read');
    try {
      const run = store.getRun(id);
      const epochs = store.epochSeries([run.id])[0]?.epochs ?? [];
      const artifacts = store.listArtifacts(run.id);
      if (flag(p, 'json')) {
        printJson(io, { run: { ...run, selectedOnTest: selectedOnTest(run.train) }, epochs, artifacts });
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
      for (const a of artifacts) io.out(`  ${a.kind}${a.epoch !== null ? ` (epoch ${a.epoch})` : ''}: ${a.path} ${a.bytes} bytes\n`);
      if (run.notes) io.out(`notes: ${multiLine(run.notes)}\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};
