// A study's statistics (main/studies/stats.ts) against independently computed references.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holmAdjust, summarize, welchTest } from '../../../main/studies/stats.js';

const close = (a: number, b: number, tol = 1e-9, msg?: string) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), msg ?? `${a} ≉ ${b}`);

// Two groups of three seeds' test accuracies (the issue's LSTM and GRU figures, rounded).
const LSTM = [0.8556, 0.8581, 0.8579];
const GRU = [0.8608, 0.8651, 0.8623];

test('summarize: mean, sample sd and the Student-t 95% interval equal SciPy 1.17.1', () => {
  // Reference: numpy mean, std(ddof=1); mean ± scipy.stats.t.ppf(0.975, n − 1)·sd/√n.
  const s = summarize(LSTM)!;
  assert.equal(s.n, 3);
  close(s.mean, 0.8572000000000001);
  close(s.sd!, 0.0013892443989449554);
  close(s.ci95![0], 0.853748925597743);
  close(s.ci95![1], 0.8606510744022572);
  const g = summarize(GRU)!;
  close(g.sd!, 0.0021825062046494366);
  close(g.ci95![0], 0.8573116873642346);
  close(g.ci95![1], 0.8681549793024321);
});

test('summarize: one value has a mean but no spread; no values, nothing; non-finite values are refused', () => {
  assert.deepEqual(summarize([0.7]), { n: 1, mean: 0.7, sd: null, ci95: null });
  assert.equal(summarize([]), null);
  assert.throws(() => summarize([0.5, NaN]), /finite/);
});

test("Welch's t test equals scipy.stats.ttest_ind(a, b, equal_var=False) with its confidence_interval(0.95)", () => {
  // Reference values computed with SciPy 1.17.1.
  const w = welchTest(LSTM, GRU)!;
  close(w.t, -3.7044712942228455);
  close(w.pValue, 0.02769279803528877);
  close(w.df, 3.3921629827676893);
  close(w.ci95[0], -0.00999065656510897);
  close(w.ci95[1], -0.0010760101015575875);
  close(w.diff, 0.8572000000000001 - 0.8627333333333334);
  // Unequal sizes and spreads.
  const w2 = welchTest([72.1, 73.5, 70.9, 74.2, 71.8], [85.2, 85.9])!;
  close(w2.t, -18.8852971981322);
  close(w2.pValue, 9.09571675310114e-6, 1e-7);
  close(w2.df, 4.902042461703837);
  close(w2.ci95[0], -14.837037047698109);
  close(w2.ci95[1], -11.262962952301914);
  // Swapping the groups flips the sign and keeps p.
  const back = welchTest(GRU, LSTM)!;
  close(back.t, 3.7044712942228455);
  close(back.pValue, w.pValue);
});

test('Welch: undefined with fewer than two seeds in a group or no spread at all', () => {
  assert.equal(welchTest([0.8], [0.81, 0.82]), null);
  assert.equal(welchTest([0.8, 0.8], [0.81, 0.81]), null);
  assert.ok(welchTest([0.8, 0.8], [0.81, 0.83]));
});

test("Holm's adjustment equals R's p.adjust(p, method = 'holm')", () => {
  // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") → 0.03 0.06 0.06 0.02 (sorted p·(m − i + 1), running max).
  const adj = holmAdjust([0.01, 0.04, 0.03, 0.005]);
  [0.03, 0.06, 0.06, 0.02].forEach((v, i) => close(adj[i]!, v, 1e-12));
  // R: p.adjust(c(0.5, 0.6, 0.001), "holm") → 1.000 1.000 0.003 (capped at 1).
  const capped = holmAdjust([0.5, 0.6, 0.001]);
  [1, 1, 0.003].forEach((v, i) => close(capped[i]!, v, 1e-12));
  // Tests that could not run stay null and are not counted: m = 2 here.
  assert.deepEqual(holmAdjust([null, 0.02, 0.04]), [null, 0.04, 0.04]);
});
