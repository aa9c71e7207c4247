// Contract calls about the IMDB data, over main/data: status, download (with progress events), import,
// statistics and decoded reviews. Loaded arrays are kept for one vocabulary size (stats and browsing
// ask repeatedly for the same one).
import * as data from '../data/index.js';
import type { CallResult, ParsedParams, DataStatus } from '../contract/index.js';
import { UserError, errorMessage } from '../errors.js';
import type { EventBus } from './events.js';

type Busy = 'downloading' | 'importing' | null;

/** The reviews are there but the word index is not (an imdb.npz or tarball imported alone): say so. */
function withoutWordIndex(files: string[]): string | null {
  if (files.includes(data.WORD_INDEX_FILE)) return null;
  const reviews = files.find((f) => f === data.NPZ_FILE || (data.TARBALL_FILES as readonly string[]).includes(f));
  return reviews === undefined ? null : `${reviews} is here, but ${data.WORD_INDEX_FILE} (the Keras word ranks) is missing: import it too, or download the data`;
}

export class DataCalls {
  #busy: Busy = null;
  #arrays: { numWords: number; promise: Promise<data.ImdbArrays> } | null = null;
  #wordIndex: Promise<Map<string, number>> | null = null;

  constructor(
    readonly dataDir: string,
    private readonly bus: EventBus,
    /** The one folder importData may read from (serve --allow-import-from); null: it takes no path at all. */
    readonly importFrom: string | null = null,
  ) {}

  async status(): Promise<DataStatus> {
    const s = await data.dataStatus(this.dataDir);
    const state = this.#busy ?? (s.ready ? 'ready' : 'missing');
    const message =
      this.#busy === 'downloading' ? 'downloading the IMDB data…'
      : this.#busy === 'importing' ? 'importing the IMDB data…'
      : s.ready ? null
      : s.damaged ? `${s.damaged.map((d) => `${d.name} is damaged (${d.reason})`).join('; ')}: download or import the data again`
      : withoutWordIndex(s.files.map((f) => f.name))
      ?? 'no IMDB data yet: download it, or import imdb.npz / an aclImdb tarball or folder';
    return { state, dir: s.dataDir, source: s.source, files: s.files, message };
  }

  async #exclusive(kind: Exclude<Busy, null>, work: () => Promise<unknown>): Promise<DataStatus> {
    if (this.#busy !== null) throw new UserError(`the data is being ${this.#busy === 'downloading' ? 'downloaded' : 'imported'} already`, 'bad_state');
    this.#busy = kind;
    try {
      await work();
    } finally {
      this.#busy = null;
      this.#arrays = null;
      this.#wordIndex = null;
    }
    return this.status();
  }

  download(): Promise<DataStatus> {
    let last = '';
    return this.#exclusive('downloading', async () => {
      try {
        await data.downloadData(this.dataDir, {
          onProgress: (p) => {
            last = p.file;
            this.bus.emit('downloadProgress', { file: p.file, receivedBytes: p.receivedBytes, totalBytes: p.totalBytes, done: false, error: null });
          },
        });
        this.bus.emit('downloadProgress', { file: last, receivedBytes: 0, totalBytes: null, done: true, error: null });
      } catch (e) {
        this.bus.emit('downloadProgress', { file: last, receivedBytes: 0, totalBytes: null, done: true, error: errorMessage(e).split('\n')[0] ?? 'failed' });
        throw e;
      }
    });
  }

  /**
   * importData over IPC and serve: no free path. Only under the import folder the server was started with
   * (resolved through links and ".."); without one, refused — the desktop app imports through its native
   * open dialog or a dropped file (importPicked), the CLI with `data import`.
   */
  async import(p: ParsedParams<'importData'>): Promise<DataStatus> {
    const root = this.importFrom;
    if (root === null) {
      throw new UserError(
        'importing a file by path is turned off here: in the desktop app use File → Import Dataset… (or drop the file on the Data screen); ' +
          'a `recurrent-lab serve` imports only from the folder it was started with (--allow-import-from DIR)',
        'forbidden',
      );
    }
    await data.resolveInside(p.path, root); // refused before the data is marked busy
    return this.#exclusive('importing', () => data.importData(p.path, this.dataDir, undefined, { within: root }));
  }

  /**
   * A path the user picked in the desktop app's native dialog or dropped on the window (main process only),
   * or the staging file of serve's upload (LabService.importFile): never a path a client sent.
   */
  importPicked(path: string): Promise<DataStatus> {
    return this.#exclusive('importing', () => data.importData(path, this.dataDir));
  }

  arrays(numWords: number): Promise<data.ImdbArrays> {
    if (this.#arrays?.numWords !== numWords) {
      const promise = data.loadData(this.dataDir, { numWords });
      promise.catch(() => {
        if (this.#arrays?.promise === promise) this.#arrays = null; // retry next time
      });
      this.#arrays = { numWords, promise };
    }
    return this.#arrays.promise;
  }

  wordIndex(): Promise<Map<string, number>> {
    if (!this.#wordIndex) {
      const p = data.loadWordIndex(this.dataDir);
      p.catch(() => {
        if (this.#wordIndex === p) this.#wordIndex = null;
      });
      this.#wordIndex = p;
    }
    return this.#wordIndex;
  }

  async stats(p: ParsedParams<'dataStats'>): Promise<CallResult<'dataStats'>> {
    const s = data.datasetStats(await this.arrays(p.numWords), { numWords: p.numWords, maxLen: p.maxLen });
    return {
      counts: s.counts,
      lengthHistogram: s.lengthHistogram,
      meanLength: s.meanLength,
      medianLength: s.medianLength,
      oovRate: s.oovRate,
      truncatedShare: s.truncatedShare,
    };
  }

  async sample(p: ParsedParams<'sampleReview'>): Promise<CallResult<'sampleReview'>> {
    const a = await this.arrays(p.numWords);
    const xs = p.split === 'train' ? a.xTrain : a.xTest;
    const ys = p.split === 'train' ? a.yTrain : a.yTest;
    const index = p.index ?? Math.floor(Math.random() * xs.length);
    const seq = xs[index];
    if (seq === undefined) throw new UserError(`review ${index} does not exist: the ${p.split} split has ${xs.length} reviews`, 'not_found');
    const o = a.options ?? data.DEFAULT_LOAD_OPTIONS;
    const words = seq[0] === o.startChar ? seq.subarray(1) : seq;
    let oovCount = 0;
    for (const id of words) if (id === o.oovChar) oovCount++;
    const text = data
      .decodeSequence(words, await this.wordIndex(), { indexFrom: o.indexFrom })
      .split(' ')
      .map((w) => (w === '?' ? '[oov]' : w))
      .join(' ');
    return {
      split: p.split,
      index,
      count: xs.length,
      label: ys[index] === 1 ? 1 : 0,
      text,
      length: words.length,
      oovCount,
      truncated: seq.length > p.maxLen,
    };
  }
}
