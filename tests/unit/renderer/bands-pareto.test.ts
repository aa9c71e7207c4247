// Seed-group charts' computations: the Student-t interval of a group's mean (against SciPy), mean curves with
// ± sd / 95% CI bands per epoch or on a wall-time axis (with smoothing), and the accuracy-vs-time Pareto front.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proportionInterval, tInterval, zoomedRange } from '../../../renderer/lib/intervals.js';
import { bandOf, type RunCurve } from '../../../renderer/lib/bands.js';
import { bubbleRadius, paretoFront } from '../../../renderer/lib/pareto.js';
import { ema } from '../../../renderer/lib/smooth.js';
import { epochsToMinutes } from '../../../renderer/lib/wall-time.js';

const close = (a: number | null | undefined, b: number, msg: string, tol = 1e-12) => assert.ok(typeof a === 'number' && Math.abs(a - b) <= tol, `${msg}: ${a} vs ${b}`);

test('tInterval equals scipy.stats.t.interval(0.95, n − 1, loc=mean, scale=sd/√n)', () => {
  // SciPy 1.17.1: v = [0.8556, 0.8572, 0.8588] → mean 0.8572, sd 0.0016, (0.8532253796611996, 0.8611746203388005)
  const a = tInterval([0.8556, 0.8572, 0.8588]);
  close(a?.mean, 0.8572, 'mean', 1e-15);
  close(a?.sd, 0.0016, 'sd', 1e-15);
  close(a?.lo, 0.8532253796611996, 'lo');
  close(a?.hi, 0.8611746203388005, 'hi');
  // v = [0.8627, 0.8601, 0.8655, 0.8589, 0.8641] → (0.85885775001372, 0.8656622499862796), df 4 (t = 2.7764451051977934)
  const b = tInterval([0.8627, 0.8601, 0.8655, 0.8589, 0.8641]);
  close(b?.lo, 0.85885775001372, 'lo');
  close(b?.hi, 0.8656622499862796, 'hi');
  // Two values: t(0.975, 1) = 12.706204736174694 — two seeds give a wide interval, as they should.
  const c = tInterval([0.8, 0.9]);
  close(c?.hi, 0.85 + (12.706204736174694 * Math.sqrt(0.005)) / Math.sqrt(2), 'two seeds', 1e-12);
  // One value: a mean but no interval; nothing finite: null; the level is checked.
  assert.deepEqual(tInterval([0.7, null, NaN]), { n: 1, mean: 0.7, sd: 0, lo: null, hi: null, level: 0.95 });
  assert.equal(tInterval([null, undefined]), null);
  assert.throws(() => tInterval([1, 2], 1), /level must lie strictly between 0 and 1/);
});

const runs: RunCurve[] = [
  { epochs: [1, 2, 3], elapsedMs: [60_000, 120_000, 180_000], values: [0.70, 0.80, 0.84] },
  { epochs: [1, 2, 3], elapsedMs: [66_000, 126_000, 192_000], values: [0.72, 0.82, 0.86] },
  { epochs: [1, 2], elapsedMs: [54_000, 114_000], values: [0.74, null] }, // stopped early; epoch 2 has no value
];

test('bandOf: per-epoch mean with ± sd, runs that stop early count only where they have a value', () => {
  const b = bandOf(runs, 'sd');
  assert.deepEqual(b.x, [1, 2, 3]);
  assert.deepEqual(b.n, [3, 2, 2]);
  close(b.mean[0], 0.72, 'mean 1', 1e-15);
  close(b.lower[0], 0.70, 'sd of 0.70, 0.72, 0.74 is 0.02', 1e-15);
  close(b.upper[1], 0.81 + Math.SQRT2 * 0.01, 'epoch 2', 1e-15);
  close(b.mean[2], 0.85, 'epoch 3', 1e-15);
  const single = bandOf([runs[0] as RunCurve], 'ci95');
  assert.deepEqual(single.lower, [null, null, null], 'one run: no band');
  assert.deepEqual(single.mean, [0.70, 0.80, 0.84]);
});

test('bandOf: the 95% CI band uses Student t on the runs at each epoch; wall time is the group’s mean minutes', () => {
  const b = bandOf(runs, 'ci95', { xAxis: 'time' });
  // epoch 1: mean 0.72, sd 0.02, n 3 → ± 4.302652729749462 · 0.02 / √3 (SciPy t.ppf(0.975, 2))
  close(b.upper[0], 0.72 + (4.302652729749462 * 0.02) / Math.sqrt(3), 'ci epoch 1', 1e-12);
  close(b.x[0], 1, 'mean of 60, 66 and 54 s is 1 minute', 1e-12);
  close(b.x[1], 2.05, 'epoch 2: the mean of 120 and 126 s (the run without a value there does not count)', 1e-12);
  assert.throws(() => bandOf([{ epochs: [1], elapsedMs: [], values: [1] }], 'sd'), /1 epochs, 0 times and 1 values/);
});

