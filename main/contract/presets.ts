// Contract calls about user presets: save a run's settings (a sweep's best) under a name, list them (the
// New-experiment screen shows them beside the built-in ones), delete one.
import { z } from 'zod';
import { modelSpecSchema, trainSpecSchema } from '../model/spec.js';
import { RUN_NAME_MAX } from './limits.js';
import { isoTimeSchema, noParams, runIdSchema } from './common.js';

const presetSchema = z.object({
  id: z.string(),
  name: z.string(),
  model: modelSpecSchema,
  train: trainSpecSchema,
  notes: z.string(),
  sourceRunId: runIdSchema.nullable(),
  createdAt: isoTimeSchema,
});

export const savePresetParams = z.strictObject({
  name: z.string().trim().min(1, 'a preset needs a name').max(RUN_NAME_MAX),
  /** The run whose settings it keeps (on all the reviews). */
  runId: runIdSchema,
  /** Train this many epochs (a sweep's best epoch) instead of the run's. */
  epochs: z.number().int().min(1).max(1000).optional(),
});
export const savePresetResult = presetSchema;

export const listPresetsParams = noParams;
export const listPresetsResult = z.object({ presets: z.array(presetSchema) });

export const deletePresetParams = z.strictObject({ presetId: z.string().min(1).max(64) });
export const deletePresetResult = z.object({ presetId: z.string() });

export type UserPreset = z.infer<typeof presetSchema>;
