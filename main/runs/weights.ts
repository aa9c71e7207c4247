// A run's trained weights for export/prediction: the final weights file of a finished run (after any
// early-stopping restore), else the newest epoch checkpoint.
import { existsSync } from 'node:fs';
import type { WeightTensor } from '../engine/types.js';
import { UserError } from '../errors.js';
import { readCheckpointFile } from './checkpoint-file.js';
import type { RunRecord, RunStore } from './store.js';

export interface RunWeights {
  run: RunRecord;
  weights: WeightTensor[];
  /** Where they came from. */
  source: 'final' | 'checkpoint';
  epoch: number;
  path: string;
}

export function loadRunWeights(store: RunStore, id: string): RunWeights {
  const run = store.getRun(id);
  const final = store.listArtifacts(run.id, 'weights').filter((a) => existsSync(a.path)).pop();
  if (final) {
    const c = readCheckpointFile(final.path);
    return { run, weights: c.weights, source: 'final', epoch: c.epoch, path: final.path };
  }
  const ck = store.lastCheckpoint(run.id);
  if (ck && existsSync(ck.path)) {
    const c = readCheckpointFile(ck.path);
    return { run, weights: c.weights, source: 'checkpoint', epoch: c.epoch, path: ck.path };
  }
  throw new UserError(`run ${run.id} has no saved weights (${run.status}, ${run.epochsDone} epochs) — train or resume it first`, 'no_weights');
}
