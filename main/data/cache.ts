// The tokenised cache: one compact binary file per source (raw ranks + offsets + labels of both splits), keyed
// by the source's path, size and mtime, so a second load skips parsing. load_data's options are applied after
// reading (they are cheap), so one cache file serves every option set. Written to a temp file and renamed;
// read back only when magic, version, lengths and a sha256 of the payload all check out.
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { makeDir } from '../dirs.js';
import { basename, dirname, join, resolve } from 'node:path';
import { userDataDir } from '../paths.js';
import type { RawImdb, RawSplit } from './types.js';
import type { SourceRef } from './location.js';

const MAGIC = 'RLIMDBC1';
const VERSION = 1;
const HEADER = 64;

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.RECURRENT_LAB_CACHE ? resolve(env.RECURRENT_LAB_CACHE) : join(userDataDir(env), 'cache');
}

async function identity(p: string | null): Promise<{ size: number; mtimeMs: number } | null> {
  if (p === null) return null;
  const s = await stat(p);
  return { size: s.size, mtimeMs: s.mtimeMs };
}

/** The cache file for a source, from what identifies its content cheaply. */
export async function cacheFileFor(src: SourceRef, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const key = JSON.stringify({
    v: VERSION,
    kind: src.kind,
    path: resolve(src.path),
    source: await identity(src.form === 'folder' ? null : src.path),
    folder: src.form === 'folder' ? await identity(join(src.path, 'train')) : null,
    // aclImdb ranks come from the word index, so it is part of the key.
    wordIndex: src.kind === 'aclImdb' ? await identity(src.wordIndexPath) : null,
  });
  const h = createHash('sha256').update(key).digest('hex').slice(0, 24);
  return join(cacheDir(env), `${stem(src)}${h}.bin`);
}

/** The part of a cache file's name shared by every version of one source path. */
function stem(src: SourceRef): string {
  return `imdb-${src.kind}-${createHash('sha256').update(resolve(src.path)).digest('hex').slice(0, 12)}-`;
}

/** Removes cache files of earlier versions of the same source (it changed size or mtime). */
async function pruneStale(file: string): Promise<void> {
  const name = basename(file);
  const prefix = name.slice(0, name.lastIndexOf('-') + 1);
  try {
    for (const f of await readdir(dirname(file))) {
      if (f.startsWith(prefix) && f.endsWith('.bin') && f !== name) await unlink(join(dirname(file), f)).catch(() => undefined);
    }
  } catch {
    // pruning is housekeeping only
  }
}

function bytesOf(a: Int32Array | Uint8Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

export function encodeCache(raw: RawImdb): Buffer {
  const parts = [raw.train.offsets, raw.train.tokens, raw.test.offsets, raw.test.tokens, raw.train.labels, raw.test.labels].map(bytesOf);
  const payload = Buffer.concat(parts);
  const header = Buffer.alloc(HEADER);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(VERSION, 8);
  header.writeUInt32LE(raw.train.labels.length, 12);
  header.writeUInt32LE(raw.test.labels.length, 16);
  header.writeUInt32LE(raw.train.tokens.length, 20);
  header.writeUInt32LE(raw.test.tokens.length, 24);
  createHash('sha256').update(payload).digest().copy(header, 28);
  return Buffer.concat([header, payload]);
}

/** Decodes a cache file, or null when anything about it is off (never trusts a partial/corrupt file). */
export function decodeCache(buf: Buffer): RawImdb | null {
  if (buf.length < HEADER || buf.toString('latin1', 0, 8) !== MAGIC || buf.readUInt32LE(8) !== VERSION) return null;
  const nTr = buf.readUInt32LE(12);
  const nTe = buf.readUInt32LE(16);
  const tTr = buf.readUInt32LE(20);
  const tTe = buf.readUInt32LE(24);
  const expected = HEADER + 4 * (nTr + 1 + tTr + nTe + 1 + tTe) + nTr + nTe;
  if (buf.length !== expected) return null;
  const payload = buf.subarray(HEADER);
  if (!createHash('sha256').update(payload).digest().equals(buf.subarray(28, 60))) return null;
  // Copy into an aligned buffer so Int32Array views are legal whatever readFile returned.
  const aligned = new ArrayBuffer(payload.length);
  new Uint8Array(aligned).set(payload);
  let off = 0;
  const ints = (n: number): Int32Array => {
    const a = new Int32Array(aligned, off, n);
    off += 4 * n;
    return a;
  };
  const trOff = ints(nTr + 1);
  const trTok = ints(tTr);
  const teOff = ints(nTe + 1);
  const teTok = ints(tTe);
  const trLab = new Uint8Array(aligned, off, nTr);
  const teLab = new Uint8Array(aligned, off + nTr, nTe);
  const ok = (o: Int32Array, t: number): boolean => {
    if (o[0] !== 0 || o[o.length - 1] !== t) return false;
    for (let i = 1; i < o.length; i++) if (o[i]! < o[i - 1]!) return false;
    return true;
  };
  if (!ok(trOff, tTr) || !ok(teOff, tTe)) return null;
  const split = (offsets: Int32Array, tokens: Int32Array, labels: Uint8Array): RawSplit => ({ offsets, tokens, labels });
  return { train: split(trOff, trTok, trLab), test: split(teOff, teTok, teLab) };
}

export async function readCache(file: string): Promise<RawImdb | null> {
  try {
    return decodeCache(await readFile(file));
  } catch {
    return null;
  }
}

/** Best effort: a cache that cannot be written (read-only disk, full disk) only costs speed. */
export async function writeCache(file: string, raw: RawImdb): Promise<boolean> {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await makeDir(dirname(file), 'the cache folder');
    await writeFile(tmp, encodeCache(raw));
    await rename(tmp, file);
    await pruneStale(file);
    return true;
  } catch {
    await unlink(tmp).catch(() => undefined);
    return false;
  }
}
