// Paired statistics of two runs (main/runs/paired.ts) against independently computed references, and the
// predictions file's checksum (main/runs/predictions-file.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mcnemarExactP, pairedComparison, pairedDiffCi, unpairableReason } from '../../../main/runs/paired.js';
import { readPredictionsFile, writePredictionsFile } from '../../../main/runs/predictions-file.js';
import { UserError } from '../../../main/errors.js';

const close = (a: number, b: number, rel = 1e-9, msg?: string) => assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), msg ?? `${a} ≉ ${b}`);

test("McNemar's exact p-value equals scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue", () => {
  // Reference values computed with SciPy 1.17.1: scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue
  // (two-sided; for p = 1/2 this is min(1, 2·P(X ≤ min(b, c)))).
  const ref: [number, number, number][] = [
    [0, 0, 1.0],
    [1, 0, 1.0],
    [3, 12, 0.03515625],
    [12, 3, 0.03515625],
    [59, 35, 0.017209595585930455],
    [310, 352, 0.11097655642141002],
    [1200, 1300, 0.047681865221043444],
    [7, 7, 1.0],
    [0, 10, 0.001953125],
  ];
  for (const [b, c, p] of ref) close(mcnemarExactP(b, c), p, 1e-9, `b=${b} c=${c}: ${mcnemarExactP(b, c)} vs scipy ${p}`);
});

test('the paired Wald interval reproduces Agresti’s presidential-approval example', () => {
  // Agresti, An Introduction to Categorical Data Analysis (2nd ed.), §8.1.1, Table 8.1: n = 1600, approve at
  // both surveys 794, approve → disapprove 150, disapprove → approve 86. Difference 0.55 − 0.59 = −0.04,
  // standard error 0.0095, 95% CI −0.04 ± 1.96(0.0095) = (−0.06, −0.02).
  const [lo, hi] = pairedDiffCi(150, 86, 1600);
  close((lo + hi) / 2, -0.04, 1e-12);
  close((hi - lo) / (2 * 1.96), 0.0095, 0.01); // the book rounds se to 0.0095 (exact 0.009549…)
  assert.equal(lo.toFixed(2), '-0.06');
  assert.equal(hi.toFixed(2), '-0.02');
  // No discordant pairs: a zero-width interval at 0, p = 1.
  assert.deepEqual(pairedDiffCi(0, 0, 100), [0, 0]);
});

test('pairedComparison counts b (A right, B wrong), c (A wrong, B right), the signed difference and agreement', () => {
  const labels = [1, 1, 0, 0, 1, 0, 1, 0];
  const a = [0.9, 0.8, 0.2, 0.6, 0.3, 0.1, 0.7, 0.5]; // right: 1 1 1 0 0 1 1 0  (0.5 counts as positive)
  const b = [0.4, 0.9, 0.6, 0.4, 0.8, 0.2, 0.6, 0.4]; // right: 0 1 0 1 1 1 1 1
  const r = pairedComparison({ probabilities: a, labels }, { probabilities: b, labels });
  assert.equal(r.n, 8);
  assert.equal(r.b, 2); // reviews 0, 2
  assert.equal(r.c, 3); // reviews 3, 4, 7
  close(r.accuracyDiff, 6 / 8 - 5 / 8);
  close(r.agreement, 3 / 8);
  close(r.pValue, 1.0); // scipy.stats.binomtest(2, 5, 0.5).pvalue = 1.0
  assert.equal(r.test, 'mcnemar-exact');
  assert.deepEqual(r.ci95, pairedDiffCi(2, 3, 8));
});

test('a predictions file round-trips, and one changed byte or a cut-off tail is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rl-preds-'));
  try {
    const path = join(dir, 'test-predictions.rlpr');
    const info = { dataFingerprint: 'abc', limitTest: 5, maxLen: 64, numWords: 1000 };
    const probs = [0.1, 0.9, 0.5, 0.25, 0.75];
    writePredictionsFile(path, info, probs, [0, 1, 1, 0, 1]);
    const p = readPredictionsFile(path);
    assert.equal(p.n, 5);
    assert.deepEqual(Array.from(p.labels), [0, 1, 1, 0, 1]);
    assert.deepEqual(Array.from(p.probabilities), Array.from(Float32Array.from(probs)));
    assert.equal(p.dataFingerprint, 'abc');
    assert.equal(unpairableReason(p, p), null);
    assert.match(unpairableReason(p, { ...p, n: 4 }) ?? '', /different test sets/);
    // Another fingerprint with the same vocabulary is other data; with another vocabulary (the fingerprint hashes the
    // encoded arrays) the same labels in order pair, other labels do not.
    assert.match(unpairableReason(p, { ...p, dataFingerprint: 'xyz' }) ?? '', /different data/);
    assert.equal(unpairableReason(p, { ...p, dataFingerprint: 'xyz', numWords: 20000 }), null);
    assert.match(unpairableReason(p, { ...p, dataFingerprint: 'xyz', numWords: 20000, labels: Uint8Array.from([1, 1, 1, 0, 1]) }) ?? '', /labels differ/);

    const good = readFileSync(path);
    const bad = Buffer.from(good);
    bad.writeFloatLE(0.99, bad.length - 5 - 4 * 5); // the first probability
    writeFileSync(path, bad);
    assert.throws(() => readPredictionsFile(path), (e: unknown) => e instanceof UserError && e.code === 'predictions_corrupt' && /do not match the SHA-256/.test(e.message));
    writeFileSync(path, good.subarray(0, good.length - 1));
    assert.throws(() => readPredictionsFile(path), (e: unknown) => e instanceof UserError && e.code === 'predictions_corrupt' && /truncated/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
