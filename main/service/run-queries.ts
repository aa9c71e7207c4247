// Contract calls answered straight from the run store: the runs table, one run, charts, comparisons,
// tags/notes, deletion and CSV/JSON export.
import { pairRuns } from '../runs/paired.js';
import type { RunStore, RunFilter, RunSortKey } from '../runs/store.js';
import type { CallResult, ParsedParams } from '../contract/index.js';
import { UserError } from '../errors.js';
import { toCell, toEpochPayload, toRunDetail, toRunSummary } from './run-mappers.js';

const SORT_KEYS: Record<ParsedParams<'listRuns'>['sortBy'], RunSortKey> = {
  createdAt: 'createdAt',
  name: 'name',
  arch: 'arch',
  status: 'status',
  bestValAccuracy: 'bestValAccuracy',
  finalValAccuracy: 'finalValAccuracy',
  testAccuracy: 'testAccuracy',
  params: 'params',
  durationMs: 'trainMs',
};

export function listRuns(store: RunStore, p: ParsedParams<'listRuns'>): CallResult<'listRuns'> {
  const filter: RunFilter = { sort: SORT_KEYS[p.sortBy], dir: p.sortDir, limit: p.limit, offset: p.offset };
  if (p.status) filter.status = p.status;
  if (p.arch) filter.arch = p.arch;
  if (p.tag !== undefined) filter.tag = p.tag;
  if (p.groupId !== undefined) filter.groupId = p.groupId;
  if (p.search !== undefined && p.search.trim() !== '') filter.text = p.search.trim();
  const { limit: _l, offset: _o, ...countFilter } = filter;
  return { runs: store.listRuns(filter).map(toRunSummary), total: store.countRuns(countFilter) };
}

export function getRun(store: RunStore, p: ParsedParams<'getRun'>): CallResult<'getRun'> {
  const r = store.getRun(p.runId);
  const epochs = store.epochSeries([r.id])[0]?.epochs ?? [];
  return toRunDetail(r, epochs, store.listArtifacts(r.id));
}

/** Batches per epoch of a run (x positions of batch points in fractional epochs). */
function batchesPerEpoch(store: RunStore, id: string): number {
  const r = store.getRun(id);
  const n = r.train.limitTrain ?? 25000;
  return Math.max(1, Math.ceil(n / r.train.batchSize));
}

export function getMetricSeries(store: RunStore, p: ParsedParams<'getMetricSeries'>): CallResult<'getMetricSeries'> {
  const ids = p.runIds.map((id) => store.resolveId(id));
  const batchOk = p.metric === 'loss' || p.metric === 'accuracy' || p.metric === 'examples_per_sec';
  if (p.level === 'batch' && !batchOk) throw new UserError(`${p.metric} is only recorded per epoch: ask for level "epoch"`);
  if (p.level === 'batch') {
    const series = store.batchSeries(ids, p.maxPoints).map((s) => {
      const per = batchesPerEpoch(store, s.runId);
      const ys = p.metric === 'loss' ? s.loss : p.metric === 'accuracy' ? s.accuracy : s.examplesPerSec;
      const x: number[] = [];
      const y: number[] = [];
      ys.forEach((v, i) => {
        // NaN/Infinity (a diverged run) cannot travel as JSON numbers: such points are left out
        if (Number.isFinite(v)) {
          x.push((s.step[i] ?? 0) / per);
          y.push(v);
        }
      });
      return { runId: s.runId, x, y };
    });
    return { metric: p.metric, level: p.level, series };
  }
  const series = store.epochSeries(ids).map((s) => {
    const x: number[] = [];
    const y: number[] = [];
    for (const e of s.epochs) {
      const v =
        p.metric === 'loss' ? e.loss
        : p.metric === 'accuracy' ? e.accuracy
        : p.metric === 'val_loss' ? e.valLoss
        : p.metric === 'val_accuracy' ? e.valAccuracy
        : e.examplesPerSec;
      if (v === null || !Number.isFinite(v)) continue;
      x.push(e.epoch);
      y.push(v);
    }
    return { runId: s.runId, x, y };
  });
  return { metric: p.metric, level: p.level, series };
}

export function compareRuns(store: RunStore, p: ParsedParams<'compareRuns'>): CallResult<'compareRuns'> {
  const c = store.compare(p.runIds.map((id) => store.resolveId(id)));
  return {
    runs: c.runs.map(toRunSummary),
    diff: c.config.map((row) => ({ key: row.key, values: row.values.map(toCell), differs: row.differs })),
    epochs: c.metrics.map((m) => ({
      runId: m.runId,
      best: m.best ? toEpochPayload(m.best) : null,
      last: m.final ? toEpochPayload(m.final) : null,
    })),
    ...pairRuns(store.info.artifactsDir, c.runs),
  };
}

export function setTags(store: RunStore, p: ParsedParams<'setTags'>): CallResult<'setTags'> {
  const tags = [...new Set(p.tags)];
  const r = store.setTags(store.resolveId(p.runId), tags);
  return { runId: r.id, tags: [...r.tags] };
}

export function setNotes(store: RunStore, p: ParsedParams<'setNotes'>): CallResult<'setNotes'> {
  const r = store.setNotes(store.resolveId(p.runId), p.notes);
  return { runId: r.id, notes: r.notes };
}

export function exportRuns(store: RunStore, p: ParsedParams<'exportRunsCsv'>): CallResult<'exportRunsCsv'> {
  const ids = p.runIds.map((id) => store.resolveId(id));
  const content = store.exportRuns(ids, p.format);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return {
    filename: `recurrent-lab-runs-${stamp}.${p.format}`,
    mime: p.format === 'csv' ? 'text/csv' : 'application/json',
    content,
  };
}
