// The Sweep screen's form: the default rows are the lab's default space; fixed values, lists and ranges
// become startSweep's params (accepted by the contract); mistakes are named before anything is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSweepForm, sweepParams, type SweepForm } from '../../../renderer/lib/sweep-form.js';
import { marginals, pcpData } from '../../../renderer/lib/sweep-chart.js';
import { calls, DEFAULT_SPACE, type TrialRow } from '../../../main/contract/index.js';

const rowOf = (f: SweepForm, key: string) => {
  const r = f.rows.find((x) => x.key === key);
  assert.ok(r, key);
  return r;
};

test('the default form is the default space, and its params pass the contract', () => {
  const f = defaultSweepForm();
  const r = sweepParams(f);
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.deepEqual(Object.keys(r.params.space).sort(), Object.keys(DEFAULT_SPACE).sort());
  assert.deepEqual(r.params.space.learningRate, { min: 0.0003, max: 0.003, scale: 'log' });
  assert.deepEqual(r.params.space.arch, { values: ['lstm', 'gru', 'bilstm', 'stacked-lstm'] });
  assert.equal(r.params.train.validationSplit, 0.2);
  assert.equal(r.params.train.limitTrain, 5000);
  assert.equal(r.params.parallel, 1);
  assert.ok(r.params.fixed?.includes('merge') && !r.params.fixed.includes('units'));
  assert.equal(calls.startSweep.params.safeParse(r.params).success, true);
});

test('fixed values, lists and ranges; empty budgets are none', () => {
  const f = defaultSweepForm();
  for (const r of f.rows) r.mode = 'fixed';
  Object.assign(rowOf(f, 'units'), { mode: 'list', list: '8, 16' });
  Object.assign(rowOf(f, 'dropout'), { mode: 'range', min: '0', max: '0.4', log: false });
  Object.assign(rowOf(f, 'arch'), { value: 'gru' });
  Object.assign(rowOf(f, 'gruResetAfter'), { mode: 'list', list: 'true, no' });
  Object.assign(rowOf(f, 'clipNorm'), { value: 'none' });
  Object.assign(f, { scheduler: 'random', trials: '', minutes: '30', limitTrain: '' });
  const r = sweepParams(f);
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.deepEqual(r.params.space, { units: { values: [8, 16] }, gruResetAfter: { values: [true, false] }, dropout: { min: 0, max: 0.4, scale: 'linear' } });
  assert.equal(r.params.model.arch, 'gru');
  assert.equal(r.params.train.clipNorm, null);
  assert.equal(r.params.trials, null);
  assert.equal(r.params.budgetMinutes, 30);
  assert.equal(r.params.train.limitTrain, null);
});

test('mistakes are named', () => {
  const bad = (edit: (f: SweepForm) => void, msg: RegExp) => {
    const f = defaultSweepForm();
    edit(f);
    const r = sweepParams(f);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, msg);
  };
  bad((f) => Object.assign(rowOf(f, 'units'), { list: '8, x' }), /units: "x" is not a number/);
  bad((f) => Object.assign(rowOf(f, 'units'), { list: '8, 9.5' }), /units: 9.5 is not a whole number/);
  bad((f) => Object.assign(rowOf(f, 'arch'), { list: 'lstm, transformer' }), /arch: "transformer" is not one of/);
  bad((f) => Object.assign(rowOf(f, 'units'), { list: '' }), /units: "values" must be a non-empty list/);
  bad((f) => Object.assign(rowOf(f, 'units'), { mode: 'fixed', value: '8, 16' }), /units: "8, 16" is not a number/);
  bad((f) => Object.assign(rowOf(f, 'dropout'), { min: '0.5', max: '0.1' }), /dropout: the range is empty/);
  bad((f) => Object.assign(rowOf(f, 'merge'), { mode: 'list', list: 'sum' }) && Object.assign(rowOf(f, 'arch'), { mode: 'fixed', value: 'lstm' }), /merge applies to bilstm only/);
  bad((f) => { for (const r of f.rows) r.mode = 'fixed'; }, /the search space is empty/);
  bad((f) => Object.assign(f, { trials: '', minutes: '' }), /needs a trial budget, a time budget, or both/);
  bad((f) => Object.assign(f, { trials: '0' }), /trials: a whole number of at least 1/);
  bad((f) => Object.assign(f, { minutes: '0' }), /time budget: minutes more than 0/);
  bad((f) => Object.assign(f, { validationSplit: '1' }), /held-out fraction/);
  bad((f) => Object.assign(f, { parallel: '0' }), /trials at once: a whole number in 1\.\.64/);
});

test('parallel coordinates: a list axis is named positions, a log range stays log, val accuracy last', () => {
  const trial = (index: number, config: TrialRow['config'], valAccuracy: number | null, status: TrialRow['status'] = 'finished'): TrialRow => ({
    index, runId: `r${index}`, config, status, valAccuracy, bestEpoch: valAccuracy === null ? null : 1, epochs: 1, stoppedAtEpoch: status === 'stopped' ? 1 : null, error: null,
  });
  const d = pcpData(
    { arch: { values: ['lstm', 'gru'] }, learningRate: { min: 0.0001, max: 0.01, scale: 'log' } },
    [trial(0, { arch: 'gru', learningRate: 0.001 }, 0.8), trial(1, { arch: 'lstm', learningRate: 0.005 }, 0.6, 'stopped'), trial(2, { arch: 'lstm', learningRate: 0.002 }, null, 'queued')],
  );
  assert.deepEqual(d.labels, ['#1', '#2'], 'a trial without a validated epoch is not drawn yet');
  assert.deepEqual(d.axes.map((a) => [a.label, a.log, a.names, a.values]), [
    ['arch', false, ['lstm', 'gru'], [1, 0]],
    ['learningRate', true, null, [0.001, 0.005]],
    ['val accuracy (held-out)', false, null, [0.8, 0.6]],
  ]);
  assert.deepEqual(d.stopped, [false, true]);
});

test('marginals: one plot per searched setting, each validated trial a point (lists as categories, log kept)', () => {
  const trial = (index: number, config: TrialRow['config'], valAccuracy: number | null, status: TrialRow['status'] = 'finished'): TrialRow => ({
    index, runId: `r${index}`, config, status, valAccuracy, bestEpoch: 1, epochs: 1, stoppedAtEpoch: null, error: null,
  });
  const m = marginals(
    { arch: { values: ['lstm', 'bilstm'] }, merge: { values: ['sum', 'concat'] }, learningRate: { min: 0.0001, max: 0.01, scale: 'log' }, dropout: { min: 0, max: 0.5, scale: 'linear' } },
    [trial(0, { arch: 'lstm', learningRate: 0.001, dropout: 0.1 }, 0.8), trial(1, { arch: 'bilstm', merge: 'sum', learningRate: 0.004, dropout: 0.3 }, 0.7, 'stopped'), trial(2, { arch: 'lstm', learningRate: 0.002, dropout: 0.2 }, null)],
  );
  assert.deepEqual(m.map((x) => [x.key, x.categories, x.log]), [['arch', ['lstm', 'bilstm'], false], ['merge', ['sum', 'concat'], false], ['learningRate', null, true], ['dropout', null, false]]);
  assert.deepEqual(m[0]?.points, [{ x: 'lstm', y: 0.8, stopped: false, trial: 0 }, { x: 'bilstm', y: 0.7, stopped: true, trial: 1 }]);
  assert.deepEqual(m[1]?.points.map((p) => p.trial), [1], 'merge only where the trial has one (the BiLSTM)');
  assert.deepEqual(m[2]?.points.map((p) => p.x), [0.001, 0.004]);
});
