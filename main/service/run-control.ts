// Contract calls that drive the run queue (start one or a group, cancel, resume, re-run, queue state)
// and the bridge that turns queue events into contract events.
import { architectureGroup, seedGroup, type RunQueue, type RunRequest, type RunProgress } from '../runs/queue.js';
import type { RunStore } from '../runs/store.js';
import type { CallResult, ParsedParams, QueueItem, QueueState } from '../contract/index.js';
import { ARCH_LABELS } from '../model/spec.js';
import { UserError } from '../errors.js';
import type { EventBus } from './events.js';

export function startRuns(queue: RunQueue, p: ParsedParams<'startRuns'>): CallResult<'startRuns'> {
  const base: RunRequest = { model: p.model, train: p.train, tags: [...new Set(p.tags)], notes: p.notes };
  if (p.name !== undefined && p.name !== '') base.name = p.name;
  const g = p.group;
  if (g.kind === 'single') return { runIds: [queue.enqueue(base).id], groupId: null };
  if (g.kind === 'archs') {
    const label = g.archs.map((a) => ARCH_LABELS[a]).join(' vs ');
    const { group, runs } = queue.enqueueGroup(architectureGroup(base, g.archs), { name: p.name || label, kind: 'comparison' });
    return { runIds: runs.map((r) => r.id), groupId: group.id };
  }
  const first = g.firstSeed ?? p.train.seed;
  if (first + g.count - 1 > 2 ** 31 - 1) throw new UserError('seeds would exceed 2^31 − 1: pick a smaller first seed');
  const seeds = Array.from({ length: g.count }, (_, i) => first + i);
  const { group, runs } = queue.enqueueGroup(seedGroup(base, seeds), {
    name: p.name || `${ARCH_LABELS[p.model.arch]} × ${g.count} seeds`,
    kind: 'seeds',
  });
  return { runIds: runs.map((r) => r.id), groupId: group.id };
}

export function cancelRun(queue: RunQueue, store: RunStore, p: ParsedParams<'cancelRun'>): CallResult<'cancelRun'> {
  const id = store.resolveId(p.runId);
  if (!queue.cancel(id)) {
    const r = store.getRun(id);
    throw new UserError(`run ${id} is ${r.status}, not queued or running: nothing to cancel`, 'bad_state');
  }
  return { runId: id, status: store.getRun(id).status };
}

function queueItem(store: RunStore, queue: RunQueue, id: string): QueueItem | null {
  let r;
  try {
    r = store.getRun(id);
  } catch {
    return null; // deleted meanwhile
  }
  const pr = queue.progress(id);
  return {
    runId: r.id,
    name: r.name,
    arch: r.arch,
    status: r.status,
    epoch: pr?.epoch ?? r.epochsDone,
    epochs: pr?.epochs ?? r.train.epochs,
    batch: pr?.batch ?? 0,
    batches: pr?.batches ?? 0,
    fraction: Math.max(0, Math.min(1, pr?.fraction ?? 0)),
    etaMs: pr?.etaMs ?? null,
  };
}

export function queueState(queue: RunQueue, store: RunStore): QueueState {
  const s = queue.state();
  const items = (ids: string[]) => ids.map((id) => queueItem(store, queue, id)).filter((x): x is QueueItem => x !== null);
  return { running: items(s.running), queued: items(s.queued), etaMs: s.etaMs };
}

function progressEvent(p: RunProgress) {
  return {
    runId: p.runId,
    epoch: p.epoch,
    epochs: p.epochs,
    batch: p.batch,
    batches: p.batches,
    fraction: Math.max(0, Math.min(1, p.fraction)),
    etaMs: p.etaMs,
    queueEtaMs: p.queueEtaMs,
  };
}

/** runProgress is sent at most this often per run (batch metrics are all sent: curves need every point). */
export const PROGRESS_INTERVAL_MS = 100;

/** Forwards the queue's events to the bus as contract events; returns the unsubscribe function. */
export function bridgeQueueEvents(queue: RunQueue, store: RunStore, bus: EventBus): () => void {
  const lastProgress = new Map<string, number>();
  const sendProgress = (p: RunProgress, force: boolean) => {
    const now = Date.now();
    if (!force && now - (lastProgress.get(p.runId) ?? 0) < PROGRESS_INTERVAL_MS) return;
    lastProgress.set(p.runId, now);
    bus.emit('runProgress', progressEvent(p));
  };
  const offs = [
    queue.events.on('queued', ({ runId }) => bus.emit('runStatus', { runId, status: 'queued', error: null })),
    queue.events.on('started', ({ runId }) => bus.emit('runStatus', { runId, status: 'running', error: null })),
    queue.events.on('batch', ({ runId, metrics, progress }) => {
      const { epoch, batch, batches, loss, accuracy, examplesPerSec, elapsedMs } = metrics;
      // JSON cannot carry NaN/Infinity (a diverging run): such points are not charted; runStatus reports the failure
      if (Number.isFinite(loss) && Number.isFinite(accuracy)) {
        bus.emit('batchMetrics', { runId, epoch, batch, batches, loss, accuracy, examplesPerSec, elapsedMs });
      }
      sendProgress(progress, batch === batches);
    }),
    queue.events.on('epoch', ({ runId, metrics, progress }) => {
      const { epoch, loss, accuracy, valLoss, valAccuracy, examplesPerSec, elapsedMs } = metrics;
      const fin = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);
      if (Number.isFinite(loss) && Number.isFinite(accuracy)) {
        bus.emit('epochMetrics', { runId, epoch, loss, accuracy, valLoss: fin(valLoss), valAccuracy: fin(valAccuracy), examplesPerSec, elapsedMs });
      }
      sendProgress(progress, true);
    }),
    queue.events.on('finished', ({ runId, run }) => {
      lastProgress.delete(runId);
      bus.emit('runStatus', { runId, status: run.status, error: run.error });
    }),
    queue.events.on('queue', () => bus.emit('queueChanged', queueState(queue, store))),
  ];
  return () => offs.forEach((off) => off());
}
