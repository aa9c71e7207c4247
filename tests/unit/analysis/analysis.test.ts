// The error analysis' statistics (main/analysis): accuracy by review length, calibration (reliability bins,
// Brier, ECE) and the disagreement list, on hand-checkable inputs and against references computed offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracyByLength, lengthBucketBounds } from '../../../main/analysis/length-accuracy.js';
import { calibration } from '../../../main/analysis/calibration.js';
import { disagreements } from '../../../main/analysis/disagreements.js';
import { pairedByLength } from '../../../main/analysis/length-paired.js';

const close = (a: number | null, b: number, msg: string, tol = 1e-12) => assert.ok(a !== null && Math.abs(a - b) <= tol, `${msg}: ${a} vs ${b}`);

test('accuracy by length: ≤ 100, 101–200 and > 200 (truncated) tokens at maxLen 200, by hand', () => {
  // correct (p ≥ 0.5 ⇔ positive): yes, no | yes, yes (0.4 → negative) | no (0.5 counts as positive), no
  const r = accuracyByLength([0.9, 0.2, 0.6, 0.4, 0.5, 0.1], [1, 1, 1, 0, 0, 1], [50, 100, 101, 200, 201, 500], 200);
  assert.deepEqual(
    r.map((b) => [b.label, b.minLength, b.maxLength, b.truncated, b.n, b.correct, b.accuracy]),
    [
      ['≤ 100', 0, 100, false, 2, 1, 0.5],
      ['101–200', 101, 200, false, 2, 2, 1],
      ['> 200 (truncated)', 201, null, true, 2, 0, 0],
    ],
  );
  // Another window: the buckets follow the run's maxLen (half of it, all of it); an empty bucket has no accuracy.
  assert.deepEqual(lengthBucketBounds(64), [32, 64]);
  assert.deepEqual(lengthBucketBounds(75), [37, 75]);
  const small = accuracyByLength([0.7], [1], [65], 64);
  assert.deepEqual(small.map((b) => [b.label, b.n, b.accuracy]), [['≤ 32', 0, null], ['33–64', 0, null], ['> 64 (truncated)', 1, 1]]);
});

test('accuracy by length on 1,000 generated reviews equals a numpy recomputation', () => {
  // Reference: numpy 2.4.6, i = arange(1000); p = (i·0.6180339887) mod 1; y = ((i·0.7548776662) mod 1 < p^1.5);
  // L = 1 + (37·i) mod 450; correct = (p ≥ 0.5) == y; counts of L in [0,100], [101,200], [201,∞) and their correct.
  const { p, y } = generated();
  const lengths = Array.from({ length: 1000 }, (_, i) => 1 + ((37 * i) % 450));
  const r = accuracyByLength(p, y, lengths, 200);
  assert.deepEqual(r.map((b) => [b.n, b.correct]), [[224, 167], [222, 168], [554, 422]]);
});

test('accuracy by length refuses inputs that do not line up or are not lengths', () => {
  assert.throws(() => accuracyByLength([0.5], [1, 0], [3, 4], 200), /must cover the same reviews/);
  assert.throws(() => accuracyByLength([0.5], [1], [2.5], 200), /review 0 has length 2.5/);
  assert.throws(() => accuracyByLength([0.5], [1], [3], 1), /maxLen must be an integer ≥ 2/);
});

/** The generated set of the references: a model whose true positive rate is p^1.5 when it says p (over-confident). */
function generated(): { p: number[]; y: number[] } {
  const p = Array.from({ length: 1000 }, (_, i) => (i * 0.6180339887) % 1);
  const y = p.map((v, i) => (((i * 0.7548776662) % 1) < v ** 1.5 ? 1 : 0));
  return { p, y };
}

test('calibration: reliability bins, Brier and ECE equal a numpy recomputation with sklearn-style uniform bins', () => {
  // Reference: numpy 2.4.6 on the set above. Bins: k = searchsorted(linspace(0, 1, 11)[1:-1], p, side='right')
  // (scikit-learn calibration_curve's 'uniform' strategy); brier = mean((p − y)²); ece = Σ n_k/N·|mean p_k − mean y_k|.
  const { p, y } = generated();
  const c = calibration(p, y);
  close(c.brier, 0.1639626648354416, 'brier');
  close(c.ece, 0.10297735565001823, 'ece');
  close(c.mce, 0.15766193888385696, 'mce');
  const ref: [number, number, number][] = [
    [100, 0.04982367339301942, 0.0], [100, 0.15002467316501908, 0.05], [100, 0.2498812544060181, 0.13],
    [99, 0.34958113080304887, 0.1919191919191919], [101, 0.44950734076932597, 0.32673267326732675], [100, 0.5500438668360167, 0.41],
    [99, 0.6493982287889066, 0.5353535353535354], [101, 0.7495871161237797, 0.6633663366336634], [100, 0.8498620607350184, 0.76],
    [100, 0.9500630605070179, 0.9],
  ];
  assert.equal(c.bins.length, 10);
  c.bins.forEach((b, k) => {
    const [n, meanP, rate] = ref[k] as [number, number, number];
    assert.equal(b.n, n, `bin ${k} count`);
    close(b.meanPredicted, meanP, `bin ${k} mean p`);
    close(b.positiveRate, rate, `bin ${k} positive rate`);
    close(b.lower, k / 10, `bin ${k} lower`);
    close(b.upper, (k + 1) / 10, `bin ${k} upper`);
  });
  assert.match(c.binning, /10 equal-width bins of P\(positive\)/);
});

