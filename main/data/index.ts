// The IMDB data layer's public API: everything other parts of the app (CLI, runs, UI contract) may use.
import { join } from 'node:path';
import { loadWordIndexFile, WORD_INDEX_FILE } from './wordIndex.js';

export type { LoadDataOptions, ImdbArrays, DataSource, RawImdb, RawSplit, ProgressFn } from './types.js';
export { DEFAULT_LOAD_OPTIONS } from './types.js';
export { resolveDataDir, dataStatus, findSource, NPZ_FILE, TARBALL_FILES, ACL_FOLDER, type DataStatus, type SourceRef } from './location.js';
export { loadData, loadDataFrom, applyLoadData, normalizeLoadOptions, readSource } from './loadData.js';
export { padSequences, toDataset, type PadOptions } from './pad.js';
export { decodeSequence, parseWordIndex, WORD_INDEX_FILE } from './wordIndex.js';
export { textToSequence, textToWords, KERAS_FILTERS, type TextToSequenceOptions } from './tokenize.js';
export { datasetStats, type DatasetStats } from './stats.js';
export { fingerprintArrays } from './fingerprint.js';
export { downloadData, KERAS_BASE_URL, OFFICIAL_CHECKSUMS, type DownloadOptions, type DownloadProgress, type DownloadedFile } from './download.js';
export { importData, resolveInside, type ImportOptions, type ImportResult } from './import.js';
export { cacheDir } from './cache.js';
export { MT19937 } from './mt19937.js';
export { sampleReview, parseSplit, type Split } from './sample.js';

/** The word index (word → rank) in `dataDir`. */
export function loadWordIndex(dataDir: string): Promise<Map<string, number>> {
  return loadWordIndexFile(join(dataDir, WORD_INDEX_FILE));
}
