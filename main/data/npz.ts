// Reads the Keras imdb.npz (x_train/x_test: pickled object arrays of int lists; y_*: int arrays) into raw splits.
import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { listZip, readZipEntry } from './zip.js';
import { readNpyIntegers, readNpyObjects } from './npy.js';
import { PickleList } from './pickle.js';
import type { ProgressFn, RawImdb, RawSplit } from './types.js';
import { parsingAs, readFileOrExplain } from './files.js';

function splitFrom(items: ReturnType<typeof readNpyObjects>['items'], labels: Float64Array, label: string, split: string): RawSplit {
  if (items.length !== labels.length) {
    throw new UserError(`${label}: x_${split} has ${items.length} reviews but y_${split} has ${labels.length} labels`, 'corrupt_file');
  }
  const offsets = new Int32Array(items.length + 1);
  const rows: Int32Array[] = [];
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const ints = it instanceof PickleList ? it.int32() : null;
    if (!ints) throw new UserError(`${label}: x_${split}[${i}] is not a list of integers`, 'corrupt_file');
    rows.push(ints);
    total += ints.length;
    offsets[i + 1] = total;
  }
  const tokens = new Int32Array(total);
  for (let i = 0; i < rows.length; i++) tokens.set(rows[i]!, offsets[i]!);
  const y = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (v !== 0 && v !== 1) throw new UserError(`${label}: y_${split}[${i}] is not a label (0 or 1)`, 'corrupt_file');
    y[i] = v;
  }
  return { tokens, offsets, labels: y };
}

/** Parses an imdb.npz held in memory; errors name the file and the problem, never its contents. */
export function parseNpz(buf: Buffer, label: string, progress?: ProgressFn): RawImdb {
  return parsingAs(label, 'Keras imdb.npz', () => parseNpzUnchecked(buf, label, progress));
}

function parseNpzUnchecked(buf: Buffer, label: string, progress?: ProgressFn): RawImdb {
  const entries = new Map(listZip(buf, label).map((e) => [e.name, e]));
  const get = (name: string): Buffer => {
    const e = entries.get(name);
    // the other entries' names are the file's contents: only their number is told
    if (!e) throw new UserError(`${label} has no ${name} (it holds ${entries.size} other entr${entries.size === 1 ? 'y' : 'ies'}) — not a Keras imdb.npz`, 'corrupt_file');
    return readZipEntry(buf, e, label);
  };
  const out: Partial<RawImdb> = {};
  const splits = ['train', 'test'] as const;
  for (let k = 0; k < splits.length; k++) {
    const s = splits[k]!;
    progress?.({ phase: `reading x_${s}`, fraction: k / 2 });
    const x = readNpyObjects(get(`x_${s}.npy`), `${label}:x_${s}.npy`);
    const y = readNpyIntegers(get(`y_${s}.npy`), `${label}:y_${s}.npy`);
    out[s] = splitFrom(x.items, y.values, label, s);
  }
  progress?.({ phase: 'read npz', fraction: 1 });
  return out as RawImdb;
}

export async function readNpz(path: string, progress?: ProgressFn): Promise<RawImdb> {
  const buf = await readFileOrExplain(path, readFile);
  return parseNpz(buf, path, progress);
}
