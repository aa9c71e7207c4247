// The IMDB data layer's public API: everything other parts of the app (CLI, runs, UI contract) may use.
import { join } from 'node:path';
import { loadWordIndexFile, WORD_INDEX_FILE } from './wordIndex.js';

export type { ImdbArrays } from './types.js';
export { DEFAULT_LOAD_OPTIONS } from './types.js';
export { resolveDataDir, dataStatus, findSource, NPZ_FILE, TARBALL_FILES } from './location.js';
export { WORD_INDEX_FILE } from './wordIndex.js';
export { loadData, loadDataFrom, readSource } from './loadData.js';
export { padSequences, toDataset } from './pad.js';
export { splitForValidation } from './split.js';
export { decodeSequence } from './wordIndex.js';
export { textToSequence } from './tokenize.js';
export { datasetStats } from './stats.js';
export { downloadData, OFFICIAL_CHECKSUMS } from './download.js';
export { importData, resolveInside } from './import.js';
export { sampleReview, parseSplit } from './sample.js';

/** The word index (word → rank) in `dataDir`. */
export function loadWordIndex(dataDir: string): Promise<Map<string, number>> {
  return loadWordIndexFile(join(dataDir, WORD_INDEX_FILE));
}
