// `recurrent-lab reevaluate RUN…`: per-review test predictions for finished runs logged before they were
// stored (their final weights evaluated again on the same test reviews), so they can be paired and studied.
import type { CliCommand } from '../command.js';
import { parseFlags, flag, str } from '../args.js';
import { printJson } from '../io.js';
import { UserError } from '../../errors.js';
import { resolveDataDir } from '../../data/index.js';
import { DB_OPTION, ensureData, openCliStore } from '../../runs/cli-support.js';
import { reevaluateRun, type Reevaluation } from '../../runs/reevaluate.js';

export const reevaluateCommand: CliCommand = {
  name: 'reevaluate',
  summary: 'store per-review test predictions for finished runs logged before they were kept',
  usage: `Usage: recurrent-lab reevaluate RUN… [--data DIR] [--db FILE] [--json]
Evaluates each run's final weights on its test reviews again and stores every review's probability — only when
the data is the run's own and the test accuracy comes out as the run logged it. Runs that have them already
are left alone.`,
  async run(argv, io) {
    const p = parseFlags(argv, { ...DB_OPTION, data: { type: 'string' } }, true);
    if (p.positionals.length === 0) throw new UserError('reevaluate needs at least one RUN id');
    const dataDir = resolveDataDir(str(p, 'data'), io.env);
    await ensureData(dataDir);
    const store = openCliStore(p, io, 'write');
    try {
      const out: Reevaluation[] = [];
      for (const id of p.positionals) {
        const r = await reevaluateRun(store, id, dataDir);
        out.push(r);
        if (!flag(p, 'json')) {
          io.out(r.outcome === 'present' ? `run ${r.runId}: already has its test predictions\n` : `run ${r.runId}: stored ${r.n} test predictions (accuracy ${r.accuracy?.toFixed(4)})\n`);
        }
      }
      if (flag(p, 'json')) printJson(io, { results: out });
      return 0;
    } finally {
      store.close();
    }
  },
};
