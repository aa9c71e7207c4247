// Shared shapes of the IMDB data layer: load_data options, the arrays it returns, and the raw parsed form.

/** keras.datasets.imdb.load_data's arguments (maxLen filters out long reviews; it does not pad). */
export interface LoadDataOptions {
  numWords: number | null;
  skipTop: number;
  maxLen: number | null;
  seed: number;
  startChar: number;
  oovChar: number;
  indexFrom: number;
}

export const DEFAULT_LOAD_OPTIONS: Readonly<LoadDataOptions> = Object.freeze({
  numWords: null,
  skipTop: 0,
  maxLen: null,
  seed: 113,
  startChar: 1,
  oovChar: 2,
  indexFrom: 3,
});

export type DataSource = 'npz' | 'aclImdb';

/** What load_data returns, plus where it came from and a content fingerprint. */
export interface ImdbArrays {
  xTrain: Int32Array[];
  yTrain: Uint8Array;
  xTest: Int32Array[];
  yTest: Uint8Array;
  source: DataSource;
  sourcePath: string;
  fingerprint: string;
  /** The options these arrays were built with (absent when built by hand). */
  options?: LoadDataOptions;
}

/** One split as read from a source, before load_data: raw word ranks (1 = most frequent), file order. */
export interface RawSplit {
  /** All reviews' ranks back to back. */
  tokens: Int32Array;
  /** n + 1 offsets into tokens. */
  offsets: Int32Array;
  labels: Uint8Array;
}

export interface RawImdb {
  train: RawSplit;
  test: RawSplit;
}

export type ProgressFn = (p: { phase: string; fraction: number }) => void;
