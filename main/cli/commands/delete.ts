// `recurrent-lab delete RUN…`: removes runs, their metrics and their checkpoint files (not exported models).
import type { CliCommand } from '../command.js';
import { parseFlags, flag } from '../args.js';
import { printJson } from '../io.js';
import { UserError } from '../../errors.js';
import { DB_OPTION, openCliStore } from '../../runs/cli-support.js';

export const deleteCommand: CliCommand = {
  name: 'delete',
  summary: 'delete runs with their metrics and checkpoints',
  usage: 'Usage: recurrent-lab delete RUN… [--db FILE] [--json]   (exported model folders are left in place)',
  async run(argv, io) {
    const p = parseFlags(argv, DB_OPTION, true);
    if (p.positionals.length === 0) throw new UserError('delete needs at least one RUN id');
    const store = openCliStore(p, io, 'write');
    try {
      const r = store.deleteRuns(p.positionals);
      if (flag(p, 'json')) printJson(io, r);
      else io.out(`deleted ${r.deleted.length} run(s): ${r.deleted.join(', ')} (${r.filesRemoved} file(s) removed)\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};
