// Every run setting described once, read off the zod schemas in spec.ts: its kind (choice, integer, number,
// boolean), choices, bounds and nullability come from the schema, its default from TUTORIAL_MODEL /
// TUTORIAL_TRAIN, and only the words (form label, --help line) from the tables below. The CLI flags and
// their --help (main/cli/settings.ts) and the New-experiment form (renderer/lib/form.ts) are built from
// SETTINGS, so a field added to a schema gets a flag and a form control without further code — and a
// compile error here until it has its words. Browser-safe: zod and spec.ts only.
import { z } from 'zod';
import {
  ARCHITECTURES, layerRange, modelSpecSchema, normalizeModelSpec, trainSpecSchema, TUTORIAL_MODEL, TUTORIAL_TRAIN,
  type Architecture, type ModelSpec, type TrainSpec,
} from './spec.js';

export type SettingGroup = 'model' | 'train';
export type SettingKey = keyof ModelSpec | keyof TrainSpec;
export type SettingKind = 'choice' | 'int' | 'number' | 'boolean';
export type SettingValue = string | number | boolean | null;

/** The words for one setting; everything else about it comes from its schema. */
export interface SettingDoc {
  /** The New-experiment form's label. */
  label: string;
  /** What it does, one line: the --help text (and the form control's tooltip). */
  help: string;
  /** A short note under the form field. */
  hint?: string;
  /** Nullable settings: what null means (an empty form field, `--flag none`). */
  none?: string;
  /** The architectures it applies to (absent: all). The form greys out or hides it for the others. */
  archs?: readonly Architecture[];
}

export const MODEL_SETTING_DOCS: { readonly [K in keyof ModelSpec]-?: SettingDoc } = {
  arch: { label: 'architecture', help: 'recurrent architecture' },
  numWords: { label: 'num_words', help: 'vocabulary: the most frequent words kept' },
  maxLen: { label: 'maxlen', help: 'words per review after padding/truncating' },
  embeddingDim: { label: 'embedding dim', help: 'size of each word vector' },
  units: { label: 'units', help: 'units of each recurrent layer' },
  layers: {
    label: 'layers', help: 'recurrent layers stacked (at least 2; the other architectures have 1)', hint: 'stacked LSTM only (≥ 2)',
    archs: ARCHITECTURES.filter((a) => layerRange(a).max > 1),
  },
  dropout: { label: 'dropout', help: "fraction of the recurrent layers' inputs dropped while training" },
  recurrentDropout: { label: 'recurrent dropout', help: 'fraction of the recurrent state dropped while training' },
  gruResetAfter: {
    label: 'reset_after (Keras default)',
    help: "GRU reset_after: true = Keras' default (plain TF.js cannot load it), false = the TF.js-compatible variant",
    archs: ['gru'],
  },
  maskZero: { label: 'mask padding (mask_zero)', help: 'Embedding mask_zero: the recurrent layers skip the padding' },
  merge: { label: 'merge', help: 'how the two directions are combined (merge_mode)', archs: ['bilstm'] },
  head: {
    label: 'head',
    help: "what the classifier reads: the last state, or the max / mean over every step's output (GlobalMaxPooling1D / GlobalAveragePooling1D)",
  },
};

export const TRAIN_SETTING_DOCS: { readonly [K in keyof TrainSpec]-?: SettingDoc } = {
  optimizer: { label: 'optimizer', help: 'optimizer (with its Keras default learning rate unless one is given)' },
  learningRate: { label: 'learning rate', help: "the optimizer's step size" },
  momentum: { label: 'momentum', help: 'SGD momentum (adam and rmsprop ignore it)', hint: 'SGD only' },
  batchSize: { label: 'batch size', help: 'reviews per training step' },
  epochs: { label: 'epochs', help: 'passes over the training reviews' },
  seed: { label: 'seed', help: 'random seed: initial weights, shuffling, dropout' },
  clipNorm: { label: 'clip norm', help: 'clip the gradients to this global norm', none: 'no clipping' },
  earlyStopping: { label: 'early stopping patience', help: 'stop after this many epochs without a better val loss, keeping the best weights', none: 'off' },
  limitTrain: { label: 'limit train reviews', help: 'train on the first N shuffled training reviews only', none: 'all 25,000' },
  limitTest: { label: 'limit test reviews', help: 'test (and validate) on the first N shuffled test reviews only', none: 'all 25,000' },
  validation: {
    label: 'validate each epoch',
    help: "validate each epoch: on the test split (the tutorial's validation_data), or on the part held out by --validation-split",
  },
  validationSplit: {
    label: 'held-out fraction',
    hint: 'the last part of the training reviews',
    help: "Keras validation_split: validate on the last fraction of the training reviews (held out before shuffling) instead of the test split",
    none: 'validate on the test split',
  },
};

