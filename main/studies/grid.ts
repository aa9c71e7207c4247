// What a study is asked to train: arms × seeds. An arm is one configuration (model and training settings, its
// seed set per run): the architectures of "LSTM vs GRU vs BiLSTM" on shared settings, or a sweep's winner next
// to the tutorial. The grid is stored with the study (as JSON) and read back through the same schema, so a
// damaged row is reported, not trusted.
import { z } from 'zod';
import { ARCH_LABELS, modelSpecSchema, parseModelSpec, trainSpecSchema, type Architecture, type ModelSpec, type TrainSpec } from '../model/spec.js';
import { validate } from '../model/validate.js';

/** Most arms × seeds one study may queue. */
export const STUDY_MAX_RUNS = 200;
export const STUDY_MAX_SEEDS = 50;
export const STUDY_MAX_ARMS = 10;
/** What a study validates on when the person did not say: Keras' validation_split=0.2 (the test set stays for the end). */
export const STUDY_DEFAULT_SPLIT = 0.2;

const armSchema = z.strictObject({
  /** Stable id within the study (an architecture's name for architecture studies). */
  key: z.string().regex(/^[a-z0-9-]{1,40}$/, 'an arm key is 1–40 lowercase letters, digits or dashes'),
  label: z.string().trim().min(1, 'an arm needs a label').max(80),
  model: modelSpecSchema,
  train: trainSpecSchema,
});
export type StudyArm = z.infer<typeof armSchema>;

export const studyGridSchema = z
  .strictObject({
    arms: z
      .array(armSchema)
      .min(1, 'a study needs at least one arm (architecture or configuration)')
      .max(STUDY_MAX_ARMS, `at most ${STUDY_MAX_ARMS} arms`)
      .refine((a) => new Set(a.map((x) => x.key)).size === a.length, { message: 'arms must be distinct' }),
    seeds: z
      .array(z.number().int().min(0).max(2 ** 31 - 1))
      .min(1, 'a study needs at least one seed')
      .max(STUDY_MAX_SEEDS, `at most ${STUDY_MAX_SEEDS} seeds`)
      .refine((s) => new Set(s).size === s.length, { message: 'seeds must be distinct' }),
  })
  .refine((g) => g.arms.length * g.seeds.length <= STUDY_MAX_RUNS, { message: `a study trains at most ${STUDY_MAX_RUNS} runs (arms × seeds)` })
  .refine((g) => new Set(g.arms.map((a) => armSignature(a))).size === g.arms.length, { message: 'two arms have the same settings' });
export type StudyGrid = z.infer<typeof studyGridSchema>;

export interface StudyRecord {
  id: string;
  name: string;
  /** The run group holding the study's runs. */
  groupId: string;
  grid: StudyGrid;
  createdAt: string;
}

/**
 * What identifies an arm's runs: its model and training settings without the seed (runs store them as queued —
 * normalised and with defaults filled — and so do a study's arms: control.ts normalises them before storing).
 */
export function armSignature(a: { model: ModelSpec; train: TrainSpec }): string {
  // Keys sorted: a run read back from the store may list its settings in another order.
  const sorted = (o: object) => Object.fromEntries(Object.entries(o).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  const { seed: _seed, ...train } = a.train;
  void _seed;
  return JSON.stringify([sorted(a.model), sorted(train)]);
}

/** One arm per architecture on shared settings. */
export function archArms(archs: readonly Architecture[], model: ModelSpec, train: TrainSpec): StudyArm[] {
  return archs.map((arch) => ({ key: arch, label: ARCH_LABELS[arch], model: parseModelSpec({ ...model, arch }), train }));
}

/** A stored or given grid; the first form of this session's grids ({archs, seeds, model, train}) reads as arms. */
export function parseStudyGrid(input: unknown, what = 'study'): StudyGrid {
  if (typeof input === 'object' && input !== null && 'archs' in input && !('arms' in input)) {
    const g = input as { archs: Architecture[]; seeds: unknown; model: unknown; train: unknown };
    const model = validate(modelSpecSchema, g.model, `${what}'s model settings`);
    const train = validate(trainSpecSchema, g.train, `${what}'s training settings`);
    return validate(studyGridSchema, { arms: archArms(g.archs, model, train), seeds: g.seeds }, what);
  }
  return validate(studyGridSchema, input, what);
}

/** Seeds first, first, first + 1, … (the seed-group rule). */
export function seedList(count: number, first: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

/** "LSTM vs GRU × 3 seeds". */
export function defaultStudyName(labels: readonly string[], seeds: number): string {
  return `${labels.join(' vs ')} × ${seeds} seed${seeds === 1 ? '' : 's'}`;
}

export interface StudyCell {
  arm: StudyArm;
  seed: number;
}

/**
 * The runs of a grid, seed by seed (every arm's first seed, then every second seed, …): a study stopped half-way
 * has comparable groups rather than all seeds of one arm and none of another.
 */
export function studyCells(grid: StudyGrid): StudyCell[] {
  return grid.seeds.flatMap((seed) => grid.arms.map((arm) => ({ arm, seed })));
}
