// Building blocks shared by several contract calls and events: ids, run statuses, run rows, errors.
// Browser-safe: imports only zod, the model spec and the sweep words.
import { z } from 'zod';
import { ARCHITECTURES, modelSpecSchema, trainSpecSchema } from '../model/spec.js';
import { TRIAL_STATUSES } from '../model/sweep-kinds.js';

/** Run ids are opaque strings (the store may use integers internally; they travel as strings). */
export const runIdSchema = z
  .string({ message: 'runId must be a string' })
  .min(1, 'runId must not be empty')
  .max(64, 'runId is too long')
  .regex(/^[A-Za-z0-9_-]+$/, 'runId may contain only letters, digits, - and _');

export const runIdsSchema = (max: number) =>
  z.array(runIdSchema).min(1, 'give at least one run id').max(max, `at most ${max} run ids`);

export const RUN_STATUSES = ['queued', 'running', 'finished', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const runStatusSchema = z.enum(RUN_STATUSES);

export const archSchema = z.enum(ARCHITECTURES);
export const splitSchema = z.enum(['train', 'test']);

/** Error codes a call may answer with (UserError codes from the core pass through as-is). */
export const ERROR_CODES = {
  badInput: 'bad_input',
  notFound: 'not_found',
  conflict: 'conflict',
  unknownMethod: 'unknown_method',
  malformed: 'malformed',
  tooLarge: 'too_large',
  unauthorized: 'unauthorized',
  unavailable: 'unavailable',
  internal: 'internal',
} as const;

/** The one error shape of every transport: a code and a one-line message for the user. */
export const contractErrorSchema = z.object({
  code: z.string().min(1).max(64),
  message: z.string().max(4000),
});
export type ContractError = z.infer<typeof contractErrorSchema>;

/** ISO-8601 timestamp strings (UTC). */
export const isoTimeSchema = z.string().min(1).max(40);

const finiteOrNull = z.number().nullable();

/** One row of the runs table (also what compareRuns returns per run). */
export const runSummarySchema = z.object({
  id: runIdSchema,
  name: z.string(),
  arch: archSchema,
  status: runStatusSchema,
  model: modelSpecSchema,
  train: trainSpecSchema,
  groupId: z.string().nullable(),
  parentId: runIdSchema.nullable(),
  tags: z.array(z.string()),
  notes: z.string(),
  createdAt: isoTimeSchema,
  startedAt: isoTimeSchema.nullable(),
  finishedAt: isoTimeSchema.nullable(),
  /** Epochs completed so far / planned. */
  epochsDone: z.number().int().min(0),
  epochs: z.number().int().min(1),
  /** Trainable parameter count (null when unknown). */
  params: finiteOrNull,
  bestEpoch: z.number().int().nullable(),
  /**
   * The best epoch (and early stopping / restore-best) was chosen on the test set: the run validated on the
   * test split (the tutorial's validation_data), so its best-val and test figures are not held-out estimates.
   */
  selectedOnTest: z.boolean(),
  bestValAccuracy: finiteOrNull,
  bestValLoss: finiteOrNull,
  finalValAccuracy: finiteOrNull,
  finalValLoss: finiteOrNull,
  testAccuracy: finiteOrNull,
  testLoss: finiteOrNull,
  /** Wall time of training so far (ms). */
  durationMs: finiteOrNull,
  /** Engine/device description the run trained on, e.g. "recurrent-lab wasm-simd ×2". */
  device: z.string().nullable(),
  /** Short engine label, e.g. "CPU ×8", "WebGPU · NVIDIA H200", "WebGPU · software". */
  engine: z.string().nullable(),
  error: z.string().nullable(),
  /** Set when the run is a sweep's trial: which, and the trial's status (ASHA's stop reads cancelled above). */
  sweepTrial: z.object({ sweepId: z.string(), index: z.number().int().min(0), status: z.enum(TRIAL_STATUSES) }).nullable().optional(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const epochMetricsSchema = z.object({
  epoch: z.number().int().min(1),
  loss: z.number(),
  accuracy: z.number(),
  valLoss: finiteOrNull,
  valAccuracy: finiteOrNull,
  examplesPerSec: z.number(),
  elapsedMs: z.number(),
});
export type EpochMetricsPayload = z.infer<typeof epochMetricsSchema>;

export const batchMetricsSchema = z.object({
  epoch: z.number().int().min(1),
  batch: z.number().int().min(1),
  batches: z.number().int().min(1),
  loss: z.number(),
  accuracy: z.number(),
  examplesPerSec: z.number(),
  elapsedMs: z.number(),
});

export const testMetricsSchema = z.object({
  loss: z.number(),
  accuracy: z.number(),
  auc: finiteOrNull,
  /** Confusion matrix at threshold 0.5. */
  confusion: z.object({ tp: z.number().int(), fp: z.number().int(), tn: z.number().int(), fn: z.number().int() }),
});
export type TestMetrics = z.infer<typeof testMetricsSchema>;

/** One file a run produced (checkpoint or export). */
export const artifactSchema = z.object({
  kind: z.string(),
  path: z.string(),
  bytes: z.number().int().min(0),
  createdAt: isoTimeSchema,
});

/** Progress of one queued/running run. */
export const queueItemSchema = z.object({
  runId: runIdSchema,
  name: z.string(),
  arch: archSchema,
  status: runStatusSchema,
  epoch: z.number().int().min(0),
  epochs: z.number().int().min(1),
  batch: z.number().int().min(0),
  batches: z.number().int().min(0),
  /** 0…1 of this run's training done. */
  fraction: z.number().min(0).max(1),
  etaMs: finiteOrNull,
});
export type QueueItem = z.infer<typeof queueItemSchema>;

export const queueStateSchema = z.object({
  running: z.array(queueItemSchema),
  queued: z.array(queueItemSchema),
  /** Estimated time until the whole queue is done (null when unknown). */
  etaMs: finiteOrNull,
});
export type QueueState = z.infer<typeof queueStateSchema>;

/** Params of calls that take nothing: an empty object (unknown keys rejected). */
/**
 * Two runs compared review by review (main/runs/paired.ts): b = A right & B wrong, c = A wrong & B right,
 * accuracyDiff = acc(B) − acc(A) = (c − b)/n with a 95% Wald interval for paired proportions, McNemar's exact
 * two-sided p-value and the agreement rate. compareRuns and listDisagreements (per length bucket) both answer it.
 */
export const pairedSchema = z.object({
  n: z.number().int(),
  b: z.number().int(),
  c: z.number().int(),
  accuracyDiff: z.number(),
  ci95: z.tuple([z.number(), z.number()]),
  pValue: z.number(),
  agreement: z.number(),
  test: z.literal('mcnemar-exact'),
  ciMethod: z.literal('wald-paired'),
});

export const noParams = z.strictObject({});