export interface Setting {
  group: SettingGroup;
  key: SettingKey;
  /** The CLI flag without its dashes: the key in kebab-case (numWords → num-words). */
  flag: string;
  kind: SettingKind;
  /** The allowed values of a 'choice'; empty for the other kinds. */
  choices: readonly string[];
  /** null is allowed (--flag none, an empty form field). */
  nullable: boolean;
  /** The schema's bounds in words ('1..2048', '0 ≤ x < 1', '> 0'); '' when it has none. */
  range: string;
  /**
   * The value when none is given: the tutorial's — for a setting of some architectures only, the normalised
   * value for the first of them (a stacked LSTM's 2 layers).
   */
  default: SettingValue;
  doc: SettingDoc;
}

export const kebabCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

interface Bound { value: number; inclusive: boolean }

/** The bounds of a zod number from its checks (gt/gte/lt/lte, min/max, positive…). */
function bounds(t: z.ZodNumber): { lo: Bound | null; hi: Bound | null } {
  let lo: Bound | null = null;
  let hi: Bound | null = null;
  for (const c of t._zod.def.checks ?? []) {
    const d = c._zod.def as { check?: string; value?: unknown; inclusive?: boolean };
    if (typeof d.value !== 'number') continue;
    const b = { value: d.value, inclusive: d.inclusive === true };
    if (d.check === 'greater_than') lo = b;
    else if (d.check === 'less_than') hi = b;
  }
  return { lo, hi };
}

function rangeText(t: z.ZodNumber, int: boolean): string {
  const { lo, hi } = bounds(t);
  const lt = (b: Bound) => (b.inclusive ? '≤' : '<');
  if (lo && hi) return int && lo.inclusive && hi.inclusive ? `${lo.value}..${hi.value}` : `${lo.value} ${lt(lo)} x ${lt(hi)} ${hi.value}`;
  if (lo) return `${lo.inclusive ? '≥' : '>'} ${lo.value}`;
  if (hi) return `${lt(hi)} ${hi.value}`;
  return '';
}

function defaultOf(group: SettingGroup, key: string, doc: SettingDoc | undefined): SettingValue {
  if (group === 'train') return (TUTORIAL_TRAIN as Record<string, SettingValue>)[key] ?? null;
  const arch = doc?.archs && !doc.archs.includes(TUTORIAL_MODEL.arch) ? doc.archs[0] : undefined;
  const model = arch ? normalizeModelSpec({ ...TUTORIAL_MODEL, arch }) : TUTORIAL_MODEL;
  return (model as Record<string, SettingValue>)[key] ?? null;
}

function describe(group: SettingGroup, schema: z.ZodObject, docs: Record<string, SettingDoc | undefined>): Setting[] {
  return Object.entries(schema.shape).map(([key, field]): Setting => {
    let t = field as z.ZodType;
    // A schema default (for records logged before the field existed) edits like the field itself.
    if (t instanceof z.ZodDefault) t = t.unwrap() as z.ZodType;
    let nullable = false;
    if (t instanceof z.ZodNullable) {
      nullable = true;
      t = t.unwrap() as z.ZodType;
    }
    let kind: SettingKind;
    let choices: readonly string[] = [];
    let range = '';
    if (t instanceof z.ZodEnum) {
      kind = 'choice';
      choices = t.options.map(String);
    } else if (t instanceof z.ZodBoolean) kind = 'boolean';
    else if (t instanceof z.ZodNumber) {
      kind = t.isInt ? 'int' : 'number';
      range = rangeText(t, t.isInt);
    } else {
      throw new Error(`spec-settings: ${group}.${key} has a schema type (${t.def.type}) the CLI and the form cannot edit yet`);
    }
    return {
      group, key: key as SettingKey, flag: kebabCase(key), kind, choices, nullable, range,
      default: defaultOf(group, key, docs[key]),
      // A missing entry (only possible by casting the tables) is caught by tests/unit/settings/settings.test.ts.
      doc: docs[key] ?? { label: key, help: '' },
    };
  });
}

export const MODEL_SETTINGS: readonly Setting[] = describe('model', modelSpecSchema, MODEL_SETTING_DOCS);
export const TRAIN_SETTINGS: readonly Setting[] = describe('train', trainSpecSchema, TRAIN_SETTING_DOCS);
/** Every setting: the model's, then training's, each in schema order. */
export const SETTINGS: readonly Setting[] = [...MODEL_SETTINGS, ...TRAIN_SETTINGS];

/** Whether a setting means anything for an architecture. */
export function appliesTo(s: Setting, arch: Architecture): boolean {
  return s.doc.archs === undefined || s.doc.archs.includes(arch);
}

const TRUE_WORDS = ['true', 'yes', '1'];
const FALSE_WORDS = ['false', 'no', '0'];
/** The words parseBoolean accepts, for messages and --help. */
export const BOOLEAN_WORDS = 'true/false, yes/no or 1/0';

/** The one boolean parser: true/yes/1 and false/no/0 (any case, surrounding spaces ignored); else undefined. */
export function parseBoolean(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  return TRUE_WORDS.includes(t) ? true : FALSE_WORDS.includes(t) ? false : undefined;
}
