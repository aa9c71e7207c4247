// The New-experiment form as plain data, generated from the run settings (main/model/spec-settings.ts): one
// control per schema field — numbers as typed text, booleans as checkboxes, choices as selects (the
// architecture as the toggles at the top) — parsed into a ModelSpec/TrainSpec with one message per field by
// the same zod schemas the core applies. Pure (no DOM): unit-tested.
import {
  ARCH_LABELS, DEFAULT_LR, layersFor, modelSpecSchema, normalizeModelSpec, trainSpecSchema, TUTORIAL_MODEL, TUTORIAL_TRAIN,
  MODEL_SETTINGS, TRAIN_SETTINGS, appliesTo, type Setting, type Architecture, type ModelSpec, type OptimizerName, type TrainSpec,
} from '../../main/contract/index.js';

export type GroupKind = 'single' | 'archs' | 'seeds' | 'study';

type KeysWhere<T, V> = { [K in keyof T]-?: T[K] extends V ? K : never }[keyof T];
/** Settings that are numbers (nullable or not): text fields. */
export type NumberKey = KeysWhere<ModelSpec, number | null> | KeysWhere<TrainSpec, number | null>;
/** Settings that are booleans: checkboxes. */
export type BoolKey = KeysWhere<ModelSpec, boolean> | KeysWhere<TrainSpec, boolean>;
/** Settings that are one of a few words: selects (the architecture: toggles). */
export type ChoiceKey = Exclude<keyof ModelSpec | keyof TrainSpec, NumberKey | BoolKey>;

type FieldValue<T> = T extends boolean ? boolean : T extends number | null ? string : T;
/** Every setting as the form holds it: numbers as typed text, so half-typed input can be shown with an error instead of lost. */
export type SettingsState = { [K in keyof ModelSpec]: FieldValue<ModelSpec[K]> } & { [K in keyof TrainSpec]: FieldValue<TrainSpec[K]> };

/** What a run validates on each epoch: the form's 'validate on' choice, kept apart from validationSplit's text. */
export type ValidateOn = 'test' | 'held-out' | 'none';
export const VALIDATE_ON: readonly { value: ValidateOn; label: string }[] = [
  { value: 'test', label: 'the test set (as the tutorial)' },
  { value: 'held-out', label: 'a part held out from training' },
  { value: 'none', label: 'nothing' },
];
/** The held-out fraction offered when 'a part held out' is chosen with none typed yet. */
export const DEFAULT_VALIDATION_SPLIT = '0.2';

export type FormState = SettingsState & {
  validateOn: ValidateOn;
  name: string;
  tags: string;
  groupKind: GroupKind;
  groupArchs: Architecture[];
  seedCount: string;
};

export type FieldErrors = Partial<Record<keyof FormState, string>>;

export interface ParsedForm {
  name: string | undefined;
  tags: string[];
  model: ModelSpec;
  train: TrainSpec;
  group: { kind: 'single' } | { kind: 'archs'; archs: Architecture[] } | { kind: 'seeds'; count: number } | { kind: 'study'; archs: Architecture[]; count: number };
}

interface ControlBase {
  label: string;
  /** The note under a text field: the setting's hint, a decimal range, what empty means. */
  hint: string;
  /** The setting's --help line, as a tooltip. */
  title: string;
  setting: Setting;
}
export type TextControl = ControlBase & { kind: 'text'; key: NumberKey };
export type CheckboxControl = ControlBase & { kind: 'checkbox'; key: BoolKey };
export type SelectControl = ControlBase & { kind: 'select'; key: ChoiceKey; options: readonly string[] };
export type Control = TextControl | CheckboxControl | SelectControl;

/** One panel of the form: text fields in a grid, then checkboxes and selects in a row. */
export interface FormSection {
  text: TextControl[];
  toggles: (CheckboxControl | SelectControl)[];
}

/** The setting shown as the Architecture toggles rather than a select. */
export const ARCH_KEY = 'arch' satisfies ChoiceKey;
/** The setting folded into the 'validate on' choice (with validationSplit's field) rather than a checkbox. */
export const VALIDATION_KEY = 'validation' satisfies BoolKey;

