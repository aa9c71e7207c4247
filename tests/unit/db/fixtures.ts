// Helpers for the store tests: temp folders, tutorial-based specs, synthetic metric rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN, type ModelSpec, type TrainSpec } from '../../../main/model/spec.js';
import type { BatchPoint, EpochRow, NewRun } from '../../../main/runs/store.js';

export function tempDir(prefix = 'rl-db-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function newRun(model: Partial<ModelSpec> = {}, train: Partial<TrainSpec> = {}, extra: Partial<NewRun> = {}): NewRun {
  return { model: { ...TUTORIAL_MODEL, ...model }, train: { ...TUTORIAL_TRAIN, ...train }, appVersion: '0.0.0-test', ...extra };
}

/** Deterministic batch points for epochs 1…epochs with `batches` per epoch. */
export function batchPoints(epochs: number, batches: number, from = 1): BatchPoint[] {
  const out: BatchPoint[] = [];
  for (let e = from; e <= epochs; e++) {
    for (let b = 1; b <= batches; b++) {
      const step = (e - 1) * batches + b;
      out.push({ epoch: e, batch: b, batches, loss: 1 / step, accuracy: step / (epochs * batches), examplesPerSec: 100 + step, elapsedMs: step * 10 });
    }
  }
  return out;
}

export function epochRow(epoch: number, valLoss: number | null, valAccuracy: number | null = null): EpochRow {
  return { epoch, loss: 1 / epoch, accuracy: 0.5 + epoch / 100, valLoss, valAccuracy, examplesPerSec: 1000, elapsedMs: epoch * 1000 };
}
