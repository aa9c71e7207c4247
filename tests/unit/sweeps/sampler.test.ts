// The samplers are deterministic functions of (space, seed, trial index): a resumed sweep redraws exactly
// the configurations it would have drawn, and grid search covers its grid once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSpace } from '../../../main/model/sweep-space.js';
import { DEFAULT_LR, TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../../main/model/spec.js';
import { distinctConfigs, distinctRandomConfig, effectiveConfig, gridConfigs, randomConfig, trialSettings, type TrialConfig } from '../../../main/sweeps/sampler.js';

const space = parseSpace({
  arch: ['lstm', 'gru', 'bilstm'],
  units: { min: 8, max: 64 },
  learningRate: { min: 0.0001, max: 0.01, scale: 'log' },
  dropout: { min: 0, max: 0.5 },
  merge: ['concat', 'sum'],
});

test('random: trial i depends only on the seed and i; draws stay in range; log scale spreads over the decades', () => {
  const a = Array.from({ length: 400 }, (_, i) => randomConfig(space, 42, i, 'lstm'));
  assert.deepEqual(randomConfig(space, 42, 17, 'lstm'), a[17]); // redrawn alone (a resume) → the same
  assert.notDeepEqual(randomConfig(space, 43, 17, 'lstm'), a[17]);
  const lrs = a.map((c) => c.learningRate as number);
  for (const c of a) {
    assert.ok(Number.isInteger(c.units) && (c.units as number) >= 8 && (c.units as number) <= 64, String(c.units));
    assert.ok((c.dropout as number) >= 0 && (c.dropout as number) <= 0.5);
    assert.ok(['lstm', 'gru', 'bilstm'].includes(c.arch as string));
  }
  // Log-uniform over [1e-4, 1e-2]: about half the draws below 1e-3 (a linear draw would put ~9% there).
  const below = lrs.filter((x) => x < 0.001).length / lrs.length;
  assert.ok(below > 0.4 && below < 0.6, `share below 1e-3: ${below}`);
  assert.ok(Math.min(...lrs) >= 0.0001 && Math.max(...lrs) <= 0.01);
  // Every integer in the range is reachable, the ends included.
  const units = new Set(a.map((c) => c.units));
  assert.ok(units.has(8) && units.has(64), 'both ends drawn');
  // Settings that do not apply to the drawn architecture are dropped: merge only for the BiLSTM.
  for (const c of a) assert.equal('merge' in c, c.arch === 'bilstm', JSON.stringify(c));
  // Numbers keep 4 significant digits.
  for (const x of lrs) assert.equal(Number(x.toPrecision(4)), x);
});

test('grid: every distinct point once, in an order shuffled by the seed; points training the same model merge', () => {
  const g = parseSpace({ arch: ['lstm', 'bilstm'], merge: ['concat', 'sum'], units: [8, 16] });
  const pts = gridConfigs(g, 1, 'lstm');
  // lstm × {8,16} (merge dropped: the same model either way) + bilstm × 2 merges × {8,16}
  assert.equal(pts.length, 6);
  assert.equal(new Set(pts.map((p) => JSON.stringify(p))).size, 6);
  assert.deepEqual(new Set(pts.map((p) => JSON.stringify(p))), new Set(gridConfigs(g, 2, 'lstm').map((p) => JSON.stringify(p))));
  assert.deepEqual(gridConfigs(g, 1, 'lstm'), pts, 'same seed, same order');
  const orders = new Set([1, 2, 3, 4, 5].map((s) => JSON.stringify(gridConfigs(g, s, 'lstm'))));
  assert.ok(orders.size > 1, 'the seed shuffles the order');
});

test('effective config: a stacked LSTM has ≥ 2 layers; the others none to search', () => {
  assert.deepEqual(effectiveConfig({ arch: 'stacked-lstm', layers: 1 }, 'lstm'), { arch: 'stacked-lstm', layers: 2 });
  assert.deepEqual(effectiveConfig({ arch: 'gru', layers: 3, gruResetAfter: false }, 'lstm'), { arch: 'gru', gruResetAfter: false });
});

test('trial settings: the config over the base; a searched optimizer brings its Keras learning rate unless one is searched or fixed', () => {
  const base = { model: TUTORIAL_MODEL, train: { ...TUTORIAL_TRAIN, validationSplit: 0.2, learningRate: 0.005 } };
  const a = trialSettings(base, { arch: 'stacked-lstm', units: 16, optimizer: 'sgd' }, false);
  assert.equal(a.model.arch, 'stacked-lstm');
  assert.equal(a.model.layers, 2);
  assert.equal(a.model.units, 16);
  assert.equal(a.train.learningRate, DEFAULT_LR.sgd);
  assert.equal(a.train.validationSplit, 0.2);
  assert.equal(trialSettings(base, { optimizer: 'sgd' }, true).train.learningRate, 0.005, 'fixed by --learning-rate');
  assert.equal(trialSettings(base, { optimizer: 'sgd', learningRate: 0.2 }, false).train.learningRate, 0.2);
  assert.equal(base.model.arch, 'lstm', 'the base is not changed');
});

test('random draws avoid configurations already trained, deterministically; a space of lists is finite', () => {
  const small = parseSpace({ arch: ['lstm', 'bilstm'], merge: ['sum', 'concat'], units: [8, 16] });
  assert.equal(distinctConfigs(small, 'lstm'), 6, 'lstm × 2 units + bilstm × 2 merges × 2 units');
  assert.equal(distinctConfigs(space, 'lstm'), Infinity, 'ranges make it endless');
  const huge = parseSpace(Object.fromEntries(['units', 'embeddingDim', 'maxLen', 'batchSize'].map((k) => [k, Array.from({ length: 40 }, (_, i) => i + 1)])));
  const t0 = Date.now();
  assert.equal(distinctConfigs(huge, 'lstm'), Infinity, '2.56 million points: not enumerated');
  assert.ok(Date.now() - t0 < 100);
  const drawn: TrialConfig[] = [];
  for (let i = 0; i < 6; i++) drawn.push(distinctRandomConfig(small, 1, i, 'lstm', drawn));
  assert.equal(new Set(drawn.map((c) => JSON.stringify(c))).size, 6, 'six trials, six different models');
  // Plain draws repeat in so small a space (that is what the redraw avoids).
  const plain = Array.from({ length: 6 }, (_, i) => JSON.stringify(randomConfig(small, 1, i, 'lstm')));
  assert.ok(new Set(plain).size < 6, 'the plain draws of this seed repeat a model');
  // Deterministic given the earlier trials (a resume redraws the same), and the first draw when it is new.
  const again: TrialConfig[] = [];
  for (let i = 0; i < 6; i++) again.push(distinctRandomConfig(small, 1, i, 'lstm', again));
  assert.deepEqual(again, drawn);
  assert.deepEqual(distinctRandomConfig(space, 42, 3, 'lstm', []), randomConfig(space, 42, 3, 'lstm'));
  // Exhausted: nothing new to draw, the first draw comes back.
  assert.deepEqual(distinctRandomConfig(small, 1, 6, 'lstm', drawn), randomConfig(small, 1, 6, 'lstm'));
});
