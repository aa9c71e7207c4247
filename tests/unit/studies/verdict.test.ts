// The sentences of a study's pairs (main/studies/verdict.ts) and how its runs share the cores (control.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatP, verdictOf, verdictSentence, type PairNumbers } from '../../../main/studies/verdict.js';
import { points } from '../../../main/contract/points.js';
import { studyThreads } from '../../../main/studies/control.js';

const base: PairNumbers = { labelA: 'GRU', labelB: 'LSTM', diff: 0.004, nA: 5, nB: 5, ci95: [-0.003, 0.011], pValue: 0.21, pHolm: 0.21, pairs: 1 };

test('points and p-values read as people write them', () => {
  assert.equal(points(0.0055), '+0.55');
  assert.equal(points(-0.012), '\u22121.20');
  assert.equal(points(0.00001), '0.00');
  assert.equal(formatP(0.2149), 'p = 0.21');
  assert.equal(formatP(0.0312), 'p = 0.031');
  assert.equal(formatP(0.0004), 'p < 0.001');
});

test('the issue’s example sentence, and evidence only below 0.05 after Holm', () => {
  assert.equal(verdictSentence(base), 'GRU vs LSTM: +0.40 points (95% CI \u22120.30 to +1.10), p = 0.21 over 5 seeds each — no evidence of a difference');
  const strong = { ...base, diff: 0.0055, ci95: [0.001, 0.01] as [number, number], pValue: 0.01, pHolm: 0.03, pairs: 3 };
  assert.equal(verdictOf(strong), 'a-better');
  assert.equal(
    verdictSentence(strong),
    'GRU vs LSTM: +0.55 points (95% CI +0.10 to +1.00), p = 0.030 (Holm-adjusted over 3 pairs; unadjusted 0.010) over 5 seeds each — evidence that GRU is more accurate',
  );
  // Significant before the correction, not after: no claim.
  assert.equal(verdictOf({ ...strong, pValue: 0.02, pHolm: 0.06 }), 'no-evidence');
});

test('too few seeds or no spread: the sentence says why there is no test', () => {
  const one = { ...base, nA: 1, nB: 1, ci95: null, pValue: null, pHolm: null };
  assert.equal(verdictOf(one), 'too-few-seeds');
  assert.equal(verdictSentence(one), 'GRU vs LSTM: +0.40 points over 1 seed each — too few seeds to tell (at least 2 per architecture are needed)');
  assert.match(verdictSentence({ ...one, nA: 3, nB: 2 }), /over 3 and 2 seeds — every seed gave the same accuracy/);
});

test('a study’s runs split the cores: every core busy, never more threads than cores', () => {
  assert.equal(studyThreads(9, 2), 1);
  assert.equal(studyThreads(4, 16), 4);
  assert.equal(studyThreads(1, 8), 8);
  assert.equal(studyThreads(15, 16), 1);
  assert.equal(studyThreads(9, 2, 2), 2);
  assert.throws(() => studyThreads(9, 2, 0), /threads must be an integer/);
});
