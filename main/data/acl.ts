// Rebuilds the Keras arrays from the Stanford aclImdb texts (tarball or unpacked folder): rows are train pos
// files sorted by name, then train neg, likewise test; texts tokenised as the npz was (see tokenize.ts).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { readTar } from './tar.js';
import { IntBuffer, tokenizeBytes, WordTable } from './tokenize.js';
import { explainFsError } from './files.js';
import type { ProgressFn, RawImdb, RawSplit } from './types.js';

const REVIEW_RE = /(?:^|\/)(train|test)\/(pos|neg)\/([^/]+\.txt)$/;
type Bucket = 'train/pos' | 'train/neg' | 'test/pos' | 'test/neg';
const BUCKETS: Bucket[] = ['train/pos', 'train/neg', 'test/pos', 'test/neg'];

interface Review {
  name: string;
  tokens: Int32Array;
}

/** Collects tokenised reviews per bucket, then assembles the splits in the README's order. */
class Collector {
  private readonly buckets = new Map<Bucket, Review[]>(BUCKETS.map((b) => [b, []]));
  private readonly out = new IntBuffer();
  private readonly scratch = { buf: new Uint8Array(256) };
  private readonly table: WordTable;
  count = 0;

  constructor(wordIndex: Map<string, number>) {
    this.table = new WordTable(wordIndex);
  }

  add(bucket: Bucket, name: string, text: Uint8Array): void {
    this.out.length = 0;
    tokenizeBytes(text, this.table, this.out, this.scratch);
    this.buckets.get(bucket)!.push({ name, tokens: this.out.view().slice() });
    this.count++;
  }

  finish(label: string): RawImdb {
    const split = (s: 'train' | 'test'): RawSplit => {
      const rows: { tokens: Int32Array; label: number }[] = [];
      for (const lab of ['pos', 'neg'] as const) {
        const b = this.buckets.get(`${s}/${lab}`)!;
        if (b.length === 0) throw new UserError(`${label} has no ${s}/${lab} reviews — not an aclImdb data set`, 'corrupt_file');
        b.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
        for (const r of b) rows.push({ tokens: r.tokens, label: lab === 'pos' ? 1 : 0 });
      }
      const offsets = new Int32Array(rows.length + 1);
      let total = 0;
      rows.forEach((r, i) => (offsets[i + 1] = total += r.tokens.length));
      const tokens = new Int32Array(total);
      const labels = new Uint8Array(rows.length);
      rows.forEach((r, i) => {
        tokens.set(r.tokens, offsets[i]!);
        labels[i] = r.label;
      });
      return { tokens, offsets, labels };
    };
    return { train: split('train'), test: split('test') };
  }
}

export async function readAclImdbTar(path: string, wordIndex: Map<string, number>, progress?: ProgressFn): Promise<RawImdb> {
  let total = 1;
  try {
    total = (await stat(path)).size || 1;
  } catch (e) {
    throw explainFsError(e, path);
  }
  const c = new Collector(wordIndex);
  let last = 0;
  const onBytes = (n: number): void => {
    const f = n / total;
    if (progress && f - last >= 0.01) {
      last = f;
      progress({ phase: 'reading aclImdb tarball', fraction: Math.min(1, f) });
    }
  };
  for await (const f of readTar(path, (p) => REVIEW_RE.test(p), onBytes)) {
    if (!f.data) continue;
    const m = REVIEW_RE.exec(f.path)!;
    c.add(`${m[1]}/${m[2]}` as Bucket, m[3]!, f.data);
  }
  progress?.({ phase: 'reading aclImdb tarball', fraction: 1 });
  return c.finish(path);
}

/**
 * `dir` is the aclImdb folder itself (holding train/ and test/). `noLinks` (an import confined to a folder):
 * a review that is a symbolic link (it could lead anywhere) is refused instead of followed.
 */
export async function readAclImdbFolder(dir: string, wordIndex: Map<string, number>, progress?: ProgressFn, opts: { noLinks?: boolean } = {}): Promise<RawImdb> {
  const c = new Collector(wordIndex);
  const lists = new Map<Bucket, string[]>();
  for (const b of BUCKETS) {
    const d = join(dir, b);
    let entries;
    try {
      entries = (await readdir(d, { withFileTypes: true })).filter((e) => e.name.endsWith('.txt'));
    } catch (e) {
      throw explainFsError(e, d);
    }
    const odd = opts.noLinks ? entries.find((e) => !e.isFile()) : undefined;
    if (odd) throw new UserError(`${join(d, odd.name)} is not a plain file (a link or something else): links are not followed in this import`, 'forbidden');
    lists.set(b, entries.map((e) => e.name));
  }
  const total = [...lists.values()].reduce((a, l) => a + l.length, 0) || 1;
  let done = 0;
  for (const b of BUCKETS) {
    const names = lists.get(b)!;
    // A few reads in flight at once; tokenising stays on this thread.
    for (let i = 0; i < names.length; i += 64) {
      const batch = names.slice(i, i + 64);
      const texts = await Promise.all(
        batch.map((n) =>
          readFile(join(dir, b, n)).catch((e: unknown) => {
            throw explainFsError(e, join(dir, b, n));
          }),
        ),
      );
      batch.forEach((n, k) => c.add(b, n, texts[k]!));
      done += batch.length;
      progress?.({ phase: 'reading aclImdb folder', fraction: done / total });
    }
  }
  return c.finish(dir);
}
