// The search space is checked against the run settings' own schemas: every bad space is refused with a
// message naming the setting, before any trial could start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SPACE, MAX_GRID_POINTS, SpaceError, gridSize, parseSpace } from '../../../main/model/sweep-space.js';
import { checkRunRequest } from '../../../main/runs/queue.js';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../../main/model/spec.js';
import { randomConfig, trialSettings } from '../../../main/sweeps/sampler.js';

const refuses = (input: unknown, message: RegExp, fixed: string[] = [], arch: 'lstm' | 'gru' | null = null) =>
  assert.throws(() => parseSpace(input, new Set(fixed as never[]), arch), (e: unknown) => e instanceof SpaceError && message.test(e.message), String(message));

test('a space of lists and ranges parses; keys may be settings or their CLI flags; lists may be written bare', () => {
  const s = parseSpace({ arch: ['lstm', 'gru'], 'embedding-dim': { values: [32, 64] }, learningRate: { min: 0.0001, max: 0.01, scale: 'log' }, dropout: { min: 0, max: 0.5 } });
  assert.deepEqual(s, {
    arch: { values: ['lstm', 'gru'] },
    embeddingDim: { values: [32, 64] },
    dropout: { min: 0, max: 0.5, scale: 'linear' },
    learningRate: { min: 0.0001, max: 0.01, scale: 'log' },
  });
  // Settings' order, not the file's.
  assert.deepEqual(Object.keys(s), ['arch', 'embeddingDim', 'dropout', 'learningRate']);
});

test('bad spaces are refused with the setting and the reason', () => {
  refuses([1, 2], /must be a JSON object/);
  refuses(null, /must be a JSON object/);
  refuses({}, /the search space is empty/);
  refuses({ unitz: [8] }, /unknown setting "unitz".*units/);
  refuses({ units: [] }, /units: "values" must be a non-empty list/);
  refuses({ units: [8, 8] }, /units: 8 is listed twice/);
  refuses({ units: [8, 5000] }, /units: 5000 is not allowed \(units must be at most 2048\)/);
  refuses({ units: [8.5] }, /units: 8.5 is not allowed \(units must be an integer\)/);
  refuses({ arch: ['lstm', 'transformer'] }, /arch: "transformer" is not allowed \(arch must be one of rnn, lstm, gru, bilstm, stacked-lstm\)/);
  refuses({ arch: { min: 1, max: 2 } }, /arch is a choice \(rnn, lstm, gru, bilstm, stacked-lstm\): give a list of values, not a range/);
  refuses({ maskZero: { min: 0, max: 1 } }, /maskZero is a true\/false setting/);
  refuses({ dropout: { min: 0.5, max: 0.1 } }, /dropout: the range is empty \(min 0.5 > max 0.1\)/);
  refuses({ dropout: { min: 0, max: 1 } }, /dropout: max 1 is outside the setting's limits \(dropout must be in \[0, 1\)\)/);
  refuses({ learningRate: { min: 0, max: 0.1, scale: 'log' } }, /learningRate: a log-scale range needs min > 0, got 0/);
  refuses({ learningRate: { min: 0.001, max: 20 } }, /learningRate: max 20 is outside the setting's limits/);
  refuses({ learningRate: { min: 0.001, max: 0.1, scale: 'ln' } }, /"scale" must be "linear" or "log"/);
  refuses({ units: { min: 8, max: 64.5 } }, /units is an integer: min and max must be integers/);
  refuses({ units: { values: [8], min: 1, max: 2 } }, /either "values" or a range/);
  refuses({ units: { value: [8] } }, /unknown field "value"/);
  refuses({ units: 8 }, /units: give a list of values/);
  refuses({ units: [8], 'units-x': [1] }, /unknown setting "units-x"/);
  refuses({ units: [8], units_: [1] }, /unknown setting/);
  refuses({ epochs: [1, 2] }, /epochs is not searched: --epochs is the most a trial trains/);
  refuses({ validationSplit: [0.1] }, /validationSplit is not searched/);
  refuses({ seed: [1, 2] }, /seed is not searched/);
  refuses({ 'limit-train': [100] }, /limitTrain is not searched/);
});

test('a setting fixed by a flag leaves the space; a space with nothing left is refused', () => {
  assert.deepEqual(parseSpace({ units: [8, 16], dropout: [0, 0.2] }, new Set(['units'])), { dropout: { values: [0, 0.2] } });
  refuses({ units: [8, 16] }, /every setting in the search space is fixed by a flag \(--units\)/, ['units']);
});

test('architecture-only settings must be reachable by one of the trials\' architectures', () => {
  refuses({ merge: ['sum', 'concat'] }, /merge applies to bilstm only, but the trials' architectures \(lstm\) never use it/);
  refuses({ arch: ['lstm', 'gru'], layers: [2, 3] }, /layers applies to stacked-lstm only/);
  refuses({ gruResetAfter: [true, false] }, /gruResetAfter applies to gru only/, ['arch'], 'lstm');
  assert.ok(parseSpace({ gruResetAfter: [true, false] }, new Set(['arch']), 'gru').gruResetAfter);
  refuses({ arch: ['stacked-lstm'], layers: [1] }, /a stacked LSTM has at least 2 layers/);
});

test('grid search needs lists; its size is the product of the lists', () => {
  assert.equal(gridSize(parseSpace({ units: [8, 16, 32], maskZero: [true, false] })), 6);
  assert.throws(() => gridSize(parseSpace({ learningRate: { min: 0.001, max: 0.01 } })), /grid search needs a list of values for learningRate/);
  const big = Object.fromEntries(['units', 'embeddingDim', 'maxLen'].map((k) => [k, Array.from({ length: 50 }, (_, i) => i + 1)]));
  assert.throws(() => gridSize(parseSpace(big)), new RegExp(`the grid has 125,000 points, more than ${MAX_GRID_POINTS.toLocaleString('en-US')}`));
});

test('the shipped default space is valid, searches everything the issue names, and its draws pass the run gate', () => {
  const s = parseSpace(DEFAULT_SPACE);
  for (const k of ['arch', 'units', 'embeddingDim', 'dropout', 'recurrentDropout', 'learningRate', 'batchSize', 'maxLen', 'numWords', 'maskZero', 'optimizer', 'head']) {
    assert.ok(k in s, k);
  }
  assert.deepEqual(s.learningRate, { min: 0.0003, max: 0.003, scale: 'log' });
  const archs = (s.arch as { values: string[] }).values;
  assert.ok(archs.includes('bilstm') && archs.includes('stacked-lstm'));
  assert.ok((s.head as { values: string[] }).values.includes('max-pool'));
  const base = { model: TUTORIAL_MODEL, train: { ...TUTORIAL_TRAIN, validationSplit: 0.2 } };
  for (let i = 0; i < 50; i++) checkRunRequest(trialSettings(base, randomConfig(s, 7, i, 'lstm'), false));
});
