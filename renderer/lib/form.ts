// The New-experiment form as plain data: text fields parsed into a ModelSpec/TrainSpec with one
// message per field, checked by the same zod schemas the core applies. Pure (no DOM): unit-tested.
import {
  modelSpecSchema, trainSpecSchema, TUTORIAL_MODEL, TUTORIAL_TRAIN,
  type Architecture, type ModelSpec, type OptimizerName, type TrainSpec,
} from '../../main/contract/index.js';

export type GroupKind = 'single' | 'archs' | 'seeds';
export type Merge = ModelSpec['merge'];

/** Numbers are kept as typed text so half-typed input can be shown with an error instead of lost. */
export interface FormState {
  name: string;
  tags: string;
  arch: Architecture;
  numWords: string;
  maxLen: string;
  embeddingDim: string;
  units: string;
  layers: string;
  dropout: string;
  recurrentDropout: string;
  gruResetAfter: boolean;
  maskZero: boolean;
  merge: Merge;
  optimizer: OptimizerName;
  learningRate: string;
  momentum: string;
  batchSize: string;
  epochs: string;
  seed: string;
  clipNorm: string;
  earlyStopping: string;
  limitTrain: string;
  limitTest: string;
  validation: boolean;
  groupKind: GroupKind;
  groupArchs: Architecture[];
  seedCount: string;
}

export type FieldErrors = Partial<Record<keyof FormState, string>>;

export interface ParsedForm {
  name: string | undefined;
  tags: string[];
  model: ModelSpec;
  train: TrainSpec;
  group: { kind: 'single' } | { kind: 'archs'; archs: Architecture[] } | { kind: 'seeds'; count: number };
}

const str = (v: number | null): string => (v === null ? '' : String(v));

/** The form showing a given spec (presets, re-run with changes). */
export function formFromSpecs(model: ModelSpec, train: TrainSpec): FormState {
  return {
    name: '',
    tags: '',
    arch: model.arch,
    numWords: str(model.numWords),
    maxLen: str(model.maxLen),
    embeddingDim: str(model.embeddingDim),
    units: str(model.units),
    layers: str(model.layers),
    dropout: str(model.dropout),
    recurrentDropout: str(model.recurrentDropout),
    gruResetAfter: model.gruResetAfter,
    maskZero: model.maskZero,
    merge: model.merge,
    optimizer: train.optimizer,
    learningRate: str(train.learningRate),
    momentum: str(train.momentum),
    batchSize: str(train.batchSize),
    epochs: str(train.epochs),
    seed: str(train.seed),
    clipNorm: str(train.clipNorm),
    earlyStopping: str(train.earlyStopping),
    limitTrain: str(train.limitTrain),
    limitTest: str(train.limitTest),
    validation: train.validation,
    groupKind: 'single',
    groupArchs: ['lstm', 'gru', 'bilstm'],
    seedCount: '3',
  };
}

export function tutorialForm(): FormState {
  return formFromSpecs(TUTORIAL_MODEL, TUTORIAL_TRAIN);
}

/** Text → number; '' is null when `optional`, else an error message. */
function num(text: string, optional: boolean): number | null | string {
  const t = text.trim();
  if (t === '') return optional ? null : 'required';
  // Accept "1e-3" and "0.001"; reject "12abc", "1,000".
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return 'must be a number';
  return Number(t);
}

const MODEL_NUM = ['numWords', 'maxLen', 'embeddingDim', 'units', 'layers', 'dropout', 'recurrentDropout'] as const;
const TRAIN_NUM = ['learningRate', 'momentum', 'batchSize', 'epochs', 'seed'] as const;
const TRAIN_OPT = ['clipNorm', 'earlyStopping', 'limitTrain', 'limitTest'] as const;

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
  'numWords', 'maxLen', 'embeddingDim', 'units', 'layers', 'dropout', 'recurrentDropout', 'learningRate', 'momentum',
  'batchSize', 'epochs', 'seed', 'clipNorm', 'earlyStopping', 'limitTrain', 'limitTest', 'groupArchs', 'seedCount', 'name', 'tags',
];

/** Parses and validates the whole form: the specs to send, or one message per bad field. */
export function parseForm(f: FormState): { ok: true; value: ParsedForm } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const nums: Record<string, number | null> = {};
  for (const k of [...MODEL_NUM, ...TRAIN_NUM, ...TRAIN_OPT]) {
    const optional = (TRAIN_OPT as readonly string[]).includes(k);
    const v = num(f[k], optional);
    if (typeof v === 'string') errors[k] = v;
    else nums[k] = v;
  }
  const model = {
    arch: f.arch, numWords: nums.numWords, maxLen: nums.maxLen, embeddingDim: nums.embeddingDim, units: nums.units,
    layers: nums.layers, dropout: nums.dropout, recurrentDropout: nums.recurrentDropout,
    gruResetAfter: f.gruResetAfter, maskZero: f.maskZero, merge: f.merge,
  };
  const train = {
    optimizer: f.optimizer, learningRate: nums.learningRate, momentum: nums.momentum, batchSize: nums.batchSize,
    epochs: nums.epochs, seed: nums.seed, clipNorm: nums.clipNorm, earlyStopping: nums.earlyStopping,
    limitTrain: nums.limitTrain, limitTest: nums.limitTest, validation: f.validation,
  };
  const m = modelSpecSchema.safeParse(model);
  const t = trainSpecSchema.safeParse(train);
  for (const issue of [...(m.success ? [] : m.error.issues), ...(t.success ? [] : t.error.issues)]) {
    const key = issue.path[0];
    if (typeof key === 'string' && key in f && !errors[key as keyof FormState]) {
      errors[key as keyof FormState] = friendly(issue.message.replace(new RegExp(`^${key} `), ''));
    }
  }
  if (f.arch === 'stacked-lstm' && !errors.layers && (nums.layers ?? 0) < 2) errors.layers = 'a stacked LSTM needs at least 2 layers';
  let group: ParsedForm['group'] = { kind: 'single' };
  if (f.groupKind === 'archs') {
    if (f.groupArchs.length === 0) errors.groupArchs = 'pick at least one architecture';
    group = { kind: 'archs', archs: [...f.groupArchs] };
  } else if (f.groupKind === 'seeds') {
    const c = num(f.seedCount, false);
    if (typeof c === 'string') errors.seedCount = c;
    else if (c === null || !Number.isInteger(c) || c < 1 || c > 50) errors.seedCount = 'must be a whole number from 1 to 50';
    else group = { kind: 'seeds', count: c };
  }
  const tags = f.tags.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (tags.some((s) => s.length > 40)) errors.tags = 'a tag is at most 40 characters';
  if (f.name.trim().length > 200) errors.name = 'at most 200 characters';
  if (Object.keys(errors).length > 0 || !m.success || !t.success) return { ok: false, errors };
  const name = f.name.trim();
  return { ok: true, value: { name: name === '' ? undefined : name, tags, model: m.data, train: t.data, group } };
}
