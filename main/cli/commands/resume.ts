// `recurrent-lab resume RUN`: continue an interrupted/cancelled/failed run from its last epoch checkpoint.
import type { CliCommand } from '../command.js';
import { parseFlags, flag, str } from '../args.js';
import { oneLine, printJson } from '../io.js';
import { UserError } from '../../errors.js';
import { resolveDataDir } from '../../data/index.js';
import { RunQueue } from '../../runs/queue.js';
import { DB_OPTION, THREADS_OPTION, ensureData, exitCodeFor, followRun, openCliStore, queueOptions, runResult } from '../../runs/cli-support.js';

export const resumeCommand: CliCommand = {
  name: 'resume',
  summary: 'continue an interrupted or cancelled run from its last checkpoint',
  usage: `Usage: recurrent-lab resume RUN [--rerun] [--threads N] [--engine E] [--data DIR] [--db FILE] [--json]
The run keeps its id; its curves continue from the last completed epoch.
--rerun trains a new run with the same settings instead (linked to RUN as its parent).
--threads N (1..64): train on N threads (default: every core, or RECURRENT_LAB_THREADS).
--engine auto|cpu|webgpu|tfjs-node: what to train on (default auto); checkpoints move between engines.`,
  async run(argv, io) {
    const p = parseFlags(argv, { ...DB_OPTION, ...THREADS_OPTION, data: { type: 'string' }, rerun: { type: 'boolean' } }, true);
    const json = flag(p, 'json');
    const [id, ...extra] = p.positionals;
    if (id === undefined || extra.length > 0) throw new UserError('resume needs exactly one RUN id');
    const dataDir = resolveDataDir(str(p, 'data'), io.env);
    const queueOpts = queueOptions(p, dataDir);
    await ensureData(dataDir);
    const store = openCliStore(p, io, 'write');
    const queue = new RunQueue(store, queueOpts);
    try {
      const rerun = flag(p, 'rerun');
      const queued = rerun ? queue.rerun(id) : queue.resume(id);
      if (!json) io.err(rerun ? `re-running as run ${queued.id}\n` : `resuming run ${queued.id} after epoch ${queued.epochsDone}\n`);
      const run = await followRun(queue, queued.id, io, json);
      if (json) printJson(io, runResult(store, run));
      else io.out(`run ${run.id} ${run.status}${run.test ? ` test accuracy ${run.test.accuracy.toFixed(4)}` : ''}${run.error ? ` — ${oneLine(run.error)}` : ''}\n`);
      return exitCodeFor(run);
    } finally {
      await queue.close();
      store.close();
    }
  },
};