test('bandOf smooths each run before taking the band', () => {
  const two: RunCurve[] = [
    { epochs: [1, 2, 3], elapsedMs: [1, 2, 3], values: [0.5, 0.9, 0.7] },
    { epochs: [1, 2, 3], elapsedMs: [1, 2, 3], values: [0.6, 0.7, 0.9] },
  ];
  const b = bandOf(two, 'sd', { smoothing: 0.5 });
  const s1 = ema([0.5, 0.9, 0.7], 0.5);
  const s2 = ema([0.6, 0.7, 0.9], 0.5);
  s1.forEach((v, i) => close(b.mean[i], (v + (s2[i] as number)) / 2, `smoothed mean ${i}`, 1e-15));
  close(b.upper[2], ((s1[2] as number) + (s2[2] as number)) / 2 + Math.abs((s1[2] as number) - (s2[2] as number)) / Math.SQRT2, 'smoothed sd', 1e-15);
});

test('paretoFront keeps the runs no other run beats on both accuracy and time; bubble area ∝ parameters', () => {
  const pts = [
    { accuracy: 0.86, timeMs: 600 }, // 0: front (best accuracy)
    { accuracy: 0.73, timeMs: 100 }, // 1: front (fastest)
    { accuracy: 0.85, timeMs: 700 }, // 2: dominated by 0
    { accuracy: 0.83, timeMs: 300 }, // 3: front
    { accuracy: 0.80, timeMs: 300 }, // 4: dominated by 3 (same time, less accurate)
    { accuracy: 0.83, timeMs: 300 }, // 5: a tie with 3: also on the front
    { accuracy: Number.NaN, timeMs: 50 }, // 6: no test accuracy: left out
  ];
  assert.deepEqual(paretoFront(pts), [1, 3, 5, 0]);
  assert.deepEqual(paretoFront([]), []);
  assert.equal(bubbleRadius(1_000_000, [1_000_000, 250_000]), 16);
  assert.equal(bubbleRadius(250_000, [1_000_000, 250_000]), 8);
  assert.equal(bubbleRadius(null, [1_000_000]), 4);
  assert.equal(bubbleRadius(1, [1_000_000]), 4);
});

test('zoomedRange frames the bars and whiskers on whole ticks of 1, 2, 5, 10 or 20 points, inside [0, 1]', () => {
  // lo 0.853, hi 0.866: pad 0.005 → span 0.023 → 1-point ticks, 84 % to 88 %
  assert.deepEqual(zoomedRange([0.853, 0.866, null]), { min: 0.84, max: 0.88, step: 0.01 });
  assert.deepEqual(zoomedRange([0.995, 0.999]), { min: 0.99, max: 1, step: 0.01 });
  // 0.5355 to 0.7245: pad 0.0189 → span 0.2268 → 5-point ticks: 50 % to 75 %
  assert.deepEqual(zoomedRange([0.5535, 0.7245]), { min: 0.5, max: 0.75, step: 0.05 });
  // wide (two seeds' t-interval reaching past 1): span 1.32 → 20-point ticks, clamped to [0, 1]
  assert.deepEqual(zoomedRange([0.3, 0.9, 1.4]), { min: 0, max: 1, step: 0.2 });
  assert.equal(zoomedRange([null, NaN]), null);
});

test('epochsToMinutes: linear between epoch ends from (0, 0), the last pace carried past the last finished epoch', () => {
  const ends = [{ epoch: 2, elapsedMs: 180_000 }, { epoch: 1, elapsedMs: 60_000 }]; // epoch 1 took 1 min, epoch 2 took 2
  assert.deepEqual(epochsToMinutes([0, 0.5, 1, 1.5, 2, 2.5], ends), [0, 0.5, 1, 2, 3, 4]);
  assert.equal(epochsToMinutes([1], []), null);
});

test('proportionInterval cuts an accuracy’s t interval to [0, 1] and leaves one inside alone', () => {
  // tInterval([0.1, 0.9]): 0.5 ± 12.706·0.566/√2 = 0.5 ± 5.08 reaches past both ends.
  const wide = proportionInterval([0.1, 0.9])!;
  assert.equal(wide.lo, 0);
  assert.equal(wide.hi, 1);
  // [0.8, 0.9]: only the top is cut.
  const top = proportionInterval([0.8, 0.9])!;
  assert.equal(top.lo, tInterval([0.8, 0.9])!.lo);
  assert.equal(top.hi, 1);
  assert.deepEqual(proportionInterval([0.8556, 0.8572, 0.8588]), tInterval([0.8556, 0.8572, 0.8588]));
  assert.deepEqual(proportionInterval([0.7]), tInterval([0.7]));
});
