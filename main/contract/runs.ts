// Contract calls about runs: start (one or a group), cancel, resume, re-run, the queue, the runs table,
// metric series for charts, comparisons, tags/notes, deletion and CSV/JSON export.
import { z } from 'zod';
import { modelSpecSchema, trainSpecSchema, ARCHITECTURES } from '../model/spec.js';
import { NOTES_MAX_CHARS, RUN_NAME_MAX, TAGS_MAX, TAG_MAX_CHARS } from './limits.js';
import {
  archSchema, artifactSchema, epochMetricsSchema, noParams, queueStateSchema, runIdSchema, runIdsSchema,
  pairedSchema, runStatusSchema, runSummarySchema, testMetricsSchema,
} from './common.js';

const tagSchema = z.string().trim().min(1, 'tags must not be empty').max(TAG_MAX_CHARS, `a tag is at most ${TAG_MAX_CHARS} characters`);
const tagsSchema = z.array(tagSchema).max(TAGS_MAX, `at most ${TAGS_MAX} tags`);
const notesSchema = z.string().max(NOTES_MAX_CHARS, `notes are at most ${NOTES_MAX_CHARS.toLocaleString('en-US')} characters`);

/** What to queue: one run, the same settings for several architectures, or N seeds of one config. */
export const runGroupSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('single') }),
  z.strictObject({
    kind: z.literal('archs'),
    archs: z
      .array(archSchema)
      .min(1, 'pick at least one architecture')
      .max(ARCHITECTURES.length)
      .refine((a) => new Set(a).size === a.length, { message: 'architectures must be distinct' }),
  }),
  z.strictObject({
    kind: z.literal('seeds'),
    count: z.number().int().min(1, 'count must be at least 1').max(50, 'at most 50 seeds'),
    /** Seeds are firstSeed, firstSeed+1, …; default: train.seed. */
    firstSeed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  }),
]);

export const startRunsParams = z.strictObject({
  /** Display name (default: derived from the architecture and settings). */
  name: z.string().trim().max(RUN_NAME_MAX).optional(),
  model: modelSpecSchema,
  train: trainSpecSchema,
  tags: tagsSchema.default([]),
  notes: notesSchema.default(''),
  group: runGroupSchema.default({ kind: 'single' }),
});
export const startRunsResult = z.object({
  runIds: z.array(runIdSchema),
  /** Set when more than one run was queued together (a comparison or a seed set). */
  groupId: z.string().nullable(),
});

export const runRefParams = z.strictObject({ runId: runIdSchema });

export const cancelRunResult = z.object({ runId: runIdSchema, status: runStatusSchema });

/** resumeRun continues the SAME run from its last epoch checkpoint (its curves continue); rerun makes a child run. */
export const resumeRunParams = z.strictObject({ runId: runIdSchema });
/** The run that continues (resume: the same id; rerun: the new run's id). */
export const runRefResult = z.object({ runId: runIdSchema });

export const getQueueParams = noParams;
export const getQueueResult = queueStateSchema;

export const RUN_SORT_KEYS = [
  'createdAt', 'name', 'arch', 'status', 'bestValAccuracy', 'finalValAccuracy', 'testAccuracy', 'params', 'durationMs',
] as const;
export const listRunsParams = z.strictObject({
  status: z.array(runStatusSchema).max(6).optional(),
  arch: z.array(archSchema).max(ARCHITECTURES.length).optional(),
  tag: z.string().max(40).optional(),
  groupId: z.string().max(64).optional(),
  /** Case-insensitive substring of name, tags or notes. */
  search: z.string().max(200).optional(),
  sortBy: z.enum(RUN_SORT_KEYS).default('createdAt'),
  sortDir: z.enum(['asc', 'desc']).default('desc'),
  limit: z.number().int().min(1).max(1000).default(200),
  offset: z.number().int().min(0).default(0),
});
export const listRunsResult = z.object({ runs: z.array(runSummarySchema), total: z.number().int().min(0) });

