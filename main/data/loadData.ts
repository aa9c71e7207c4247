// keras.datasets.imdb.load_data, step for step: shuffle train then test with one RandomState(seed), add
// start_char/index_from, drop sequences with len ≥ maxlen, replace ids outside [skip_top, num_words) by
// oov_char (num_words defaults to the largest id, which Keras itself then maps to oov_char), split back.
import { UserError } from '../errors.js';
import { MT19937, shuffledIndices } from './mt19937.js';
import { fingerprintArrays } from './fingerprint.js';
import { readNpz } from './npz.js';
import { readAclImdbFolder, readAclImdbTar } from './acl.js';
import { loadWordIndexFile } from './wordIndex.js';
import { cacheFileFor, readCache, writeCache } from './cache.js';
import { requireSource, type SourceRef } from './location.js';
import { DEFAULT_LOAD_OPTIONS, type ImdbArrays, type LoadDataOptions, type ProgressFn, type RawImdb, type RawSplit } from './types.js';

function intOpt(name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new UserError(`${name} must be an integer ≥ ${min}, got ${String(v)}`);
  return v;
}

export function normalizeLoadOptions(opts: Partial<LoadDataOptions> = {}): LoadDataOptions {
  // Keys present but undefined (from JS callers or parsed JSON) mean "Keras' default", as when absent.
  const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as Partial<LoadDataOptions>;
  const o = { ...DEFAULT_LOAD_OPTIONS, ...given };
  const numWords = o.numWords === null ? null : intOpt('numWords', o.numWords, 4);
  const maxLen = o.maxLen === null ? null : intOpt('maxLen', o.maxLen, 1);
  const seed = intOpt('seed', o.seed, 0);
  if (seed > 0xffffffff) throw new UserError(`seed must be < 2^32, got ${seed}`);
  return {
    numWords,
    skipTop: intOpt('skipTop', o.skipTop, 0),
    maxLen,
    seed,
    startChar: intOpt('startChar', o.startChar, 0),
    oovChar: intOpt('oovChar', o.oovChar, 0),
    indexFrom: intOpt('indexFrom', o.indexFrom, 0),
  };
}

interface Staged {
  tokens: Int32Array;
  offsets: Int32Array;
  labels: Uint8Array;
}

/** Shuffled, offset rows of one split, without the ones maxLen filters out. */
function stage(s: RawSplit, order: Int32Array, o: LoadDataOptions): Staged {
  const n = order.length;
  let total = 0;
  let kept = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const len = s.offsets[i + 1]! - s.offsets[i]! + 1;
    if (o.maxLen === null || len < o.maxLen) {
      total += len;
      kept++;
    }
  }
  const tokens = new Int32Array(total);
  const offsets = new Int32Array(kept + 1);
  const labels = new Uint8Array(kept);
  let p = 0;
  let r = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const a = s.offsets[i]!;
    const b = s.offsets[i + 1]!;
    if (o.maxLen !== null && b - a + 1 >= o.maxLen) continue;
    tokens[p++] = o.startChar;
    for (let j = a; j < b; j++) tokens[p++] = s.tokens[j]! + o.indexFrom;
    labels[r++] = s.labels[i]!;
    offsets[r] = p;
  }
  return { tokens, offsets, labels };
}

function rows(s: Staged): Int32Array[] {
  const out = new Array<Int32Array>(s.labels.length);
  for (let i = 0; i < s.labels.length; i++) out[i] = s.tokens.subarray(s.offsets[i]!, s.offsets[i + 1]!);
  return out;
}

/** Applies load_data's options to raw splits (file order). Pure; the source's rows are not modified. */
export function applyLoadData(raw: RawImdb, options: Partial<LoadDataOptions>, source: ImdbArrays['source'], sourcePath: string): ImdbArrays {
  const o = normalizeLoadOptions(options);
  const rng = new MT19937(o.seed);
  const trainOrder = shuffledIndices(rng, raw.train.labels.length);
  const testOrder = shuffledIndices(rng, raw.test.labels.length);
  const train = stage(raw.train, trainOrder, o);
  const test = stage(raw.test, testOrder, o);
  if (o.maxLen !== null && (train.labels.length === 0 || test.labels.length === 0)) {
    throw new UserError(`after filtering for sequences shorter than maxLen=${o.maxLen}, no sequence was kept — increase maxLen`);
  }
  let numWords = o.numWords;
  if (numWords === null) {
    numWords = 0;
    for (const t of [train.tokens, test.tokens]) for (let i = 0; i < t.length; i++) if (t[i]! > numWords) numWords = t[i]!;
  }
  for (const t of [train.tokens, test.tokens]) {
    for (let i = 0; i < t.length; i++) {
      const w = t[i]!;
      if (w < o.skipTop || w >= numWords) t[i] = o.oovChar;
    }
  }
  const xTrain = rows(train);
  const xTest = rows(test);
  return {
    xTrain,
    yTrain: train.labels,
    xTest,
    yTest: test.labels,
    source,
    sourcePath,
    fingerprint: fingerprintArrays(xTrain, train.labels, xTest, test.labels),
    options: o,
  };
}

/** Parses a source (no cache). */
export async function readSource(src: SourceRef, progress?: ProgressFn): Promise<RawImdb> {
  if (src.form === 'npz') return readNpz(src.path, progress);
  if (!src.wordIndexPath) throw new UserError(`${src.path} needs the word index (imdb_word_index.json) beside it to be tokenised`, 'not_found');
  const wi = await loadWordIndexFile(src.wordIndexPath);
  return src.form === 'tar' ? readAclImdbTar(src.path, wi, progress) : readAclImdbFolder(src.path, wi, progress);
}

/** Raw splits of a source through the tokenised cache. */
export async function readSourceCached(src: SourceRef, progress?: ProgressFn, env: NodeJS.ProcessEnv = process.env): Promise<RawImdb> {
  // A source that vanished between checks gets no cache file; readSource then reports it properly.
  const file = await cacheFileFor(src, env).catch(() => null);
  if (file) {
    const cached = await readCache(file);
    if (cached) {
      progress?.({ phase: 'read tokenised cache', fraction: 1 });
      return cached;
    }
  }
  const raw = await readSource(src, progress);
  if (file) await writeCache(file, raw);
  return raw;
}

/** load_data on an explicit source (e.g. to compare the npz with the aclImdb texts). */
export async function loadDataFrom(src: SourceRef, opts: Partial<LoadDataOptions> = {}, progress?: ProgressFn, env: NodeJS.ProcessEnv = process.env): Promise<ImdbArrays> {
  normalizeLoadOptions(opts); // reject bad options before any parsing
  const raw = await readSourceCached(src, progress, env);
  progress?.({ phase: 'load_data', fraction: 1 });
  return applyLoadData(raw, opts, src.kind, src.path);
}

/** keras.datasets.imdb.load_data on whatever `dataDir` holds (imdb.npz preferred, else aclImdb texts). */
export async function loadData(dataDir: string, opts: Partial<LoadDataOptions> = {}, progress?: (p: { phase: string; fraction: number }) => void): Promise<ImdbArrays> {
  normalizeLoadOptions(opts);
  return loadDataFrom(await requireSource(dataDir), opts, progress);
}
