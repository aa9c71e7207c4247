// What a study is asked to train: architectures × seeds on one set of shared settings. The grid is stored
// with the study (as JSON) and read back through the same schema, so a damaged row is reported, not trusted.
import { z } from 'zod';
import { ARCHITECTURES, ARCH_LABELS, modelSpecSchema, trainSpecSchema, type Architecture } from '../model/spec.js';
import { validate } from '../model/validate.js';

/** Most architectures × seeds one study may queue. */
export const STUDY_MAX_RUNS = 200;
export const STUDY_MAX_SEEDS = 50;
/** What a study validates on when the person did not say: Keras' validation_split=0.2 (the test set stays for the end). */
export const STUDY_DEFAULT_SPLIT = 0.2;

export const studyGridSchema = z
  .strictObject({
    archs: z
      .array(z.enum(ARCHITECTURES, { message: `architectures must be among ${ARCHITECTURES.join(', ')}` }))
      .min(1, 'a study needs at least one architecture')
      .max(ARCHITECTURES.length)
      .refine((a) => new Set(a).size === a.length, { message: 'architectures must be distinct' }),
    seeds: z
      .array(z.number().int().min(0).max(2 ** 31 - 1))
      .min(1, 'a study needs at least one seed')
      .max(STUDY_MAX_SEEDS, `at most ${STUDY_MAX_SEEDS} seeds`)
      .refine((s) => new Set(s).size === s.length, { message: 'seeds must be distinct' }),
    /** Shared settings; `model.arch` and `train.seed` are replaced per run. */
    model: modelSpecSchema,
    train: trainSpecSchema,
  })
  .refine((g) => g.archs.length * g.seeds.length <= STUDY_MAX_RUNS, { message: `a study trains at most ${STUDY_MAX_RUNS} runs (architectures × seeds)` });
export type StudyGrid = z.infer<typeof studyGridSchema>;

export interface StudyRecord {
  id: string;
  name: string;
  /** The run group holding the study's runs. */
  groupId: string;
  grid: StudyGrid;
  createdAt: string;
}

export function parseStudyGrid(input: unknown, what = 'study'): StudyGrid {
  return validate(studyGridSchema, input, what);
}

/** Seeds first, first, first + 1, … (the seed-group rule). */
export function seedList(count: number, first: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

/** "LSTM vs GRU × 3 seeds". */
export function defaultStudyName(archs: readonly Architecture[], seeds: number): string {
  return `${archs.map((a) => ARCH_LABELS[a]).join(' vs ')} × ${seeds} seed${seeds === 1 ? '' : 's'}`;
}

export interface StudyCell {
  arch: Architecture;
  seed: number;
}

/**
 * The runs of a grid, seed by seed (every architecture's first seed, then every second seed, …): a study
 * stopped half-way has comparable groups rather than all seeds of one architecture and none of another.
 */
export function studyCells(grid: StudyGrid): StudyCell[] {
  return grid.seeds.flatMap((seed) => grid.archs.map((arch) => ({ arch, seed })));
}
