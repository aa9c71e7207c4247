// Per-review test predictions for a finished run that has none (it finished before they were stored): its final
// weights evaluated again on the same test reviews. Only written when the data is the run's own (same
// fingerprint) and the recomputed test accuracy is the one the run logged — else the run is left as it was and
// the error says why, so a stored prediction always belongs to the model that earned the run's figures.
import { existsSync } from 'node:fs';
import { UserError } from '../errors.js';
import { createModel } from '../engine/index.js';
import { threadsForBatch } from '../engine/parallel/threads.js';
import { loadData, toDataset } from '../data/index.js';
import type { RunStore } from './store.js';
import { loadRunWeights } from './weights.js';
import { testMetrics } from './test-metrics.js';
import { predictionsPath, writePredictionsFile } from './predictions-file.js';

export interface Reevaluation {
  runId: string;
  /** 'written': predictions computed and stored; 'present': it already had them (nothing done). */
  outcome: 'written' | 'present';
  n: number;
  accuracy: number | null;
}

export async function reevaluateRun(store: RunStore, id: string, dataDir: string): Promise<Reevaluation> {
  const run = store.getRun(id);
  const path = predictionsPath(store.info.artifactsDir, run.id);
  if (existsSync(path)) return { runId: run.id, outcome: 'present', n: run.test?.n ?? 0, accuracy: run.test?.accuracy ?? null };
  if (run.status !== 'finished' || !run.test) throw new UserError(`run ${run.id} is ${run.status}: only a finished run has a test result to re-evaluate`, 'bad_state');
  const w = loadRunWeights(store, run.id);
  if (w.source !== 'final') throw new UserError(`run ${run.id} has no final weights file (only an epoch checkpoint): its test result cannot be reproduced`, 'no_weights');
  const data = await loadData(dataDir, { numWords: run.model.numWords });
  if (run.dataFingerprint && data.fingerprint !== run.dataFingerprint) {
    throw new UserError(`run ${run.id} was trained on other data (fingerprint ${run.dataFingerprint.slice(0, 12)}…, this data ${data.fingerprint.slice(0, 12)}…): its test reviews are not these`, 'bad_state');
  }
  const testSet = toDataset(data.xTest, data.yTest, run.model.maxLen, run.train.limitTest ?? undefined);
  const model = await createModel(run.model, { seed: run.train.seed, engine: 'cpu', threads: threadsForBatch(64) });
  try {
    model.setWeights(w.weights);
    const ev = await model.evaluate(testSet);
    const m = testMetrics(ev.probabilities, testSet.y, ev.loss);
    // Engines may differ in the last float bits: a review whose probability sits on 0.5 may flip, no more.
    if (m.n !== run.test.n || Math.abs(m.accuracy - run.test.accuracy) * m.n > 1.5) {
      throw new UserError(
        `run ${run.id}: re-evaluating its final weights gives test accuracy ${m.accuracy.toFixed(4)} on ${m.n} reviews, not the ${run.test.accuracy.toFixed(4)} on ${run.test.n} it logged — nothing was stored`,
        'bad_state',
      );
    }
    writePredictionsFile(path, { dataFingerprint: data.fingerprint, limitTest: run.train.limitTest, maxLen: run.model.maxLen, numWords: run.model.numWords }, ev.probabilities, testSet.y);
    return { runId: run.id, outcome: 'written', n: m.n, accuracy: m.accuracy };
  } finally {
    model.dispose();
  }
}
