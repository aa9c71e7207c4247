// Settings defined once: every field of modelSpecSchema / trainSpecSchema has words, a CLI flag, a --help
// line and a form control; one boolean parser; one normalisation (the layer count per architecture).
// Written over the schemas' keys, so a new field is covered without touching this file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ARCHITECTURES, TUTORIAL_MODEL, TUTORIAL_TRAIN, layersFor, modelSpecSchema, normalizeModelSpec, parseModelSpec, trainSpecSchema,
  type ModelSpec,
} from '../../../main/model/spec.js';
import {
  MODEL_SETTINGS, MODEL_SETTING_DOCS, SETTINGS, TRAIN_SETTINGS, TRAIN_SETTING_DOCS, kebabCase, parseBoolean, type Setting,
} from '../../../main/model/spec-settings.js';
import { checkModelSpec } from '../../../main/engine/index.js';
import { boolFlag, parseFlags } from '../../../main/cli/args.js';
import { settingOptions, withSettingFlags } from '../../../main/cli/settings.js';
import { TRAIN_OPTIONS, trainRequest } from '../../../main/runs/cli-support.js';
import { main } from '../../../main/cli/index.js';
import { UserError } from '../../../main/errors.js';
import {
  ARCH_KEY, MODEL_FORM, TRAIN_FORM, VALIDATION_KEY, formFromSpecs, parseForm, setChoice, tutorialForm, type FormSection,
} from '../../../renderer/lib/form.js';

const modelKeys = Object.keys(modelSpecSchema.shape);
const trainKeys = Object.keys(trainSpecSchema.shape);
const RUNTIME_FLAGS = ['db', 'threads', 'engine', 'tag', 'name', 'notes', 'data'];
const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function help(command: string): Promise<string> {
  let out = '';
  const code = await main([command, '--help'], { out: (t) => void (out += t), err: () => {}, isTTY: false, env: {} });
  assert.equal(code, 0);
  return out;
}

/** A value for a setting other than its default, and how it is typed on the command line. */
function another(s: Setting): { value: unknown; text: string } {
  switch (s.kind) {
    case 'boolean':
      return { value: !s.default, text: String(!s.default) };
    case 'choice': {
      const v = s.choices.find((c) => c !== s.default) ?? s.choices[0];
      return { value: v, text: String(v) };
    }
    case 'int': {
      const v = (typeof s.default === 'number' ? s.default : 0) + 1;
      return { value: v, text: String(v) };
    }
    case 'number': {
      const v = (typeof s.default === 'number' ? s.default : 0) + 0.25;
      return { value: v, text: String(v) };
    }
  }
}

test('every schema field has one setting with words, a kind matching its value and a tutorial default', () => {
  assert.deepEqual(MODEL_SETTINGS.map((s) => s.key), modelKeys);
  assert.deepEqual(TRAIN_SETTINGS.map((s) => s.key), trainKeys);
  assert.deepEqual(Object.keys(MODEL_SETTING_DOCS).sort(), [...modelKeys].sort(), 'MODEL_SETTING_DOCS: one entry per model field');
  assert.deepEqual(Object.keys(TRAIN_SETTING_DOCS).sort(), [...trainKeys].sort(), 'TRAIN_SETTING_DOCS: one entry per training field');
  assert.equal(modelKeys.filter((k) => trainKeys.includes(k)).length, 0, 'model and training keys are distinct (the form holds both)');
  const tutorial: Record<string, unknown> = { ...TUTORIAL_MODEL, ...TUTORIAL_TRAIN };
  for (const s of SETTINGS) {
    assert.ok(s.doc.label.trim() && s.doc.help.trim(), `${s.key} has a label and help text`);
    assert.equal(s.flag, kebabCase(s.key));
    assert.ok(s.key in tutorial, `${s.key} has a tutorial default`);
    const v = tutorial[s.key];
    if (s.nullable) assert.ok(s.doc.none, `${s.key}: what null means`);
    if (v === null) assert.ok(s.nullable, s.key);
    else if (s.kind === 'boolean') assert.equal(typeof v, 'boolean', s.key);
    else if (s.kind === 'choice') assert.ok(s.choices.includes(v as string), s.key);
    else assert.equal(typeof v, 'number', s.key);
  }
  const byKey = (k: string) => SETTINGS.find((s) => s.key === k);
  assert.deepEqual(byKey('merge')?.choices, ['concat', 'sum', 'ave', 'mul']);
  assert.equal(byKey('numWords')?.range, '4..88587');
  assert.equal(byKey('dropout')?.range, '0 ≤ x < 1');
  assert.equal(byKey('clipNorm')?.range, '> 0');
  assert.equal(byKey('clipNorm')?.nullable, true);
  assert.equal(byKey('earlyStopping')?.kind, 'int');
  assert.equal(byKey('layers')?.default, 2, "layers applies to stacked LSTMs only: its default is theirs");
});

