// Contract calls of the error analysis (issue 13 item 5): per run, accuracy by review length and calibration;
// for two runs, the reviews they classify differently; for one review, each run's word attributions.
import { z } from 'zod';
import { pairedSchema, runIdSchema, runIdsSchema } from './common.js';

/** Which disagreements to list: all, those only the first run got right (McNemar's b), only the second (c). */
export const DISAGREEMENT_FILTERS = ['all', 'a-right', 'b-right'] as const;
/** 'confidence': the largest |pA − pB| first (the reviews the runs see most differently); 'index': test-split order. */
export const DISAGREEMENT_ORDERS = ['confidence', 'index'] as const;
/** At most this many reviews per page of disagreements (each carries its text). */
export const DISAGREEMENTS_PAGE_MAX = 100;

export const analyzeRunsParams = z.strictObject({ runIds: runIdsSchema(50) });

const lengthBucketSchema = z.object({
  label: z.string(),
  /** Inclusive bounds in tokens, the start mark included (max null: unbounded). */
  minLength: z.number().int(),
  maxLength: z.number().int().nullable(),
  /** Longer than the run's maxLen: the review lost its first tokens ('pre' truncation). */
  truncated: z.boolean(),
  n: z.number().int(),
  correct: z.number().int(),
  accuracy: z.number().nullable(),
});
const reliabilityBinSchema = z.object({
  lower: z.number(),
  upper: z.number(),
  n: z.number().int(),
  meanPredicted: z.number().nullable(),
  positiveRate: z.number().nullable(),
});
export const runAnalysisSchema = z.object({
  runId: runIdSchema,
  n: z.number().int(),
  accuracy: z.number(),
  maxLen: z.number().int(),
  /** ≤ maxLen/2, maxLen/2+1 … maxLen, > maxLen (truncated) tokens: ≤ 100, 101–200, > 200 at the tutorial's 200. */
  byLength: z.array(lengthBucketSchema),
  calibration: z.object({
    /** How the reliability bins were made (equal-width bins of P(positive)). */
    binning: z.string(),
    bins: z.array(reliabilityBinSchema),
    brier: z.number(),
    /** Expected calibration error over `bins`, weighted by bin count. */
    ece: z.number(),
    /** Largest gap over the non-empty bins. */
    mce: z.number(),
  }),
});
export const analyzeRunsResult = z.object({
  /** In the order asked; `analysis` null with a `note` for a run that cannot be analysed (no stored predictions…). */
  runs: z.array(z.object({ runId: runIdSchema, analysis: runAnalysisSchema.nullable(), note: z.string().nullable() })),
});

const lengthBound = z.number().int().min(0).max(100_000).nullable().default(null);
export const listDisagreementsParams = z.strictObject({
  /** [A, B]: b counts reviews A got right and B wrong, c the reverse (as in compareRuns' paired). */
  runIds: z.tuple([runIdSchema, runIdSchema]),
  filter: z.enum(DISAGREEMENT_FILTERS).default('all'),
  order: z.enum(DISAGREEMENT_ORDERS).default('confidence'),
  /** Only reviews of at least / at most this many tokens (start mark included). */
  minLength: lengthBound,
  maxLength: lengthBound,
  offset: z.number().int().min(0).max(25_000).default(0),
  limit: z.number().int().min(1).max(DISAGREEMENTS_PAGE_MAX, `at most ${DISAGREEMENTS_PAGE_MAX} reviews per page`).default(20),
});
export const listDisagreementsResult = z.object({
  runIds: z.tuple([runIdSchema, runIdSchema]),
  /** Test reviews compared. */
  n: z.number().int(),
  /** Disagreements matching the filter and length bounds (before paging). */
  total: z.number().int(),
  /** All disagreements: A right & B wrong (b), A wrong & B right (c). */
  b: z.number().int(),
  c: z.number().int(),
  offset: z.number().int(),
  items: z.array(
    z.object({
      /** Position in the IMDB test split. */
      index: z.number().int(),
      label: z.union([z.literal(0), z.literal(1)]),
      probabilityA: z.number(),
      probabilityB: z.number(),
      right: z.enum(['a', 'b']),
      length: z.number().int(),
      text: z.string(),
    }),
  ),
  /**
   * A and B compared review by review within each length bucket (of the smaller maxLen: "truncated" = cut for at
   * least one run), on all reviews whatever the filter: accuracies and the paired table, difference (B − A) with
   * its 95% Wald interval and McNemar's exact p, as compareRuns' `paired`; null for an empty bucket.
   */
  byLength: z.array(
    z.object({
      label: z.string(),
      minLength: z.number().int(),
      maxLength: z.number().int().nullable(),
      truncated: z.boolean(),
      n: z.number().int(),
      accuracyA: z.number().nullable(),
      accuracyB: z.number().nullable(),
      paired: pairedSchema.nullable(),
    }),
  ),
});

export const explainReviewParams = z.strictObject({
  runIds: runIdsSchema(4),
  /** Position in the IMDB test split. */
  index: z.number().int().min(0).max(24_999),
});
export const explainReviewResult = z.object({
  index: z.number().int(),
  label: z.union([z.literal(0), z.literal(1)]),
  words: z.array(z.string()),
  runs: z.array(
    z.object({
      runId: runIdSchema,
      probability: z.number(),
      storedProbability: z.number(),
      maxLen: z.number().int(),
      /** Index in `words` of the first word the run saw (> 0: truncation cut the words before it). */
      firstSeenWord: z.number().int(),
      /** Per word: P(positive) − P(positive with that word occluded); null where cut off or out of vocabulary. */
      contributions: z.array(z.number().nullable()),
    }),
  ),
});