export const getRunResult = z.object({
  run: runSummarySchema,
  epochs: z.array(epochMetricsSchema),
  test: testMetricsSchema.nullable(),
  artifacts: z.array(artifactSchema),
  data: z.object({ source: z.string(), fingerprint: z.string() }).nullable(),
  appVersion: z.string().nullable(),
  stopReason: z.string().nullable(),
  msPerStep: z.number().nullable(),
});
export type RunDetail = z.infer<typeof getRunResult>;

export const deleteRunsParams = z.strictObject({ runIds: runIdsSchema(1000) });
export const deleteRunsResult = z.object({ deleted: z.array(runIdSchema) });

/** Chartable metrics: batch-level for loss/accuracy/examples_per_sec, epoch-level for all. */
export const METRICS = ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'examples_per_sec'] as const;
export const getMetricSeriesParams = z.strictObject({
  runIds: runIdsSchema(50),
  metric: z.enum(METRICS),
  /** 'batch' is only available for loss, accuracy and examples_per_sec. */
  level: z.enum(['batch', 'epoch']).default('batch'),
  /** Down-sample each series to at most this many points (for charts). */
  maxPoints: z.number().int().min(2).max(20000).default(1000),
});
export const metricSeriesSchema = z.object({
  runId: runIdSchema,
  /** Position in fractional epochs (epoch − 1 + batch / batches; epoch-level points sit at whole epochs). */
  x: z.array(z.number()),
  y: z.array(z.number()),
});
export const getMetricSeriesResult = z.object({
  metric: z.enum(METRICS),
  level: z.enum(['batch', 'epoch']),
  series: z.array(metricSeriesSchema),
});

export const compareRunsParams = z.strictObject({ runIds: runIdsSchema(20) });
const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const compareRunsResult = z.object({
  runs: z.array(runSummarySchema),
  /** Every hyperparameter (model.* and train.* keys), its value per run (in runs order), and whether they differ. */
  diff: z.array(z.object({ key: z.string(), values: z.array(cell), differs: z.boolean() })),
  /** Best epoch (lowest val loss, else last) vs last epoch per run. */
  epochs: z.array(
    z.object({
      runId: runIdSchema,
      best: epochMetricsSchema.nullable(),
      last: epochMetricsSchema.nullable(),
    }),
  ),
  /**
   * Exactly two runs with stored predictions on the same test reviews, compared review by review (first run = A,
   * second = B): b = A right & B wrong, c = A wrong & B right, accuracyDiff = acc(B) − acc(A) = (c − b)/n with a
   * 95% Wald interval for paired proportions, McNemar's exact two-sided p-value, and the agreement rate.
   */
  paired: pairedSchema.nullable(),
  /** Why `paired` is null: not two runs, a run without stored predictions, different test reviews, a damaged file. */
  pairedNote: z.string().nullable(),
});

export const setTagsParams = z.strictObject({ runId: runIdSchema, tags: tagsSchema });
export const setTagsResult = z.object({ runId: runIdSchema, tags: z.array(z.string()) });
export const setNotesParams = z.strictObject({ runId: runIdSchema, notes: notesSchema });
export const setNotesResult = z.object({ runId: runIdSchema, notes: z.string() });

export const exportRunsCsvParams = z.strictObject({
  runIds: runIdsSchema(1000),
  /** csv: one row per epoch of each run (with the run's settings); json: runs with epochs and test metrics. */
  format: z.enum(['csv', 'json']).default('csv'),
});
export const exportRunsCsvResult = z.object({
  filename: z.string(),
  mime: z.string(),
  content: z.string(),
});

/** Per-review test predictions for finished runs logged before they were stored (their final weights, re-evaluated). */
export const reevaluateRunsParams = z.strictObject({ runIds: runIdsSchema(20) });
export const reevaluateRunsResult = z.object({
  results: z.array(z.object({ runId: runIdSchema, outcome: z.enum(['written', 'present']), n: z.number().int(), accuracy: z.number().nullable() })),
});
