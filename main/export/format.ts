// The files an export folder holds and the JSON shapes of tokenizer.json and model-card.json.
import type { ModelSpec, TrainSpec } from '../model/spec.js';
import type { DeviceInfo } from '../engine/types.js';

export const MODEL_JSON = 'model.json';
/** The shard name the TF.js converter writes (one shard: our models are a few MB). */
export const WEIGHTS_BIN = 'group1-shard1of1.bin';
/** The ONNX export's model file (graph and weights in one). */
export const MODEL_ONNX = 'model.onnx';
export const EXPORT_FORMATS = ['tfjs', 'onnx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const TOKENIZER_JSON = 'tokenizer.json';
export const MODEL_CARD_JSON = 'model-card.json';

/**
 * How to turn a review into the model's input, offline. Text cleaning is Keras text_to_word_sequence with
 * `filters` (lowercase: ASCII letters), split on spaces. A word w maps to wordIndex[w] + indexFrom when that is
 * below numWords; every other word (beyond numWords, or unknown) maps to oovChar. The sequence starts with
 * startChar and is padded/truncated to maxLen ('pre' = keep the end, pad in front with 0), as load_data +
 * pad_sequences give the training data.
 */
export interface TokenizerJson {
  format: 'recurrent-lab-tokenizer';
  version: 1;
  /** Raw Keras ranks (imdb_word_index.json: 1 = most frequent), only words whose id is below numWords. */
  wordIndex: Record<string, number>;
  numWords: number;
  indexFrom: number;
  startChar: number;
  oovChar: number;
  maxLen: number;
  padding: 'pre';
  truncating: 'pre';
  lower: true;
  /** Only ASCII A–Z are lowercased (how imdb.npz was built from the texts). */
  lowerAsciiOnly: true;
  split: ' ';
  filters: string;
}

export interface DataProvenance {
  source: string;
  fingerprint: string;
  [key: string]: unknown;
}

/** What the caller knows about the run behind an export. */
export interface ModelCardInput {
  run?: { id?: string | number; name?: string | null; createdAt?: string | null; [key: string]: unknown };
  train?: TrainSpec | null;
  data?: DataProvenance | null;
  metrics?: Record<string, unknown>;
  appVersion: string;
  engine?: DeviceInfo | null;
}

export interface ModelCard {
  format: 'recurrent-lab-model-card';
  version: 1;
  exportedAt: string;
  appVersion: string;
  run: ModelCardInput['run'] | null;
  model: ModelSpec;
  /** Keras class names, in order. */
  layers: { name: string; type: string }[];
  totalParams: number;
  train: TrainSpec | null;
  data: DataProvenance | null;
  metrics: Record<string, unknown>;
  engine: DeviceInfo | null;
  /** Which model file the folder holds: model.json + shard ('tfjs') or model.onnx ('onnx'); absent before ONNX export existed (= 'tfjs'). */
  modelFormat?: ExportFormat;
  /** true when plain @tensorflow/tfjs can load model.json (false for a GRU with reset_after=true, and for ONNX exports). */
  tfjsLoadable: boolean;
  warnings: string[];
  /** The weight shard's (or model.onnx's) entry carries the SHA-256 of its bytes (exports of older versions have none). */
  files: { name: string; bytes: number; sha256?: string }[];
}
