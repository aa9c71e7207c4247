// Store records → contract payloads (plain JSON, the shapes the UI reads).
import type { RunRecord, EpochRow, Artifact, TestMetrics as StoreTestMetrics } from '../runs/store.js';
import type { DeviceInfo } from '../engine/types.js';
import { selectedOnTest } from '../model/spec.js';
import type { RunSummary, RunDetail, TestMetrics, EpochMetricsPayload } from '../contract/index.js';

export function deviceLabel(d: DeviceInfo | null): string | null {
  return d ? d.description || `${d.engine} ×${d.threads}` : null;
}

/** The engine in a few words, for tables: what trained, and on which device. */
export function engineLabel(d: DeviceInfo | null): string | null {
  if (!d) return null;
  if (d.engine === 'recurrent-lab') return `CPU ×${d.threads}`;
  if (d.engine === 'webgpu') {
    const a = d.adapter;
    if (!a || a.software) return 'WebGPU · software';
    return `WebGPU · ${a.description || [a.vendor, a.architecture].filter(Boolean).join(' ') || 'GPU'}`;
  }
  return `${d.engine} · ${d.gpu ?? 'CPU'}`;
}

export function toRunSummary(r: RunRecord): RunSummary {
  return {
    id: r.id,
    name: r.name,
    arch: r.arch,
    status: r.status,
    model: r.model,
    train: r.train,
    groupId: r.groupId,
    parentId: r.parentId,
    tags: [...r.tags],
    notes: r.notes,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    epochsDone: r.epochsDone,
    epochs: r.train.epochs,
    params: r.params,
    bestEpoch: r.bestEpoch,
    selectedOnTest: selectedOnTest(r.train),
    bestValAccuracy: r.bestValAccuracy,
    bestValLoss: r.bestValLoss,
    finalValAccuracy: r.finalValAccuracy,
    finalValLoss: r.finalValLoss,
    testAccuracy: r.test?.accuracy ?? null,
    testLoss: r.test?.loss ?? null,
    durationMs: r.trainMs,
    device: deviceLabel(r.device),
    engine: engineLabel(r.device),
    error: r.error,
  };
}

export function toEpochPayload(e: EpochRow): EpochMetricsPayload {
  return {
    epoch: e.epoch,
    loss: e.loss,
    accuracy: e.accuracy,
    valLoss: e.valLoss,
    valAccuracy: e.valAccuracy,
    examplesPerSec: e.examplesPerSec,
    elapsedMs: e.elapsedMs,
  };
}

export function toTestMetrics(t: StoreTestMetrics | null): TestMetrics | null {
  if (!t) return null;
  return { loss: t.loss, accuracy: t.accuracy, auc: Number.isFinite(t.auc) ? t.auc : null, confusion: { tp: t.tp, fp: t.fp, tn: t.tn, fn: t.fn } };
}

export function toRunDetail(r: RunRecord, epochs: EpochRow[], artifacts: Artifact[]): RunDetail {
  return {
    run: toRunSummary(r),
    epochs: epochs.map(toEpochPayload),
    test: toTestMetrics(r.test),
    artifacts: artifacts.map((a) => ({ kind: a.kind, path: a.path, bytes: a.bytes, createdAt: a.createdAt })),
    data: r.dataSource !== null && r.dataFingerprint !== null ? { source: r.dataSource, fingerprint: r.dataFingerprint } : null,
    appVersion: r.appVersion,
    stopReason: r.stopReason,
    msPerStep: r.msPerStep,
  };
}

/** A config-diff cell as plain JSON (objects/arrays become their JSON text). */
export function toCell(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return JSON.stringify(v);
}