function control(s: Setting): Control {
  const d = s.doc;
  // validationSplit's null is the 'validate on' choice's, not an empty field's.
  const empty = s.nullable && s.key !== 'validationSplit' ? `empty = ${d.none ?? 'none'}` : '';
  const hint = [d.hint, s.kind === 'number' ? s.range : '', empty].filter((t) => !!t).join('; ');
  const base = { label: d.label, hint, title: d.help, setting: s };
  // The casts are checked by tests/unit/settings/settings.test.ts (each key's kind matches its spec type).
  if (s.kind === 'boolean') return { ...base, kind: 'checkbox', key: s.key as BoolKey };
  if (s.kind === 'choice') return { ...base, kind: 'select', key: s.key as ChoiceKey, options: s.choices };
  return { ...base, kind: 'text', key: s.key as NumberKey };
}

function section(settings: readonly Setting[]): FormSection {
  const controls = settings.filter((s) => s.key !== ARCH_KEY && s.key !== VALIDATION_KEY).map(control);
  return {
    text: controls.filter((c): c is TextControl => c.kind === 'text'),
    toggles: controls.filter((c): c is CheckboxControl | SelectControl => c.kind !== 'text'),
  };
}

export const MODEL_FORM: FormSection = section(MODEL_SETTINGS);
export const TRAIN_FORM: FormSection = section(TRAIN_SETTINGS);

/** Whether a control means anything for the architecture chosen (text fields are greyed out, toggles hidden). */
export function controlApplies(c: Control, f: FormState): boolean {
  if (c.key === 'validationSplit') return f.validateOn === 'held-out';
  return appliesTo(c.setting, f.arch);
}

const text = (v: number | null): string => (v === null ? '' : String(v));

/** The form showing a given spec (presets, re-run with changes). */
export function formFromSpecs(model: ModelSpec, train: TrainSpec): FormState {
  const out: Record<string, unknown> = { name: '', tags: '', groupKind: 'single', groupArchs: ['lstm', 'gru', 'bilstm'], seedCount: '3' };
  const specs: Record<string, unknown> = { ...model, ...train };
  for (const s of [...MODEL_SETTINGS, ...TRAIN_SETTINGS]) {
    const v = specs[s.key];
    out[s.key] = s.kind === 'int' || s.kind === 'number' ? text(v as number | null) : v;
  }
  out.validateOn = !train.validation ? 'none' : train.validationSplit === null ? 'test' : 'held-out';
  if (train.validationSplit === null) out.validationSplit = DEFAULT_VALIDATION_SPLIT;
  return out as FormState;
}

export function tutorialForm(): FormState {
  return formFromSpecs(TUTORIAL_MODEL, TUTORIAL_TRAIN);
}

/** A text field typed into. */
export function setText(f: FormState, key: NumberKey, value: string): void {
  f[key] = value;
}

/** A checkbox ticked or cleared. */
export function setCheck(f: FormState, key: BoolKey, value: boolean): void {
  f[key] = value;
}

/**
 * A choice made, and what follows from it: an architecture brings the layer count into what it allows
 * (normalizeModelSpec's rule), an optimizer its Keras default learning rate.
 */
export function setChoice(f: FormState, key: ChoiceKey, value: string): void {
  (f as Record<ChoiceKey, string>)[key] = value;
  if (key === 'arch') f.layers = String(layersFor(f.arch, Number(f.layers)));
  if (key === 'optimizer' && Object.hasOwn(DEFAULT_LR, value)) f.learningRate = String(DEFAULT_LR[value as OptimizerName]);
}

/**
 * How the form queues its runs. A study validates on a held-out part of the training reviews unless the person
 * picks otherwise: choosing "study" moves a tutorial-style "validate on the test set" to the held-out 20%.
 */
export function setGroupKind(f: FormState, kind: GroupKind): void {
  f.groupKind = kind;
  if (kind === 'study' && f.validateOn === 'test') setValidateOn(f, 'held-out');
}

/** The 'validate on' choice: the test split, a held-out part of the training reviews (its fraction typed), or nothing. */
export function setValidateOn(f: FormState, value: ValidateOn): void {
  f.validateOn = value;
  f.validation = value !== 'none';
  if (value === 'held-out' && f.validationSplit.trim() === '') f.validationSplit = DEFAULT_VALIDATION_SPLIT;
}

