// `recurrent-lab data …`: inspect (info, sample, status), import or download the IMDB data set.
import type { CliCommand } from '../command.js';
import type { CliIO } from '../io.js';
import { printJson } from '../io.js';
import { flag, num, parseFlags, str, type Parsed } from '../args.js';
import { UserError } from '../../errors.js';
import {
  dataStatus,
  datasetStats,
  decodeSequence,
  downloadData,
  importData,
  loadData,
  loadWordIndex,
  padSequences,
  parseSplit,
  resolveDataDir,
  sampleReview,
  type ImdbArrays,
} from '../../data/index.js';

const USAGE = `Usage:
  recurrent-lab data info   [--data DIR] [--num-words N] [--max-len L] [--json]
  recurrent-lab data sample --split train|test --index I [--num-words N] [--max-len L] [--data DIR] [--json]
  recurrent-lab data status [--data DIR] [--json]
  recurrent-lab data import PATH [--data DIR] [--json]
  recurrent-lab data download [--data DIR] [--base-url URL] [--json]

info     counts per split and label, source, fingerprint and statistics (OOV rate for --num-words,
         default 10000; share truncated at --max-len, default 200)
sample   one review as keras.datasets.imdb.load_data(num_words=N) gives it (padded to L only when
         --max-len is given) and decoded back to words
status   which IMDB files the data folder holds, each checked (official checksum, else its structure)
import   copy a local imdb.npz (+ imdb_word_index.json beside it), aclImdb .tar.gz or folder into the data folder
download fetch the official Keras imdb.npz and word index, verifying their checksums

The data folder is --data DIR, else $RECURRENT_LAB_DATA, else the app's own data folder.`;

const DATA_FLAG = { data: { type: 'string' } } as const;
const LOAD_FLAGS = { ...DATA_FLAG, 'num-words': { type: 'string' }, 'max-len': { type: 'string' } } as const;

function numWordsFlag(p: Parsed): number | undefined {
  const n = num(p, 'num-words');
  if (n !== undefined && n < 4) throw new UserError(`--num-words must be at least 4 (ids 0–2 are reserved and words start at 3), got ${n}`);
  return n;
}

function maxLenFlag(p: Parsed): number | undefined {
  const n = num(p, 'max-len');
  if (n !== undefined && n < 1) throw new UserError(`--max-len must be a positive integer, got ${n}`);
  return n;
}

/** A one-line progress indicator on stderr, only on a terminal and never with --json. */
function progressFor(io: CliIO, json: boolean): ((p: { phase: string; fraction: number }) => void) | undefined {
  if (json || !io.isTTY) return undefined;
  let last = '';
  return (p) => {
    const line = `${p.phase} ${Math.round(p.fraction * 100)}%`;
    if (line !== last) io.err(`\r${line.padEnd(40)}`);
    last = line;
    if (p.fraction >= 1) io.err('\r' + ' '.repeat(40) + '\r');
  };
}

function pct(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}

async function info(argv: string[], io: CliIO): Promise<number> {
  const p = parseFlags(argv, LOAD_FLAGS);
  const json = flag(p, 'json');
  const dataDir = resolveDataDir(str(p, 'data'), io.env);
  const numWords = numWordsFlag(p);
  const maxLen = maxLenFlag(p) ?? 200;
  const arrays = await loadData(dataDir, { numWords: numWords ?? null }, progressFor(io, json));
  const stats = datasetStats(arrays, { numWords: numWords ?? 10000, maxLen });
  const out = {
    dataDir,
    source: arrays.source,
    sourcePath: arrays.sourcePath,
    fingerprint: arrays.fingerprint,
    options: arrays.options,
    counts: stats.counts,
    total: { train: arrays.yTrain.length, test: arrays.yTest.length },
    stats: { ...stats, numWords: numWords ?? 10000, maxLen },
  };
  if (json) printJson(io, out);
  else {
    const c = stats.counts;
    io.out(
      [
        `IMDB data in ${dataDir} (source: ${arrays.source}, ${arrays.sourcePath})`,
        `  train: ${arrays.yTrain.length} reviews (${c.train.pos} positive, ${c.train.neg} negative)`,
        `  test:  ${arrays.yTest.length} reviews (${c.test.pos} positive, ${c.test.neg} negative)`,
        `  review length: mean ${stats.meanLength.toFixed(1)}, median ${stats.medianLength} tokens`,
        `  out of vocabulary at num_words=${numWords ?? 10000}: ${pct(stats.oovRate)} of words`,
        `  truncated at maxlen=${maxLen}: ${pct(stats.truncatedShare)} of reviews`,
        `  fingerprint: ${arrays.fingerprint}`,
      ].join('\n') + '\n',
    );
  }
  return 0;
}

