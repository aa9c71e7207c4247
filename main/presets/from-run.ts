// A sweep's winner as settings to train again: a run's model and training settings, on all the training and
// test reviews (a sweep trains trials on a slice), and — from a sweep's trial — for the epochs at which it did
// best on its held-out part. The held-out validation stays, so runs of it still never pick their best epoch on
// the test set. Presets keep these settings; confirming a winner with several seeds (a study) starts from them.
import { UserError } from '../errors.js';
import { checkRunRequest } from '../runs/queue.js';
import type { ModelSpec, TrainSpec } from '../model/spec.js';
import type { RunRecord, RunStore } from '../runs/store.js';
import type { Preset, PresetStore } from './store.js';

export function winnerSettings(run: RunRecord, epochs?: number): { model: ModelSpec; train: TrainSpec } {
  if (epochs !== undefined && (!Number.isInteger(epochs) || epochs < 1)) throw new UserError(`epochs must be a whole number ≥ 1, got ${epochs}`);
  return checkRunRequest({ model: run.model, train: { ...run.train, limitTrain: null, limitTest: null, ...(epochs !== undefined ? { epochs } : {}) } });
}

export function savePresetFromRun(runs: RunStore, presets: PresetStore, p: { name: string; runId: string; epochs?: number | undefined; notes?: string | undefined }): Preset {
  const run = runs.getRun(p.runId);
  const { model, train } = winnerSettings(run, p.epochs);
  return presets.savePreset({ name: p.name, model, train, notes: p.notes ?? `from run ${run.id} (${run.name})`, sourceRunId: run.id });
}
