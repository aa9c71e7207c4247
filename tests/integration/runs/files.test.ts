// Checkpoint files round-trip exactly and refuse damage; test metrics (AUC, confusion matrix) on known cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCheckpointFile, writeCheckpointFile } from '../../../main/runs/checkpoint-file.js';
import { rocAuc, testMetrics } from '../../../main/runs/test-metrics.js';
import { isUserError } from '../../../main/errors.js';
import type { Checkpoint } from '../../../main/engine/types.js';
import { tempHome } from './helpers.js';

test('a checkpoint file round-trips weights, optimizer state and early-stopping state', () => {
  const h = tempHome();
  try {
    const t = (name: string, shape: number[], seed: number) => ({
      name,
      shape,
      data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * seed) * 1e3),
    });
    const c: Checkpoint = {
      epoch: 3,
      weights: [t('embedding/embeddings', [7, 3], 1), t('dense/bias', [1], 2)],
      optimizerState: [t('adam/m/embedding', [7, 3], 3)],
      optimizerStep: 42,
      rngState: [1, 2, 3, 4294967295],
      bestValLoss: 0.31,
      bestEpoch: 2,
      bestWeights: [t('embedding/embeddings', [7, 3], 5), t('dense/bias', [1], 6)],
      epochsWithoutImprovement: 1,
    };
    const p = join(h.dir, 'c.rlck');
    const bytes = writeCheckpointFile(p, c);
    assert.equal(bytes, readFileSync(p).length);
    assert.deepEqual(readCheckpointFile(p), c);
    writeFileSync(p, readFileSync(p).subarray(0, bytes - 8));
    assert.throws(() => readCheckpointFile(p), (e: unknown) => isUserError(e) && /truncated/.test(e.message));
    assert.throws(() => readCheckpointFile(join(h.dir, 'none.rlck')), (e: unknown) => isUserError(e));
  } finally {
    h.cleanup();
  }
});

test('AUC and the confusion matrix on known cases', () => {
  assert.equal(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
  assert.equal(rocAuc([0.5, 0.5], [0, 1]), 0.5);
  assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [1, 1])));
  const m = testMetrics([0.9, 0.2, 0.6, 0.4, 0.5], [1, 0, 0, 1, 1], 0.5);
  assert.deepEqual({ tp: m.tp, fp: m.fp, tn: m.tn, fn: m.fn, n: m.n }, { tp: 2, fp: 1, tn: 1, fn: 1, n: 5 });
  assert.equal(m.accuracy, 3 / 5);
});