/** Text → number; '' is null when `optional`, else an error message. */
function num(text: string, optional: boolean): number | null | string {
  const t = text.trim();
  if (t === '') return optional ? null : 'required';
  // Accept "1e-3" and "0.001"; reject "12abc", "1,000".
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return 'must be a number';
  return Number(t);
}

/** zod's generic messages in the words the rest of the form uses. */
export function friendly(message: string): string {
  const big = /^Too big: expected number to be <=?\s*(\S+)$/.exec(message);
  if (big) return `must be at most ${big[1]}`;
  const small = /^Too small: expected number to be >=?\s*(\S+)$/.exec(message);
  if (small) return `must be at least ${small[1]}`;
  if (/expected int/.test(message)) return 'must be a whole number';
  return message;
}

/** Field names in the order the form shows them (the first bad one gets the focus). */
export const FIELD_ORDER: (keyof FormState)[] = [
  ...MODEL_FORM.text.map((c) => c.key), ...MODEL_FORM.toggles.map((c) => c.key),
  'validateOn', ...TRAIN_FORM.toggles.map((c) => c.key), ...TRAIN_FORM.text.map((c) => c.key),
  'groupArchs', 'seedCount', 'name', 'tags',
];

/** Parses and validates the whole form: the specs to send, or one message per bad field. */
export function parseForm(f: FormState): { ok: true; value: ParsedForm } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const values: Record<string, unknown> = {};
  for (const s of [...MODEL_SETTINGS, ...TRAIN_SETTINGS]) {
    if (s.kind !== 'int' && s.kind !== 'number') {
      values[s.key] = f[s.key];
      continue;
    }
    // The held-out fraction counts only when 'a part held out' is chosen, and is then required.
    if (s.key === 'validationSplit' && f.validateOn !== 'held-out') {
      values[s.key] = null;
      continue;
    }
    const v = num(f[s.key as NumberKey], s.nullable && s.key !== 'validationSplit');
    if (typeof v === 'string') errors[s.key] = v;
    else values[s.key] = v;
  }
  values.validation = f.validateOn !== 'none';
  const m = modelSpecSchema.safeParse(values);
  const t = trainSpecSchema.safeParse(values);
  for (const issue of [...(m.success ? [] : m.error.issues), ...(t.success ? [] : t.error.issues)]) {
    const key = issue.path[0];
    if (typeof key === 'string' && key in f && !errors[key as keyof FormState]) {
      errors[key as keyof FormState] = friendly(issue.message.replace(new RegExp(`^${key} `), ''));
    }
  }
  // The spec sent is normalised (normalizeModelSpec); a layer count it would raise (a stacked LSTM's 1) was
  // typed into an enabled field, so it is reported instead of changed behind the user's back.
  const model = m.success ? normalizeModelSpec(m.data) : null;
  if (m.success && model && model.layers > m.data.layers) errors.layers = `${ARCH_LABELS[f.arch]} needs at least ${model.layers} layers`;
  let group: ParsedForm['group'] = { kind: 'single' };
  if (f.groupKind === 'archs' || f.groupKind === 'study') {
    if (f.groupArchs.length === 0) errors.groupArchs = 'pick at least one architecture';
    group = { kind: 'archs', archs: [...f.groupArchs] };
  }
  if (f.groupKind === 'seeds' || f.groupKind === 'study') {
    const c = num(f.seedCount, false);
    if (typeof c === 'string') errors.seedCount = c;
    else if (c === null || !Number.isInteger(c) || c < 1 || c > 50) errors.seedCount = 'must be a whole number from 1 to 50';
    else if (f.groupKind === 'study') group = { kind: 'study', archs: [...f.groupArchs], count: c };
    else group = { kind: 'seeds', count: c };
  }
  const tags = f.tags.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (tags.some((s) => s.length > 40)) errors.tags = 'a tag is at most 40 characters';
  if (f.name.trim().length > 200) errors.name = 'at most 200 characters';
  if (Object.keys(errors).length > 0 || !model || !t.success) return { ok: false, errors };
  const name = f.name.trim();
  return { ok: true, value: { name: name === '' ? undefined : name, tags, model, train: t.data, group } };
}
