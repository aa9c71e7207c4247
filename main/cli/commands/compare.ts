// `recurrent-lab compare RUN RUN…`: hyperparameters that differ, final and best metrics side by side.
import type { CliCommand } from '../command.js';
import { parseFlags, flag } from '../args.js';
import { printJson } from '../io.js';
import { UserError } from '../../errors.js';
import { DB_OPTION, openCliStore } from '../../runs/cli-support.js';
import { pairRuns } from '../../runs/paired.js';
import { disagreementPage } from '../../analysis/disagreement-page.js';
import { DATA_FLAG, DISAGREEMENT_FLAGS, cliData, disagreementQuery, printDisagreements } from '../analysis-output.js';

const f = (v: number | null | undefined) => (v === null || v === undefined ? '-' : Number.isInteger(v) ? String(v) : v.toFixed(4));

export const compareCommand: CliCommand = {
  name: 'compare',
  summary: 'compare runs: settings that differ, final and best metrics; two runs also paired (McNemar)',
  usage:
    'Usage: recurrent-lab compare RUN RUN… [--db FILE] [--json]\n' +
    '       recurrent-lab compare A B --disagreements N [--offset K] [--filter all|a-right|b-right] [--order confidence|index]\n' +
    '         [--min-length T] [--max-length T] [--data DIR]   the reviews A and B classify differently, N (≤ 100) per page,\n' +
    '         most differently scored first (--order confidence); lengths in tokens, the start mark included',
  async run(argv, io) {
    const p = parseFlags(argv, { ...DB_OPTION, ...DATA_FLAG, ...DISAGREEMENT_FLAGS }, true);
    if (p.positionals.length < 2) throw new UserError('compare needs at least two RUN ids');
    const query = disagreementQuery(p, p.positionals);
    if (p.values.data !== undefined && !query) throw new UserError('--data goes with --disagreements');
    const store = openCliStore(p, io, 'read');
    try {
      const c = store.compare(p.positionals);
      const pr = pairRuns(store.info.artifactsDir, c.runs);
      const [ra, rb] = c.runs;
      const data = cliData(p, io);
      const d = query && ra && rb ? await disagreementPage(store.info.artifactsDir, [ra, rb], query, data.arraysFor, data.wordIndex) : null;
      if (flag(p, 'json')) {
        printJson(io, { ...c, ...pr, ...(d ? { disagreements: d } : {}) });
        return 0;
      }
      const col = (s: string) => s.padEnd(16);
      io.out(col('') + c.runs.map((r) => col(r.id)).join('') + '\n');
      for (const row of c.config.filter((r) => r.differs)) io.out(col(row.key) + row.values.map((v) => col(JSON.stringify(v))).join('') + '\n');
      const line = (label: string, vals: (number | null | undefined)[]) => io.out(col(label) + vals.map((v) => col(f(v))).join('') + '\n');
      line('final val_acc', c.metrics.map((m) => m.final?.valAccuracy));
      line('best val_acc', c.metrics.map((m) => m.best?.valAccuracy));
      line('best epoch', c.metrics.map((m) => m.best?.epoch));
      line('test accuracy', c.metrics.map((m) => m.test?.accuracy));
      line('test AUC', c.metrics.map((m) => m.test?.auc));
      const q = pr.paired;
      if (q) {
        const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
        io.out(
          `paired on ${q.n} test reviews: ${c.runs[0]?.id} right & ${c.runs[1]?.id} wrong ${q.b}, the reverse ${q.c}; agreement ${pct(q.agreement)}\n` +
            `accuracy difference (second − first) ${pct(q.accuracyDiff)}, 95% CI [${pct(q.ci95[0])}, ${pct(q.ci95[1])}] (Wald, paired); McNemar exact p = ${q.pValue.toPrecision(4)}\n`,
        );
      } else if (c.runs.length === 2) io.out(`paired: ${pr.pairedNote}\n`);
      if (d) printDisagreements(io, d);
      return 0;
    } finally {
      store.close();
    }
  },
};
