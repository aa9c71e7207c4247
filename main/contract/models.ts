// Contract calls about models: a live summary of a spec, predictions with word contributions,
// export in TF.js layers format, and the gradient lens (‖∂L/∂h_t‖ over time).
import { z } from 'zod';
import { modelSpecSchema } from '../model/spec.js';
import { archSchema, runIdSchema, runIdsSchema, splitSchema } from './common.js';

export const modelSummaryParams = z.strictObject({ model: modelSpecSchema });
export const modelSummaryResult = z.object({
  layers: z.array(
    z.object({
      name: z.string(),
      className: z.string(),
      /** Keras-style output shape, null for the batch dimension. */
      outputShape: z.array(z.number().int().nullable()),
      params: z.number().int().min(0),
    }),
  ),
  totalParams: z.number().int().min(0),
  trainableParams: z.number().int().min(0),
  /** Estimated training time per batch of 64 on this machine's engine (null when unknown). */
  estimatedMsPerStep: z.number().nullable(),
});

export const predictParams = z.strictObject({
  text: z.string().trim().min(1, 'type or paste a review').max(100000, 'the review is too long (100,000 characters at most)'),
  runIds: runIdsSchema(10),
  /** Compute per-word contributions by occlusion (one extra forward pass per distinct word). */
  occlusion: z.boolean().default(true),
});
export const predictTokenSchema = z.object({
  word: z.string(),
  /** Index fed to the model (null when the word was dropped: OOV beyond num_words maps to the OOV index). */
  index: z.number().int().nullable(),
  oov: z.boolean(),
  /** probability(with word) − probability(word occluded); null when not computed or cut by truncation. */
  contribution: z.number().nullable(),
});
export const predictResult = z.object({
  results: z.array(
    z.object({
      runId: runIdSchema,
      probability: z.number().min(0).max(1),
      label: z.enum(['positive', 'negative']),
      tokens: z.array(predictTokenSchema),
      oovCount: z.number().int().min(0),
      /** True when the review was longer than maxLen and words were cut. */
      truncated: z.boolean(),
    }),
  ),
});

/**
 * A folder name inside the lab's exports folder — a name, never a path: no separators, no "." or "..",
 * nothing hidden. (The CLI's `export --out DIR` and the desktop app's save dialog choose other folders.)
 */
export const exportNameSchema = z
  .string()
  .trim()
  .min(1, 'name the export')
  .max(100, 'the export name is too long (100 characters at most)')
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'an export name uses letters, digits, "_", "-" and "." only: it names a folder inside the exports folder, not a path');

/** tfjs: model.json + weight shard (TF.js layers format); onnx: model.onnx (opset 14). */
export const exportFormatSchema = z.enum(['tfjs', 'onnx'], { message: 'format must be tfjs or onnx' });

export const exportModelParams = z.strictObject({
  runId: runIdSchema,
  format: exportFormatSchema.default('tfjs'),
  /** The export's folder inside the lab's exports folder; default: the run id. */
  name: exportNameSchema.optional(),
  /** Replace the files of an earlier export of that name (only ever inside the exports folder). */
  overwrite: z.boolean().default(false),
});
export const exportModelResult = z.object({
  runId: runIdSchema,
  dir: z.string(),
  files: z.array(z.object({ name: z.string(), bytes: z.number().int().min(0) })),
  /** e.g. "GRU with reset_after=true: Keras loads it, plain TF.js cannot". */
  warnings: z.array(z.string()),
});

export const gradientNormsParams = z.strictObject({
  runIds: runIdsSchema(10),
  /** Reviews in the batch the gradients are averaged over. */
  samples: z.number().int().min(1).max(512).default(32),
  split: splitSchema.default('test'),
  /**
   * Whose gradients: the run's trained weights, its initial weights (the same seeded Keras initialisation the run
   * started from, before any training), or both — where the vanishing gradient the tutorial explains happens.
   */
  weights: z.enum(['trained', 'initial', 'both']).default('trained'),
});
export const gradientNormsResult = z.object({
  series: z.array(
    z.object({
      runId: runIdSchema,
      arch: archSchema,
      weights: z.enum(['trained', 'initial']),
      layers: z.array(z.object({ layer: z.string(), norms: z.array(z.number()) })),
    }),
  ),
});