test('calibration by hand: p = 1 falls in the last bin, empty bins have no means, a constant 0.5 has Brier 0.25', () => {
  const c = calibration([1, 1, 0.05, 0.5], [1, 0, 0, 1]);
  assert.deepEqual(c.bins.map((b) => b.n), [1, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
  assert.equal(c.bins[1]?.meanPredicted, null);
  assert.equal(c.bins[9]?.positiveRate, 0.5);
  close(c.brier, (0 + 1 + 0.0025 + 0.25) / 4, 'brier');
  // |0.05 − 0|·1/4 + |0.5 − 1|·1/4 + |1 − 0.5|·2/4
  close(c.ece, 0.0125 + 0.125 + 0.25, 'ece');
  close(c.mce, 0.5, 'mce');
  close(calibration([0.5, 0.5], [0, 1]).brier, 0.25, 'brier of a coin');
  assert.throws(() => calibration([1.2], [1]), /review 0 has probability 1.2/);
  assert.throws(() => calibration([Number.NaN], [1]), /probability NaN/);
  assert.throws(() => calibration([], []), /at least one review/);
  assert.throws(() => calibration([0.5], [1, 0]), /1 probabilities for 2 labels/);
});

test('disagreements: b, c, the filter, length bounds, most differently scored first, paging', () => {
  const labels = [1, 1, 0, 0, 1, 0, 1];
  const a = [0.9, 0.45, 0.2, 0.6, 0.8, 0.1, 0.55]; // A says + − − + + − +
  const b = [0.4, 0.9, 0.3, 0.05, 0.7, 0.95, 0.45]; // B says − + − − + + −
  const lengths = [10, 300, 50, 120, 80, 250, 40];
  // Disagree on 0 (A right), 1 (B right), 3 (B right), 5 (A right), 6 (A right): b = 3, c = 2.
  const q = { filter: 'all' as const, order: 'confidence' as const, minLength: null, maxLength: null, offset: 0, limit: 10 };
  const all = disagreements({ probabilities: a, labels }, { probabilities: b, labels }, lengths, q);
  assert.equal(all.b, 3);
  assert.equal(all.c, 2);
  assert.equal(all.total, 5);
  // |pA − pB|: 0 → 0.5, 1 → 0.45, 3 → 0.55, 5 → 0.85, 6 → 0.1
  assert.deepEqual(all.items.map((d) => [d.index, d.right]), [[5, 'a'], [3, 'b'], [0, 'a'], [1, 'b'], [6, 'a']]);
  assert.deepEqual(all.items[0], { index: 5, label: 0, probabilityA: 0.1, probabilityB: 0.95, right: 'a', length: 250 });
  const byIndex = disagreements({ probabilities: a, labels }, { probabilities: b, labels }, lengths, { ...q, order: 'index', offset: 1, limit: 2 });
  assert.deepEqual(byIndex.items.map((d) => d.index), [1, 3]);
  assert.equal(byIndex.total, 5);
  const bRight = disagreements({ probabilities: a, labels }, { probabilities: b, labels }, lengths, { ...q, filter: 'b-right' });
  assert.deepEqual(bRight.items.map((d) => d.index), [3, 1]);
  assert.equal(bRight.b, 3, 'b and c count every disagreement, whatever the filter');
  const long = disagreements({ probabilities: a, labels }, { probabilities: b, labels }, lengths, { ...q, filter: 'a-right', minLength: 201 });
  assert.deepEqual(long.items.map((d) => d.index), [5]);
  const short = disagreements({ probabilities: a, labels }, { probabilities: b, labels }, lengths, { ...q, maxLength: 40 });
  assert.deepEqual(short.items.map((d) => d.index), [0, 6]);
  assert.throws(() => disagreements({ probabilities: a, labels }, { probabilities: b, labels }, lengths.slice(1), q), /same reviews/);
  assert.throws(() => disagreements({ probabilities: a, labels }, { probabilities: b, labels }, lengths, { ...q, limit: 0 }), /limit must be a positive integer/);
});

test('pairedByLength: the paired table, difference, interval and McNemar p within each length bucket', () => {
  // 6 short reviews where B fixes 4 of A's errors, 4 truncated ones where A and B are both right but one.
  const labels = [1, 1, 1, 1, 0, 0, 1, 0, 1, 0];
  const a = [0.4, 0.3, 0.2, 0.45, 0.2, 0.3, 0.9, 0.1, 0.2, 0.3];
  const b = [0.8, 0.7, 0.6, 0.55, 0.1, 0.4, 0.8, 0.2, 0.3, 0.2];
  const lengths = [50, 60, 70, 80, 90, 100, 300, 400, 500, 600];
  const r = pairedByLength({ probabilities: a, labels }, { probabilities: b, labels }, lengths, 200);
  assert.deepEqual(r.map((x) => [x.label, x.n, x.accuracyA, x.accuracyB]), [['≤ 100', 6, 2 / 6, 1], ['101–200', 0, null, null], ['> 200 (truncated)', 4, 0.75, 0.75]]);
  const short = r[0]?.paired;
  assert.equal(short?.b, 0);
  assert.equal(short?.c, 4);
  close(short?.accuracyDiff ?? null, 4 / 6, 'diff');
  close(short?.pValue ?? null, 0.125, 'McNemar p = 2·(1/2)^4 (scipy.stats.binomtest(0, 4).pvalue = 0.125)');
  assert.equal(r[1]?.paired, null);
  assert.deepEqual([r[2]?.paired?.b, r[2]?.paired?.c], [0, 0]);
  assert.throws(() => pairedByLength({ probabilities: a, labels }, { probabilities: b, labels }, lengths.slice(1), 200), /same reviews/);
});
