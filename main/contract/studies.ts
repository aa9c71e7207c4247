// Contract calls about studies: architectures × seeds trained as one stored object, and what they found
// (per-architecture mean ± 95% CI, per-pair Welch tests with Holm's correction, McNemar on matched seeds,
// a sentence per pair). The result schemas mirror main/studies/results.ts.
import { z } from 'zod';
import { ARCHITECTURES, modelSpecSchema, trainSpecSchema } from '../model/spec.js';
import { RUN_NAME_MAX } from './limits.js';
import { archSchema, runIdSchema, runStatusSchema } from './common.js';

export const studyIdSchema = z.string().trim().regex(/^[A-Za-z0-9-]{1,64}$/, 'a study id is letters, digits and dashes');

export const startStudyParams = z.strictObject({
  /** Default: "LSTM vs GRU × 3 seeds". */
  name: z.string().trim().max(RUN_NAME_MAX).optional(),
  archs: z
    .array(archSchema)
    .min(1, 'pick at least one architecture')
    .max(ARCHITECTURES.length)
    .refine((a) => new Set(a).size === a.length, { message: 'architectures must be distinct' }),
  seeds: z.strictObject({
    count: z.number().int().min(1, 'at least 1 seed').max(50, 'at most 50 seeds'),
    /** Seeds are firstSeed, firstSeed+1, …; default: train.seed. */
    firstSeed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  }),
  /** Shared settings; arch and seed are set per run. */
  model: modelSpecSchema,
  train: trainSpecSchema,
});
export const startStudyResult = z.object({
  studyId: studyIdSchema,
  runIds: z.array(runIdSchema),
  /** Threads per run when the runs share the cores; null when they train one at a time. */
  threads: z.number().int().nullable(),
});

export const studyRefParams = z.strictObject({ studyId: studyIdSchema });

/** A sweep's best trial and the Keras tutorial, N seeds each, as a study (main/studies/confirm.ts). */
export const confirmSweepParams = z.strictObject({
  sweepId: z.string().trim().regex(/^[A-Za-z0-9-]{1,64}$/, 'a sweep id is letters, digits and dashes'),
  seeds: z.number().int().min(2, 'at least 2 seeds: one cannot show uncertainty').max(50, 'at most 50 seeds').default(5),
});

export const studyStatusSchema = z.enum(['running', 'finished', 'incomplete']);

export const listStudiesResult = z.object({
  studies: z.array(
    z.object({
      id: studyIdSchema,
      name: z.string(),
      createdAt: z.string(),
      status: studyStatusSchema,
      arms: z.array(z.object({ key: z.string(), label: z.string() })),
      seeds: z.array(z.number().int()),
      /** Cells (arm × seed) finished, of planned. */
      finished: z.number().int(),
      planned: z.number().int(),
    }),
  ),
});

const summarySchema = z
  .object({ n: z.number().int(), mean: z.number(), sd: z.number().nullable(), ci95: z.tuple([z.number(), z.number()]).nullable() })
  .nullable();

export const studyResultSchema = z.object({
  study: z.object({
    id: studyIdSchema,
    name: z.string(),
    groupId: z.string(),
    createdAt: z.string(),
    grid: z.object({
      arms: z.array(z.object({ key: z.string(), label: z.string(), model: modelSpecSchema, train: trainSpecSchema })),
      seeds: z.array(z.number().int()),
    }),
  }),
  status: studyStatusSchema,
  cells: z.array(
    z.object({
      arm: z.string(),
      label: z.string(),
      arch: archSchema,
      seed: z.number().int(),
      runId: runIdSchema.nullable(),
      status: z.union([runStatusSchema, z.literal('missing')]),
      testAccuracy: z.number().nullable(),
    }),
  ),
  groups: z.array(
    z.object({
      arm: z.string(),
      label: z.string(),
      arch: archSchema,
      planned: z.number().int(),
      runIds: z.array(runIdSchema),
      seeds: z.array(z.number().int()),
      accuracies: z.array(z.number()),
      accuracy: summarySchema,
      auc: summarySchema,
      trainMs: summarySchema,
    }),
  ),
  pairs: z.array(
    z.object({
      /** Arm keys; a is the group with the higher mean. */
      a: z.string(),
      b: z.string(),
      labelA: z.string(),
      labelB: z.string(),
      /** mean(a) − mean(b) of test accuracy. */
      diff: z.number(),
      ci95: z.tuple([z.number(), z.number()]).nullable(),
      t: z.number().nullable(),
      df: z.number().nullable(),
      pValue: z.number().nullable(),
      pHolm: z.number().nullable(),
      test: z.literal('welch-t'),
      matched: z.array(
        z.object({
          seed: z.number().int(),
          runA: runIdSchema,
          runB: runIdSchema,
          n: z.number().int().nullable(),
          b: z.number().int().nullable(),
          c: z.number().int().nullable(),
          accuracyDiff: z.number().nullable(),
          pValue: z.number().nullable(),
          note: z.string().nullable(),
        }),
      ),
      verdict: z.enum(['a-better', 'b-better', 'no-evidence', 'too-few-seeds']),
      sentence: z.string(),
    }),
  ),
  validation: z.enum(['test', 'held-out', 'none', 'mixed']),
  selectedOnTest: z.boolean(),
});
export type StudyResult = z.infer<typeof studyResultSchema>;

export const studyRunsResult = z.object({ studyId: studyIdSchema, runIds: z.array(runIdSchema) });
export const deleteStudyResult = z.object({ deleted: studyIdSchema });
export const studyReportResult = z.object({ filename: z.string(), mime: z.string(), content: z.string() });
