// App-wide state (Svelte 5 runes): navigation, connection, data status, device, queue, runs table,
// run progress and live curves. Curves live in plain arrays (cheap to append at 10+ events/s) and a
// `curvesVersion` rune bumped at most once per animation frame tells the charts to redraw.
import { api, messageOf, on, onConnection, type ConnectionState } from '../client.js';
import { frameBatcher } from '../../lib/frame-batch.js';
import type { CallResult, EventPayload, QueueState, RunSummary } from '../../../main/contract/index.js';

export const SCREENS = [
  { id: 'data', label: 'Data' },
  { id: 'new', label: 'New experiment' },
  { id: 'monitor', label: 'Live monitor' },
  { id: 'runs', label: 'Runs' },
  { id: 'compare', label: 'Compare' },
  { id: 'studies', label: 'Studies' },
  { id: 'sweeps', label: 'Sweeps' },
  { id: 'try', label: 'Try it' },
  { id: 'gradients', label: 'Gradient lens' },
  { id: 'export', label: 'Export' },
] as const;
export type ScreenId = (typeof SCREENS)[number]['id'];

export interface XY {
  x: number[];
  y: number[];
}
export interface RunCurves {
  loss: XY;
  accuracy: XY;
  valLoss: XY;
  valAccuracy: XY;
  lastExamplesPerSec: number | null;
}

type Progress = EventPayload<'runProgress'>;