async function sample(argv: string[], io: CliIO): Promise<number> {
  const p = parseFlags(argv, { ...LOAD_FLAGS, split: { type: 'string' }, index: { type: 'string' } });
  const json = flag(p, 'json');
  const splitFlag = str(p, 'split');
  if (splitFlag === undefined) throw new UserError('--split is required (train or test)');
  const split = parseSplit(splitFlag);
  const index = num(p, 'index');
  if (index === undefined) throw new UserError('--index is required');
  const numWords = numWordsFlag(p);
  const maxLen = maxLenFlag(p);
  const dataDir = resolveDataDir(str(p, 'data'), io.env);
  const arrays: ImdbArrays = await loadData(dataDir, { numWords: numWords ?? null }, progressFor(io, json));
  const { sequence: seq, label } = sampleReview(arrays, split, index);
  const sequence = Array.from(maxLen === undefined ? seq : padSequences([seq], { maxLen }));
  let text: string | null = null;
  try {
    text = decodeSequence(seq, await loadWordIndex(dataDir), { indexFrom: 3 });
  } catch (e) {
    if (!(e instanceof UserError)) throw e; // no word index: the ids are still useful
  }
  const out = { split, index, label, sequence, text };
  if (json) printJson(io, out);
  else {
    io.out(`${split}[${index}] label ${out.label} (${out.label === 1 ? 'positive' : 'negative'}), ${seq.length} tokens\n`);
    io.out(`${text ?? '(no word index: cannot decode)'}\n`);
    io.out(`[${sequence.join(', ')}]\n`);
  }
  return 0;
}

async function status(argv: string[], io: CliIO): Promise<number> {
  const p = parseFlags(argv, DATA_FLAG);
  const s = await dataStatus(resolveDataDir(str(p, 'data'), io.env));
  if (flag(p, 'json')) printJson(io, s);
  else {
    const state = s.ready
      ? `ready (source: ${s.source})`
      : s.damaged
        ? 'damaged — run `recurrent-lab data download` or `data import PATH` again'
        : 'not ready — run `recurrent-lab data download` or `data import PATH`';
    io.out(`${s.dataDir}: ${state}\n`);
    for (const f of s.files) {
      const bad = s.damaged?.find((d) => d.name === f.name);
      io.out(`  ${f.name.padEnd(26)} ${f.bytes} bytes${bad ? ` — damaged: ${bad.reason}` : ''}\n`);
    }
  }
  return 0;
}

async function importCmd(argv: string[], io: CliIO): Promise<number> {
  const p = parseFlags(argv, DATA_FLAG, true);
  const json = flag(p, 'json');
  if (p.positionals.length !== 1) throw new UserError('data import needs exactly one PATH (imdb.npz, an aclImdb .tar.gz or folder, or imdb_word_index.json)');
  const dataDir = resolveDataDir(str(p, 'data'), io.env);
  const r = await importData(p.positionals[0]!, dataDir, progressFor(io, json));
  if (json) printJson(io, r);
  else io.out(`imported ${r.files.join(', ')} into ${r.dataDir}${r.reviews ? ` (${r.reviews.train} train, ${r.reviews.test} test reviews)` : ''}\n`);
  return 0;
}

async function download(argv: string[], io: CliIO): Promise<number> {
  const p = parseFlags(argv, { ...DATA_FLAG, 'base-url': { type: 'string' } });
  const json = flag(p, 'json');
  const dataDir = resolveDataDir(str(p, 'data'), io.env);
  const baseUrl = str(p, 'base-url');
  const show = !json && io.isTTY;
  const r = await downloadData(dataDir, {
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    ...(show
      ? {
          onProgress: (d) =>
            io.err(`\r${d.file} ${(d.receivedBytes / 1e6).toFixed(1)} MB${d.totalBytes ? ` / ${(d.totalBytes / 1e6).toFixed(1)} MB` : ''}`.padEnd(50)),
        }
      : {}),
  });
  if (show) io.err('\n');
  if (json) printJson(io, r);
  else for (const f of r.files) io.out(`${f.name}: ${f.reused ? 'already present' : 'downloaded'}, ${f.bytes} bytes, ${f.algorithm} ${f.digest} verified\n`);
  return 0;
}

const SUBCOMMANDS: Record<string, (argv: string[], io: CliIO) => Promise<number>> = { info, sample, status, import: importCmd, download };

export const dataCommand: CliCommand = {
  name: 'data',
  summary: 'Inspect, import or download the IMDB data set',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const fn = sub === undefined ? undefined : SUBCOMMANDS[sub];
    if (!fn) throw new UserError(sub === undefined ? `data needs a subcommand: ${Object.keys(SUBCOMMANDS).join(', ')}` : `unknown data subcommand "${sub}" (expected ${Object.keys(SUBCOMMANDS).join(', ')})`);
    return fn(rest, io);
  },
};