test('every setting has a CLI flag on train (summary: the model settings), and --help lists each', async () => {
  const flags = SETTINGS.map((s) => s.flag);
  assert.equal(new Set(flags).size, flags.length);
  assert.ok(!flags.some((f) => RUNTIME_FLAGS.includes(f) || f === 'json'), 'no setting shadows a runtime flag');
  for (const f of [...flags, ...RUNTIME_FLAGS]) assert.ok(f in TRAIN_OPTIONS, `train --${f}`);
  const train = await help('train');
  for (const s of SETTINGS) assert.match(train, new RegExp(`^  --${s.flag} \\S+\\s+${escape(s.doc.help.slice(0, 20))}`, 'm'), `train --help: --${s.flag}`);
  for (const f of RUNTIME_FLAGS) assert.ok(train.includes(`--${f} `), `train --help: --${f}`);
  assert.match(train, /--clip-norm X\|none .*none = no clipping/);
  assert.match(train, /--mask-zero true\|false/);
  const summary = await help('summary');
  for (const s of MODEL_SETTINGS) assert.ok(summary.includes(`--${s.flag} `), `summary --help: --${s.flag}`);
  for (const s of TRAIN_SETTINGS) assert.ok(!summary.includes(`--${s.flag} `), `summary takes no --${s.flag}`);
});

test('train flags: each setting given as a flag reaches the run request; none = null; defaults otherwise', () => {
  const base = trainRequest(parseFlags([], TRAIN_OPTIONS));
  assert.deepEqual(base.model, TUTORIAL_MODEL);
  assert.deepEqual(base.train, TUTORIAL_TRAIN);
  for (const s of SETTINGS) {
    const { value, text } = another(s);
    const req = trainRequest(parseFlags([`--${s.flag}`, text], TRAIN_OPTIONS));
    const group = (s.group === 'model' ? req.model : req.train) as Record<string, unknown>;
    assert.deepEqual(group[s.key], value, `--${s.flag} ${text}`);
    if (s.nullable) {
      const none = trainRequest(parseFlags([`--${s.flag}=None`], TRAIN_OPTIONS));
      assert.equal((s.group === 'model' ? none.model : none.train)[s.key as never], null, `--${s.flag} none`);
    }
  }
  const r = trainRequest(parseFlags(['--arch', 'bilstm', '--mask-zero', 'YES', '--merge', 'sum', '--optimizer', 'sgd', '--clip-norm', '1.5'], TRAIN_OPTIONS));
  assert.deepEqual(r.model, { ...TUTORIAL_MODEL, arch: 'bilstm', maskZero: true, merge: 'sum' });
  assert.deepEqual(r.train, { ...TUTORIAL_TRAIN, optimizer: 'sgd', learningRate: 0.01, clipNorm: 1.5 });
  assert.throws(() => trainRequest(parseFlags(['--mask-zero', 'maybe'], TRAIN_OPTIONS)), /--mask-zero must be true\/false, yes\/no or 1\/0, got "maybe"/);
  assert.throws(() => trainRequest(parseFlags(['--clip-norm', 'off'], TRAIN_OPTIONS)), /--clip-norm must be a number or none, got "off"/);
  assert.throws(() => trainRequest(parseFlags(['--epochs', 'none'], TRAIN_OPTIONS)), /--epochs must be an integer, got "none"/);
  assert.throws(() => trainRequest(parseFlags(['--layers', '1.5'], TRAIN_OPTIONS)), /--layers must be an integer/);
  assert.throws(() => parseFlags(['--merge', 'sum', '--merge', 'ave'], TRAIN_OPTIONS), /--merge is given 2 times \("sum", "ave"\); give it once/);
  assert.throws(() => parseFlags(['--mask-zero=1', '--mask-zero=0'], settingOptions(MODEL_SETTINGS)), UserError);
});

test('the one boolean parser: true/false, yes/no, 1/0 in any case; anything else is refused clearly', () => {
  for (const t of ['true', 'TRUE', 'True', 'yes', 'Yes', '1', ' true ']) assert.equal(parseBoolean(t), true, t);
  for (const t of ['false', 'FALSE', 'no', 'NO', '0', 'No']) assert.equal(parseBoolean(t), false, t);
  for (const t of ['', 'maybe', 'y', 'n', 'on', 'off', '2', 'truthy']) assert.equal(parseBoolean(t), undefined, t);
  const p = parseFlags(['--validation', 'No', '--gru-reset-after', 'on'], TRAIN_OPTIONS);
  assert.equal(boolFlag(p, 'validation'), false);
  assert.equal(boolFlag(p, 'tag'), undefined);
  assert.throws(() => boolFlag(p, 'gru-reset-after'), (e: unknown) => e instanceof UserError && e.message === '--gru-reset-after must be true/false, yes/no or 1/0, got "on"');
});

function formKeys(section: FormSection): string[] {
  return [...section.text, ...section.toggles].map((c) => c.key);
}

