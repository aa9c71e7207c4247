// A trained run as a model in this process: its final weights (or, for an unfinished run, its last
// epoch checkpoint) loaded into our engine. A few are kept loaded — "Try it" scores many texts.
import { existsSync } from 'node:fs';
import { createModel, type TrainableModel, type WeightTensor } from '../engine/index.js';
import { threadsForBatch } from '../engine/parallel/threads.js';
import { readCheckpointFile } from '../runs/checkpoint-file.js';
import type { RunRecord, RunStore } from '../runs/store.js';
import { UserError } from '../errors.js';

export interface LoadedRun {
  run: RunRecord;
  weights: WeightTensor[];
  model: TrainableModel;
  /** The weights file behind it. */
  source: string;
}

/** The newest file holding the run's trained weights: final weights first, else the last checkpoint. */
export function runWeightsFile(store: RunStore, run: RunRecord): string {
  const finals = store.listArtifacts(run.id, 'weights').filter((a) => existsSync(a.path));
  const final = finals[finals.length - 1];
  if (final) return final.path;
  const ck = store.lastCheckpoint(run.id);
  if (ck && existsSync(ck.path)) return ck.path;
  throw new UserError(`run ${run.id} has no trained weights yet (${run.status}): wait for an epoch to finish`, 'not_ready');
}

export class RunModels {
  readonly #cache = new Map<string, Promise<LoadedRun>>();

  constructor(
    private readonly store: RunStore,
    private readonly capacity = 4,
  ) {}

  load(runId: string): Promise<LoadedRun> {
    const run = this.store.getRun(runId);
    const file = runWeightsFile(this.store, run);
    const key = `${run.id}\0${file}`;
    const hit = this.#cache.get(key);
    if (hit) {
      // refresh LRU order
      this.#cache.delete(key);
      this.#cache.set(key, hit);
      return hit;
    }
    const p = (async (): Promise<LoadedRun> => {
      const ck = readCheckpointFile(file);
      // Predictions run in chunks of 64 reviews: threads beyond what those use would only sit idle.
      const model = await createModel(run.model, { seed: run.train.seed, engine: 'cpu', threads: threadsForBatch(64) });
      model.setWeights(ck.weights);
      return { run, weights: ck.weights, model, source: file };
    })();
    p.catch(() => this.#cache.delete(key));
    this.#cache.set(key, p);
    while (this.#cache.size > this.capacity) {
      const [oldest] = this.#cache.keys();
      if (oldest === undefined) break;
      const old = this.#cache.get(oldest);
      this.#cache.delete(oldest);
      void old?.then((l) => l.model.dispose(), () => undefined);
    }
    return p;
  }

  dispose(): void {
    for (const p of this.#cache.values()) void p.then((l) => l.model.dispose(), () => undefined);
    this.#cache.clear();
  }
}
