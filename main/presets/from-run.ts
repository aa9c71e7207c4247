// A preset from a run: its model and training settings, on all the training and test reviews (a sweep trains
// trials on a slice), and — from a sweep's trial — for the epochs at which it did best on its held-out part.
// The held-out validation stays, so runs of the preset still never pick their best epoch on the test set.
import { UserError } from '../errors.js';
import { checkRunRequest } from '../runs/queue.js';
import type { RunStore } from '../runs/store.js';
import type { Preset, PresetStore } from './store.js';

export function savePresetFromRun(runs: RunStore, presets: PresetStore, p: { name: string; runId: string; epochs?: number | undefined; notes?: string | undefined }): Preset {
  const run = runs.getRun(p.runId);
  if (p.epochs !== undefined && (!Number.isInteger(p.epochs) || p.epochs < 1)) throw new UserError(`epochs must be a whole number ≥ 1, got ${p.epochs}`);
  const { model, train } = checkRunRequest({ model: run.model, train: { ...run.train, limitTrain: null, limitTest: null, ...(p.epochs !== undefined ? { epochs: p.epochs } : {}) } });
  return presets.savePreset({ name: p.name, model, train, notes: p.notes ?? `from run ${run.id} (${run.name})`, sourceRunId: run.id });
}
