// `recurrent-lab runs`: list, filter and sort logged runs; export them as CSV or JSON.
import type { CliCommand } from '../command.js';
import { parseFlags, flag, num, str } from '../args.js';
import { escapeJsonControls, oneLine, printJson } from '../io.js';
import { UserError } from '../../errors.js';
import { ARCHITECTURES, selectedOnTest, type Architecture } from '../../model/spec.js';
import { RUN_STATUSES, type RunFilter, type RunSortKey, type RunStatus } from '../../runs/store.js';
import { DB_OPTION, formatDuration, openCliStore } from '../../runs/cli-support.js';
import { sweepStoreFor } from '../../sweeps/store.js';

const SORTS: RunSortKey[] = ['createdAt', 'name', 'arch', 'status', 'testAccuracy', 'bestValAccuracy', 'finalValAccuracy', 'params', 'trainMs', 'epochsDone'];

function list<T extends string>(v: string | undefined, allowed: readonly T[], what: string): T[] | undefined {
  if (v === undefined) return undefined;
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const i of items) if (!allowed.includes(i as T)) throw new UserError(`unknown ${what} "${i}" (one of ${allowed.join(', ')})`);
  return items as T[];
}

const fmt = (v: number | null | undefined, d = 4) => (v === null || v === undefined ? '-' : v.toFixed(d));

export const runsCommand: CliCommand = {
  name: 'runs',
  summary: 'list logged runs (filter, sort, export as CSV/JSON)',
  usage: `Usage: recurrent-lab runs [--status S[,S…]] [--arch A[,A…]] [--tag T] [--group G] [--search TEXT]
  [--sort createdAt|name|arch|status|testAccuracy|bestValAccuracy|finalValAccuracy|params|trainMs|epochsDone] [--asc]
  [--limit N] [--export csv|json] [--db FILE] [--json]`,
  async run(argv, io) {
    const p = parseFlags(argv, {
      ...DB_OPTION,
      status: { type: 'string' },
      arch: { type: 'string' },
      tag: { type: 'string' },
      group: { type: 'string' },
      search: { type: 'string' },
      sort: { type: 'string' },
      asc: { type: 'boolean' },
      limit: { type: 'string' },
      export: { type: 'string' },
    });
    const filter: RunFilter = { dir: flag(p, 'asc') ? 'asc' : 'desc' };
    const status = list<RunStatus>(str(p, 'status'), RUN_STATUSES, 'status');
    if (status) filter.status = status;
    const arch = list<Architecture>(str(p, 'arch'), ARCHITECTURES, 'architecture');
    if (arch) filter.arch = arch;
    const tag = str(p, 'tag');
    if (tag !== undefined) filter.tag = tag;
    const group = str(p, 'group');
    if (group !== undefined) filter.groupId = group;
    const search = str(p, 'search');
    if (search !== undefined) filter.text = search;
    const sort = str(p, 'sort');
    if (sort !== undefined) {
      if (!SORTS.includes(sort as RunSortKey)) throw new UserError(`cannot sort by "${sort}" (one of ${SORTS.join(', ')})`);
      filter.sort = sort as RunSortKey;
    }
    const limit = num(p, 'limit');
    if (limit !== undefined) {
      if (limit < 1) throw new UserError('--limit must be at least 1');
      filter.limit = limit;
    }
    const exp = str(p, 'export');
    if (exp !== undefined && exp !== 'csv' && exp !== 'json') throw new UserError('--export must be csv or json');
    const store = openCliStore(p, io, 'read');
    try {
      const runs = store.listRuns(filter);
      if (exp) {
        const text = store.exportRuns(runs.map((r) => r.id), exp);
        io.out(exp === 'json' ? escapeJsonControls(text) : text);
        if (exp === 'json') io.out('\n');
        return 0;
      }
      // A sweep's trial that ASHA (or its time budget) stopped reads cancelled in the runs table; the sweep says why.
      const sweeps = sweepStoreFor(store);
      const trialOf = (id: string) => {
        const t = sweeps.trialOfRun(id);
        return t && { sweepId: t.sweepId, index: t.index, status: t.status };
      };
      if (flag(p, 'json')) {
        printJson(io, { runs: runs.map((r) => ({ ...r, selectedOnTest: selectedOnTest(r.train), sweepTrial: trialOf(r.id) })), total: store.countRuns({ ...filter, limit: -1 }) });
        return 0;
      }
      if (runs.length === 0) {
        io.out('no runs yet — start one with `recurrent-lab train`\n');
        return 0;
      }
      io.out(`${'id'.padEnd(13)}${'status'.padEnd(12)}${'arch'.padEnd(13)}${'epochs'.padEnd(8)}${'val_acc'.padEnd(9)}${'test_acc'.padEnd(9)}${'time'.padEnd(8)}name\n`);
      let stoppedBySweep = false;
      for (const r of runs) {
        // The trial's status is the sweep's decision; the run may have finished its epoch before the stop reached it.
        const t = trialOf(r.id);
        const early = t !== null && (t.status === 'stopped' || t.status === 'budget');
        stoppedBySweep ||= early;
        const status = early ? `${t.status === 'stopped' ? 'stopped' : 'budget'}†` : r.status;
        io.out(
          `${r.id.padEnd(13)}${status.padEnd(12)}${r.arch.padEnd(13)}${`${r.epochsDone}/${r.train.epochs}`.padEnd(8)}${(fmt(r.finalValAccuracy) + (selectedOnTest(r.train) ? '*' : '')).padEnd(9)}${fmt(r.test?.accuracy).padEnd(9)}${formatDuration(r.trainMs).padEnd(8)}${oneLine(r.name)}${r.tags.length ? ` [${r.tags.map(oneLine).join(', ')}]` : ''}\n`,
        );
      }
      if (runs.some((r) => selectedOnTest(r.train))) io.out('* validated on the test set: its best epoch was selected on the test set\n');
      if (stoppedBySweep) io.out('† a sweep\'s trial stopped early (its run reads cancelled, or finished when the stop came after its last epoch): stopped = by ASHA at a rung, budget = the sweep\'s time ran out\n');
      return 0;
    } finally {
      store.close();
    }
  },
};
