// Contract calls about the IMDB data: status, download, import, statistics and browsing decoded reviews.
import { z } from 'zod';
import { MAX_NUM_WORDS } from '../model/spec.js';
import { noParams, splitSchema } from './common.js';

export const dataStatusSchema = z.object({
  state: z.enum(['missing', 'downloading', 'importing', 'ready']),
  /** Folder the data lives in (on the machine running the core). */
  dir: z.string(),
  /** Which source training will read: Keras imdb.npz, or the aclImdb texts (tarball or folder). */
  source: z.enum(['npz', 'aclImdb']).nullable(),
  files: z.array(z.object({ name: z.string(), bytes: z.number().int().min(0) })),
  /** What is missing or going on, in words (null when ready). */
  message: z.string().nullable(),
});
export type DataStatus = z.infer<typeof dataStatusSchema>;

export const dataStatusParams = noParams;
export const dataStatusResult = dataStatusSchema;

/** Downloads the Keras IMDB files into the data folder; progress comes as downloadProgress events. */
export const downloadDataParams = noParams;
export const downloadDataResult = dataStatusSchema;

/**
 * Imports a Keras imdb.npz (+ word index), an aclImdb tarball or an extracted aclImdb folder — only from
 * under the server's import folder (appInfo.importFrom; a relative path is taken from there). Without one
 * the call is refused: the desktop app imports through its native dialogs.
 */
export const importDataParams = z.strictObject({
  path: z.string().trim().min(1, 'path must not be empty').max(4096, 'path is too long'),
});
export const importDataResult = dataStatusSchema;

const numWords = z.number().int().min(4).max(MAX_NUM_WORDS);
const maxLen = z.number().int().min(1).max(5000);

/** Statistics over train and test together, for a chosen vocabulary size and sequence length. */
export const dataStatsParams = z.strictObject({
  numWords: numWords.default(10000),
  maxLen: maxLen.default(200),
});
const labelCounts = z.object({ pos: z.number().int().min(0), neg: z.number().int().min(0) });
export const dataStatsResult = z.object({
  counts: z.object({ train: labelCounts, test: labelCounts }),
  /** Review lengths in words: counts[i] reviews with binEdges[i] ≤ length < binEdges[i+1]. */
  lengthHistogram: z.object({ binEdges: z.array(z.number()), counts: z.array(z.number().int()) }),
  meanLength: z.number(),
  medianLength: z.number(),
  /** Share of word occurrences outside the top numWords. */
  oovRate: z.number().min(0).max(1),
  /** Share of reviews longer than maxLen (cut by padding/truncating). */
  truncatedShare: z.number().min(0).max(1),
});

export const sampleReviewParams = z.strictObject({
  split: splitSchema.default('train'),
  /** Review index in the split (Keras order); omit for a random one. */
  index: z.number().int().min(0).max(24999).optional(),
  numWords: numWords.default(10000),
  maxLen: maxLen.default(200),
});
export const sampleReviewResult = z.object({
  split: splitSchema,
  index: z.number().int(),
  count: z.number().int(),
  label: z.union([z.literal(0), z.literal(1)]),
  /** Decoded text as the model sees it (OOV words shown as "[oov]"). */
  text: z.string(),
  length: z.number().int(),
  oovCount: z.number().int(),
  truncated: z.boolean(),
});