function screenFromHash(): ScreenId {
  const h = location.hash.replace(/^#\/?/, '');
  return (SCREENS.find((s) => s.id === h)?.id ?? 'data') as ScreenId;
}

export const lab = $state({
  screen: screenFromHash() as ScreenId,
  connection: 'connecting' as ConnectionState,
  data: null as CallResult<'dataStatus'> | null,
  dataError: null as string | null,
  download: null as EventPayload<'downloadProgress'> | null,
  device: null as CallResult<'deviceInfo'> | null,
  info: null as CallResult<'appInfo'> | null,
  queue: { running: [], queued: [], etaMs: null } as QueueState,
  runs: [] as RunSummary[],
  runsTotal: 0,
  runsError: null as string | null,
  progress: {} as Record<string, Progress>,
  /** Runs the user picked for Compare / Try it / Gradient lens / Export (kept across reloads). */
  selected: loadSelected(),
  /** Runs shown in the live monitor. */
  watched: [] as string[],
  curvesVersion: 0,
  notice: null as string | null,
});

/** Plain (non-reactive) curve buffers, keyed by run id. */
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- deliberately not reactive (see header)
export const curves = new Map<string, RunCurves>();

function loadSelected(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem('recurrent-lab.selected') ?? '[]');
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

export function setSelected(ids: string[]): void {
  // Write-only (never read lab.selected here): callers run this inside effects.
  const unique = ids.filter((id, i) => ids.indexOf(id) === i);
  lab.selected = unique;
  localStorage.setItem('recurrent-lab.selected', JSON.stringify(unique));
}

export function go(screen: ScreenId): void {
  lab.screen = screen;
  if (location.hash !== `#/${screen}`) history.pushState(null, '', `#/${screen}`);
}
window.addEventListener('popstate', () => (lab.screen = screenFromHash()));

// --- frame-throttled updates: progress and curves change at most once per animation frame ---
const frames = frameBatcher<string, Progress>(
  (cb) => requestAnimationFrame(cb),
  (latest, curvesChanged) => {
    if (latest.size > 0) {
      const next = { ...lab.progress };
      for (const [id, p] of latest) next[id] = p;
      lab.progress = next;
    }
    if (curvesChanged) lab.curvesVersion++;
  },
);

function emptyCurves(): RunCurves {
  return { loss: { x: [], y: [] }, accuracy: { x: [], y: [] }, valLoss: { x: [], y: [] }, valAccuracy: { x: [], y: [] }, lastExamplesPerSec: null };
}
function bufferFor(runId: string): RunCurves {
  let c = curves.get(runId);
  if (!c) curves.set(runId, (c = emptyCurves()));
  return c;
}
function push(xy: XY, x: number, y: number): void {
  const last = xy.x[xy.x.length - 1];
  if (last !== undefined && x <= last) return; // already have it (loaded from the database)
  xy.x.push(x);
  xy.y.push(y);
}

/** Loads the stored curves of these runs from the database (after a reload, or for finished runs). */
export async function loadCurves(runIds: string[]): Promise<void> {
  if (runIds.length === 0) return;
  const [loss, acc, vloss, vacc] = await Promise.all([
    api.getMetricSeries({ runIds, metric: 'loss', level: 'batch', maxPoints: 2000 }),
    api.getMetricSeries({ runIds, metric: 'accuracy', level: 'batch', maxPoints: 2000 }),
    api.getMetricSeries({ runIds, metric: 'val_loss', level: 'epoch' }),
    api.getMetricSeries({ runIds, metric: 'val_accuracy', level: 'epoch' }),
  ]);
  for (const id of runIds) {
    const c = bufferFor(id);
    const pick = (r: CallResult<'getMetricSeries'>): XY => {
      const s = r.series.find((x) => x.runId === id);
      return s ? { x: [...s.x], y: [...s.y] } : { x: [], y: [] };
    };
    c.loss = pick(loss);
    c.accuracy = pick(acc);
    c.valLoss = pick(vloss);
    c.valAccuracy = pick(vacc);
  }
  frames.touch();
}

export async function refreshQueue(): Promise<void> {
  try {
    lab.queue = await api.getQueue({});
    for (const r of [...lab.queue.running, ...lab.queue.queued]) if (!lab.watched.includes(r.runId)) lab.watched.push(r.runId);
  } catch (e) {
    lab.notice = messageOf(e);
  }
}

export async function refreshData(): Promise<void> {
  try {
    lab.data = await api.dataStatus({});
    lab.dataError = null;
  } catch (e) {
    lab.dataError = messageOf(e);
  }
}

let runsQuery: Parameters<typeof api.listRuns>[0] = {};
export async function refreshRuns(query?: Parameters<typeof api.listRuns>[0]): Promise<void> {
  if (query) runsQuery = query;
  try {
    const r = await api.listRuns(runsQuery);
    lab.runs = r.runs;
    lab.runsTotal = r.total;
    lab.runsError = null;
  } catch (e) {
    lab.runsError = messageOf(e);
  }
}

/** All runs (unfiltered, newest first) for pickers. */
export async function allRuns(): Promise<RunSummary[]> {
  return (await api.listRuns({ limit: 1000 })).runs;
}

/** Adds runs to the monitor and loads what they have logged so far. */
export async function watch(runIds: string[]): Promise<void> {
  const fresh = runIds.filter((id) => !lab.watched.includes(id));
  lab.watched = [...lab.watched, ...fresh];
  sessionStorage.setItem('recurrent-lab.watched', JSON.stringify(lab.watched));
  await loadCurves(fresh);
}

/** Everything the app shows at start (and again after a reconnect): all from the core's database. */
async function loadAll(): Promise<void> {
  await Promise.all([
    refreshData(),
    refreshQueue(),
    refreshRuns(),
    api.deviceInfo({}).then((d) => (lab.device = d), () => undefined),
    api.appInfo({}).then((i) => (lab.info = i), () => undefined),
  ]);
  let saved: string[] = [];
  try {
    const v: unknown = JSON.parse(sessionStorage.getItem('recurrent-lab.watched') ?? '[]');
    if (Array.isArray(v)) saved = v.filter((s): s is string => typeof s === 'string');
  } catch {
    saved = [];
  }
  const known = new Set(lab.runs.map((r) => r.id));
  const ids = [...new Set([...lab.watched, ...saved.filter((id) => known.has(id))])];
  if (ids.length === 0 && lab.runs[0]) ids.push(lab.runs[0].id);
  lab.watched = ids;
  curves.clear();
  await loadCurves(ids).catch((e: unknown) => (lab.notice = messageOf(e)));
}

let started = false;
/** Wires the contract events to the state; call once at start. */
export function startLab(): void {
  if (started) return;
  started = true;
  onConnection((s) => {
    const reconnected = s === 'open' && lab.connection !== 'open';
    lab.connection = s;
    if (reconnected) void loadAll();
  });
  on('batchMetrics', (m) => {
    const c = bufferFor(m.runId);
    const x = m.epoch - 1 + m.batch / m.batches;
    push(c.loss, x, m.loss);
    push(c.accuracy, x, m.accuracy);
    c.lastExamplesPerSec = m.examplesPerSec;
    frames.touch();
  });
  on('epochMetrics', (m) => {
    const c = bufferFor(m.runId);
    if (m.valLoss !== null) push(c.valLoss, m.epoch, m.valLoss);
    if (m.valAccuracy !== null) push(c.valAccuracy, m.epoch, m.valAccuracy);
    frames.touch();
    void refreshRuns();
  });
  on('runProgress', (p) => {
    frames.put(p.runId, p);
  });
  on('runStatus', () => {
    void refreshRuns();
    void refreshQueue();
  });
  on('queueChanged', (q) => {
    lab.queue = q;
    for (const r of [...q.running, ...q.queued]) if (!lab.watched.includes(r.runId)) lab.watched = [...lab.watched, r.runId];
  });
  on('downloadProgress', (d) => {
    lab.download = d;
    if (d.done) void refreshData();
  });
}
