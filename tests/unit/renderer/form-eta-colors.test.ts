// The New-experiment form (parsing + inline validation with the core's schemas), presets, ETA, colours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELD_ORDER, TRAIN_FORM, controlApplies, formFromSpecs, friendly, parseForm, setValidateOn, tutorialForm } from '../../../renderer/lib/form.js';
import { PRESETS } from '../../../renderer/lib/presets.js';
import { estimateRunMs, stepsPerEpoch } from '../../../renderer/lib/eta.js';
import { RunColors, contributionColor, runColor, withAlpha, PALETTE } from '../../../renderer/lib/colors.js';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../../main/model/spec.js';

test('the tutorial form parses to the tutorial specs', () => {
  const r = parseForm(tutorialForm());
  assert.ok(r.ok);
  assert.deepEqual(r.value.model, TUTORIAL_MODEL);
  assert.deepEqual(r.value.train, TUTORIAL_TRAIN);
  assert.deepEqual(r.value.group, { kind: 'single' });
  assert.equal(r.value.name, undefined);
});

test('bad fields get one message each and nothing is returned', () => {
  const f = { ...tutorialForm(), units: '0', learningRate: 'fast', dropout: '1.5', batchSize: '', limitTrain: '30000' };
  const r = parseForm(f);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.match(r.errors.units ?? '', /at least 1/);
  assert.equal(r.errors.learningRate, 'must be a number');
  assert.match(r.errors.dropout ?? '', /\[0, 1\)/);
  assert.equal(r.errors.batchSize, 'required');
  assert.equal(r.errors.limitTrain, 'must be at most 25000');
  assert.equal(r.errors.epochs, undefined);
});

test('optional fields, tags, groups and stacked layers', () => {
  const r = parseForm({ ...tutorialForm(), limitTrain: '256', clipNorm: '', tags: ' a, b ,,', groupKind: 'seeds', seedCount: '4' });
  assert.ok(r.ok);
  assert.equal(r.value.train.limitTrain, 256);
  assert.equal(r.value.train.clipNorm, null);
  assert.deepEqual(r.value.tags, ['a', 'b']);
  assert.deepEqual(r.value.group, { kind: 'seeds', count: 4 });
  const s = parseForm({ ...tutorialForm(), arch: 'stacked-lstm', layers: '1' });
  assert.equal(s.ok, false);
  const g = parseForm({ ...tutorialForm(), groupKind: 'archs', groupArchs: [] });
  assert.equal(g.ok, false);
  const bad = parseForm({ ...tutorialForm(), groupKind: 'seeds', seedCount: '51' });
  assert.equal(bad.ok, false);
});

test("'validate on': the test set (the tutorial), a held-out part (its fraction typed), or nothing", () => {
  const f = tutorialForm();
  assert.equal(f.validateOn, 'test');
  const split = TRAIN_FORM.text.find((c) => c.key === 'validationSplit');
  assert.ok(split);
  assert.equal(TRAIN_FORM.toggles.some((c) => c.key === 'validation'), false, 'validation is part of the choice, not a checkbox');
  assert.equal(controlApplies(split, f), false);
  setValidateOn(f, 'held-out');
  assert.equal(controlApplies(split, f), true);
  let r = parseForm(f);
  assert.ok(r.ok);
  assert.deepEqual([r.value.train.validation, r.value.train.validationSplit], [true, 0.2]);
  for (const [text, error] of [['1', /\(0, 1\)/], ['', /required/], ['x', /number/]] as const) {
    const bad = parseForm({ ...f, validationSplit: text });
    assert.ok(!bad.ok && error.test(bad.errors.validationSplit ?? ''), text);
  }
  setValidateOn(f, 'none');
  r = parseForm(f);
  assert.ok(r.ok);
  assert.deepEqual([r.value.train.validation, r.value.train.validationSplit], [false, null]);
  // Re-run with changes: a stored run's choice and fraction come back.
  const back = formFromSpecs(TUTORIAL_MODEL, { ...TUTORIAL_TRAIN, validationSplit: 0.25 });
  assert.deepEqual([back.validateOn, back.validationSplit], ['held-out', '0.25']);
  assert.equal(formFromSpecs(TUTORIAL_MODEL, { ...TUTORIAL_TRAIN, validation: false }).validateOn, 'none');
});

test('every preset is a valid form; the first is the tutorial', () => {
  assert.equal(PRESETS[0]?.id, 'tutorial');
  for (const p of PRESETS) assert.ok(parseForm(p.form()).ok, p.id);
  const cmp = PRESETS.find((p) => p.id === 'compare-archs');
  const r = cmp && parseForm(cmp.form());
  assert.ok(r && r.ok);
  assert.deepEqual(r.value.group, { kind: 'archs', archs: ['lstm', 'gru', 'bilstm'] });
});

test('eta scales with steps, epochs and validation', () => {
  assert.equal(stepsPerEpoch(25000, 64), 391);
  assert.equal(estimateRunMs(null, TUTORIAL_TRAIN), null);
  const t = { ...TUTORIAL_TRAIN, epochs: 1, limitTrain: 640, limitTest: 300, validation: false };
  // 10 steps × 64 × (64/64 ms) + final test 300/3 × 1 ms
  assert.equal(estimateRunMs(64, t), 640 + 100);
  const withVal = estimateRunMs(64, { ...t, validation: true, epochs: 2 });
  assert.equal(withVal, (640 + 100) * 2 + 100);
  // A quarter held out: 480 rows train (8 steps × 64), 160 validate, the test split only at the end.
  const held = estimateRunMs(64, { ...t, validation: true, validationSplit: 0.25 });
  assert.equal(held, 512 + 160 / 3 + 100);
});

test('colours', () => {
  assert.equal(runColor(0), PALETTE[0]);
  assert.equal(runColor(PALETTE.length), PALETTE[0]);
  assert.equal(contributionColor(null, 1), 'transparent');
  assert.equal(contributionColor(0.5, 0.5), 'rgba(0, 158, 115, 0.75)');
  assert.match(contributionColor(-0.25, 0.5), /^rgba\(213, 94, 0, 0.375\)$/);
  assert.equal(withAlpha('#0072B2', 0.3), 'rgba(0, 114, 178, 0.3)');
});

test('a run keeps its colour across screens; runs first shown together get different ones', () => {
  const colors = new RunColors();
  const first = ['r1', 'r2', 'r3'].map((id) => colors.of(id));
  assert.equal(new Set(first).size, 3);
  // Another screen shows r3 first, then a new run: r3 keeps its colour, the new run takes a fresh one.
  assert.equal(colors.of('r3'), first[2]);
  assert.ok(!first.includes(colors.of('r4')));
  const many = Array.from({ length: PALETTE.length }, (_, i) => colors.of(`m${i}`));
  assert.ok(many.every((c) => PALETTE.includes(c)));
});

test('zod messages are reworded; every form field has a focus order', () => {
  assert.equal(friendly('Too big: expected number to be <=25000'), 'must be at most 25000');
  assert.equal(friendly('Too small: expected number to be >=4'), 'must be at least 4');
  assert.equal(friendly('Invalid input: expected int, received number'), 'must be a whole number');
  assert.equal(friendly('must be in [0, 1)'), 'must be in [0, 1)');
  const r = parseForm({ ...tutorialForm(), seed: '1.5', batchSize: '1.5', numWords: '2' });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.errors.seed, 'must be a whole number');
    assert.equal(r.errors.batchSize, 'must be an integer');
    assert.equal(r.errors.numWords, 'must be at least 4');
    assert.equal(FIELD_ORDER.find((k) => r.errors[k] !== undefined), 'numWords');
  }
});
