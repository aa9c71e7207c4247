// Contract calls about sweeps: start one (a space, a scheduler, budgets and the fixed settings), cancel and
// resume it, list them, and read one sweep's leaderboard. The space itself is checked by the core with the
// same rules as the CLI's --space file (main/model/sweep-space.ts), so its errors name the setting.
import { z } from 'zod';
import { modelSpecSchema, trainSpecSchema } from '../model/spec.js';
import { MAX_BUDGET_MINUTES, MAX_PARALLEL, MAX_TRIALS, SCHEDULERS, SWEEP_STATUSES, TRIAL_STATUSES } from '../model/sweep-kinds.js';
import { RUN_NAME_MAX } from './limits.js';
import { isoTimeSchema, noParams, runIdSchema } from './common.js';

export const sweepIdSchema = z
  .string()
  .min(1, 'sweepId is required')
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'sweepId has unexpected characters');

const settingValue = z.union([z.string().max(40), z.number(), z.boolean(), z.null()]);
/** A searched setting: a list of values (bare, or as {values}), or a numeric range. */
const spaceParamSchema = z.union([
  z.array(settingValue).max(100),
  z.strictObject({ values: z.array(settingValue).max(100) }),
  z.strictObject({ min: z.number(), max: z.number(), scale: z.enum(['linear', 'log']).default('linear') }),
]);

export const startSweepParams = z.strictObject({
  /** Trials are named "<sweep> #<n>": room is left for that within a run name's limit. */
  name: z.string().trim().max(RUN_NAME_MAX - 10, `a sweep's name is at most ${RUN_NAME_MAX - 10} characters`).optional(),
  /** Setting key → values or range. */
  space: z.record(z.string().max(40), spaceParamSchema),
  scheduler: z.enum(SCHEDULERS),
  trials: z.number().int().min(1, 'a budget of zero trials runs nothing').max(MAX_TRIALS).nullable(),
  budgetMinutes: z.number().gt(0, 'a budget of zero minutes runs nothing').max(MAX_BUDGET_MINUTES).nullable(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  parallel: z.number().int().min(1).max(MAX_PARALLEL).default(1),
  eta: z.number().int().min(2).max(100).default(3),
  minEpochs: z.number().int().min(1).default(1),
  /** Every trial's settings before its draw is laid over them; train.validationSplit is the held-out part. */
  model: modelSpecSchema,
  train: trainSpecSchema,
  /** The settings shown as fixed (not searched): a searched optimizer keeps a fixed learning rate. */
  fixed: z.array(z.string().max(40)).max(64).default([]),
});
export const startSweepResult = z.object({ sweepId: sweepIdSchema, groupId: z.string() });

export const sweepRefParams = z.strictObject({ sweepId: sweepIdSchema });
export const sweepStatusSchema = z.enum(SWEEP_STATUSES);
export const cancelSweepResult = z.object({ sweepId: sweepIdSchema, status: sweepStatusSchema });
export const resumeSweepResult = z.object({ sweepId: sweepIdSchema });

const configSchema = z.record(z.string(), settingValue);

export const listSweepsParams = noParams;
export const sweepSummarySchema = z.object({
  sweepId: sweepIdSchema,
  name: z.string(),
  scheduler: z.enum(SCHEDULERS),
  status: sweepStatusSchema,
  createdAt: isoTimeSchema,
  elapsedMs: z.number().min(0),
  trials: z.number().int().min(0),
  bestValAccuracy: z.number().nullable(),
});
export const listSweepsResult = z.object({ sweeps: z.array(sweepSummarySchema) });

export const trialRowSchema = z.object({
  index: z.number().int().min(0),
  runId: runIdSchema.nullable(),
  config: configSchema,
  status: z.enum(TRIAL_STATUSES),
  /** Best validation accuracy on the held-out part of the training reviews (never the test set). */
  valAccuracy: z.number().nullable(),
  bestEpoch: z.number().int().nullable(),
  epochs: z.number().int().min(0),
  stoppedAtEpoch: z.number().int().nullable(),
  error: z.string().nullable(),
});
export const getSweepResult = z.object({
  sweep: sweepSummarySchema.extend({
    error: z.string().nullable(),
    groupId: z.string(),
    space: z.record(z.string(), spaceParamSchema),
    trialBudget: z.number().int().nullable(),
    budgetMinutes: z.number().nullable(),
    epochs: z.number().int().min(1),
    rungs: z.array(z.number().int()),
    eta: z.number().int(),
    validationSplit: z.number(),
  }),
  trials: z.array(trialRowSchema),
  best: z.object({ index: z.number().int(), runId: runIdSchema, config: configSchema, valAccuracy: z.number(), bestEpoch: z.number().int() }).nullable(),
});

/** A sweep changed: a trial was added, changed status, or ASHA decided; or the sweep itself ended. */
export const sweepChangedEvent = z.object({ sweepId: sweepIdSchema, status: sweepStatusSchema });

export type SweepView = z.infer<typeof getSweepResult>;
export type TrialRow = z.infer<typeof trialRowSchema>;