test('every setting has a form control of its kind, and the form round-trips the specs', () => {
  assert.deepEqual([ARCH_KEY, ...formKeys(MODEL_FORM)].sort(), [...modelKeys].sort(), 'a control for every model field');
  // validation is the 'validate on' choice (with validationSplit's field), not a control of its own.
  assert.deepEqual([VALIDATION_KEY, ...formKeys(TRAIN_FORM)].sort(), [...trainKeys].sort(), 'a control for every training field');
  const form = tutorialForm() as unknown as Record<string, unknown>;
  for (const section of [MODEL_FORM, TRAIN_FORM]) {
    for (const c of section.text) {
      assert.ok(c.setting.kind === 'int' || c.setting.kind === 'number', c.key);
      assert.equal(typeof form[c.key], 'string', c.key);
    }
    for (const c of section.toggles) {
      assert.equal(c.kind === 'checkbox' ? 'boolean' : 'choice', c.setting.kind, c.key);
      if (c.kind === 'select') assert.deepEqual(c.options, c.setting.choices);
      assert.equal(form[c.key], ({ ...TUTORIAL_MODEL, ...TUTORIAL_TRAIN } as Record<string, unknown>)[c.key], c.key);
    }
  }
  // Every setting set to another value in the form comes back as that value.
  const model: Record<string, unknown> = { ...TUTORIAL_MODEL, arch: 'bilstm', maskZero: true, merge: 'sum', dropout: 0.25 };
  const train: Record<string, unknown> = { ...TUTORIAL_TRAIN, clipNorm: 2, earlyStopping: 3, validation: false, optimizer: 'rmsprop' };
  const r = parseForm(formFromSpecs(model as ModelSpec, train as typeof TUTORIAL_TRAIN));
  assert.ok(r.ok);
  assert.deepEqual(r.value.model, model);
  assert.deepEqual(r.value.train, train);
  const held = { ...TUTORIAL_TRAIN, validationSplit: 0.3 };
  const h = parseForm(formFromSpecs(TUTORIAL_MODEL, held));
  assert.ok(h.ok);
  assert.deepEqual(h.value.train, held);
  assert.equal(MODEL_FORM.text.find((c) => c.key === 'clipNorm'), undefined);
  assert.equal(TRAIN_FORM.text.find((c) => c.key === 'clipNorm')?.hint, '> 0; empty = no clipping');
  assert.equal(MODEL_FORM.text.find((c) => c.key === 'dropout')?.hint, '0 ≤ x < 1');
});

test('one normalisation: a stacked LSTM has 2..8 layers, every other architecture 1 — in the spec, the engine, the CLI and the form', async () => {
  assert.equal(normalizeModelSpec(TUTORIAL_MODEL), TUTORIAL_MODEL, 'unchanged: the same object');
  for (const arch of ARCHITECTURES) {
    for (const layers of [1, 2, 3, 8]) {
      const want = arch === 'stacked-lstm' ? Math.max(2, layers) : 1;
      const spec = { ...TUTORIAL_MODEL, arch, layers };
      assert.equal(normalizeModelSpec(spec).layers, want, `${arch} ${layers}`);
      assert.equal(layersFor(arch, layers), want);
      assert.deepEqual(parseModelSpec(spec), normalizeModelSpec(spec));
      assert.deepEqual(checkModelSpec(spec), normalizeModelSpec(spec));
    }
  }
  assert.equal(layersFor('stacked-lstm', NaN), 2);
  // The CLI: --arch stacked-lstm alone trains 2 layers (normalised when checked), summary shows them.
  let out = '';
  const code = await main(['summary', '--arch', 'stacked-lstm', '--json'], { out: (t) => void (out += t), err: () => {}, isTTY: false, env: {} });
  assert.equal(code, 0);
  assert.deepEqual((JSON.parse(out) as { layers: { name: string }[] }).layers.map((l) => l.name), ['embedding', 'lstm', 'lstm_1', 'dense']);
  const lstm = withSettingFlags(parseFlags(['--arch', 'lstm', '--layers', '3'], settingOptions(MODEL_SETTINGS)), MODEL_SETTINGS, TUTORIAL_MODEL);
  assert.equal(checkModelSpec(lstm).layers, 1);
  // The form: choosing an architecture brings the layer count into its range; 1 typed for a stacked LSTM is an error.
  const f = tutorialForm();
  setChoice(f, 'arch', 'stacked-lstm');
  assert.equal(f.layers, '2');
  f.layers = '4';
  setChoice(f, 'arch', 'stacked-lstm');
  assert.equal(f.layers, '4');
  setChoice(f, 'arch', 'gru');
  assert.equal(f.layers, '1');
  const bad = parseForm({ ...tutorialForm(), arch: 'stacked-lstm', layers: '1' });
  assert.ok(!bad.ok && bad.errors.layers === 'Stacked LSTM needs at least 2 layers');
  const ok = parseForm({ ...tutorialForm(), arch: 'lstm', layers: '3' });
  assert.ok(ok.ok && ok.value.model.layers === 1, 'a greyed-out count is normalised, not an error');
  setChoice(f, 'optimizer', 'sgd');
  assert.equal(f.learningRate, '0.01');
});
