// `recurrent-lab sweeps [SWEEP]`: the stored sweeps, or one sweep's leaderboard.
import type { CliCommand } from '../command.js';
import { parseFlags, flag } from '../args.js';
import { oneLine, printJson } from '../io.js';
import { UserError } from '../../errors.js';
import { DB_OPTION, formatDuration, openCliStore } from '../../runs/cli-support.js';
import { sweepStoreFor } from '../../sweeps/store.js';
import { leaderboard } from '../../sweeps/leaderboard.js';
import { leaderboardText, sweepJson } from '../../sweeps/cli-text.js';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '-' : (v * 100).toFixed(2) + '%');

export const sweepsCommand: CliCommand = {
  name: 'sweeps',
  summary: 'list stored sweeps, or show one sweep\'s leaderboard',
  usage: `Usage: recurrent-lab sweeps [SWEEP] [--db FILE] [--json]
Without SWEEP: every sweep, newest first (id, name, scheduler, status, trials, best validation accuracy, time).
With SWEEP (an id or a unique prefix): its trials, best validation accuracy first; --json gives the same
document as \`sweep --json\`.`,
  async run(argv, io) {
    const p = parseFlags(argv, DB_OPTION, true);
    const json = flag(p, 'json');
    if (p.positionals.length > 1) throw new UserError('sweeps takes at most one SWEEP id');
    const store = openCliStore(p, io, 'read');
    try {
      const sweeps = sweepStoreFor(store);
      const id = p.positionals[0];
      if (id !== undefined) {
        const board = leaderboard(store, sweeps, id);
        if (json) printJson(io, sweepJson(board));
        else io.out(leaderboardText(board));
        return 0;
      }
      const boards = sweeps.listSweeps().map((s) => leaderboard(store, sweeps, s.id));
      if (json) {
        printJson(io, {
          sweeps: boards.map((b) => ({
            sweepId: b.sweep.id, name: b.sweep.name, scheduler: b.sweep.settings.scheduler, status: b.sweep.status, createdAt: b.sweep.createdAt,
            elapsedMs: b.sweep.elapsedMs, trials: b.trials.length, best: b.best && { runId: b.best.runId, valAccuracy: b.best.valAccuracy },
          })),
        });
        return 0;
      }
      if (boards.length === 0) {
        io.out('no sweeps yet — `recurrent-lab sweep` starts one\n');
        return 0;
      }
      io.out(`${'sweep'.padEnd(14)}${'scheduler'.padEnd(10)}${'status'.padEnd(13)}${'trials'.padEnd(8)}${'best val'.padEnd(10)}${'time'.padEnd(9)}name\n`);
      for (const b of boards) {
        const s = b.sweep;
        io.out(`${s.id.padEnd(14)}${s.settings.scheduler.padEnd(10)}${s.status.padEnd(13)}${String(b.trials.length).padEnd(8)}${pct(b.best?.valAccuracy).padEnd(10)}${formatDuration(s.elapsedMs).padEnd(9)}${oneLine(s.name)}\n`);
      }
      return 0;
    } finally {
      store.close();
    }
  },
};
