// Downloads the official Keras IMDB files, verifying their published checksums while streaming to a temp file
// that is renamed into place only after verification — a failed, cancelled or partial download leaves nothing
// that is later trusted. Files already present with the right checksum are kept.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { makeDir } from '../dirs.js';
import { NPZ_FILE } from './location.js';
import { WORD_INDEX_FILE } from './wordIndex.js';
import { OFFICIAL_CHECKSUMS } from './known-files.js';

export const KERAS_BASE_URL = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/';
export { OFFICIAL_CHECKSUMS };

export interface DownloadProgress {
  file: string;
  receivedBytes: number;
  totalBytes: number | null;
  /** Of this file, 0..1 (0 while the size is unknown). */
  fraction: number;
}

export interface DownloadOptions {
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  baseUrl?: string;
  expected?: { npzSha256?: string; wordIndexMd5?: string };
}

export interface DownloadedFile {
  name: string;
  bytes: number;
  algorithm: 'sha256' | 'md5';
  digest: string;
  /** true when a verified copy was already there. */
  reused: boolean;
}

async function fileDigest(path: string, algorithm: 'sha256' | 'md5'): Promise<{ digest: string; bytes: number } | null> {
  try {
    const s = await stat(path);
    if (!s.isFile()) return null;
    const h = createHash(algorithm);
    for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
    return { digest: h.digest('hex'), bytes: s.size };
  } catch {
    return null;
  }
}

async function downloadOne(url: string, target: string, name: string, algorithm: 'sha256' | 'md5', expected: string, o: DownloadOptions): Promise<DownloadedFile> {
  const have = await fileDigest(target, algorithm);
  if (have && have.digest === expected.toLowerCase()) {
    o.onProgress?.({ file: name, receivedBytes: have.bytes, totalBytes: have.bytes, fraction: 1 });
    return { name, bytes: have.bytes, algorithm, digest: have.digest, reused: true };
  }
  const tmp = `${target}.part-${process.pid}-${randomBytes(4).toString('hex')}`;
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(tmp, 'wx');
  } catch (e) {
    throw new UserError(`cannot write into ${join(target, '..')}: ${(e as Error).message}`, 'permission');
  }
  let closed = false;
  try {
    let res: Response;
    try {
      res = await fetch(url, o.signal ? { signal: o.signal } : {});
    } catch (e) {
      throw netError(e, url, o.signal);
    }
    if (!res.ok || !res.body) throw new UserError(`download failed: HTTP ${res.status} for ${url}`, 'download_failed');
    const lenHeader = res.headers.get('content-length');
    const total = lenHeader !== null && /^\d+$/.test(lenHeader) ? Number(lenHeader) : null;
    const h = createHash(algorithm);
    let received = 0;
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        h.update(chunk);
        await fh.write(chunk);
        received += chunk.length;
        o.onProgress?.({ file: name, receivedBytes: received, totalBytes: total, fraction: total ? Math.min(1, received / total) : 0 });
      }
    } catch (e) {
      throw netError(e, url, o.signal);
    }
    if (total !== null && received !== total) throw new UserError(`download of ${name} was cut short: ${received} of ${total} bytes`, 'download_failed');
    const digest = h.digest('hex');
    if (digest !== expected.toLowerCase()) {
      throw new UserError(`checksum mismatch for ${name}: expected ${algorithm} ${expected}, got ${digest} — the file was discarded`, 'checksum_mismatch');
    }
    await fh.sync();
    await fh.close();
    closed = true;
    await rename(tmp, target);
    return { name, bytes: received, algorithm, digest, reused: false };
  } catch (e) {
    if (!closed) await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    if (e instanceof UserError) throw e;
    throw new UserError(`could not save ${target}: ${(e as Error).message}`, 'permission');
  }
}

function netError(e: unknown, url: string, signal: AbortSignal | undefined): UserError {
  if (e instanceof UserError) return e;
  if (signal?.aborted) return new UserError('download cancelled', 'cancelled');
  const cause = (e as { cause?: { message?: string } }).cause?.message;
  return new UserError(`download of ${url} failed: ${(e as Error).message}${cause ? ` (${cause})` : ''}`, 'download_failed');
}

/** Fetches imdb.npz and imdb_word_index.json into dataDir (official Keras location unless baseUrl is given). */
export async function downloadData(dataDir: string, opts: DownloadOptions = {}): Promise<{ dataDir: string; files: DownloadedFile[] }> {
  const base = (opts.baseUrl ?? KERAS_BASE_URL).replace(/\/?$/, '/');
  await makeDir(dataDir, 'the data folder', 'permission');
  const files: DownloadedFile[] = [];
  files.push(await downloadOne(base + WORD_INDEX_FILE, join(dataDir, WORD_INDEX_FILE), WORD_INDEX_FILE, 'md5', opts.expected?.wordIndexMd5 ?? OFFICIAL_CHECKSUMS.wordIndexMd5, opts));
  files.push(await downloadOne(base + NPZ_FILE, join(dataDir, NPZ_FILE), NPZ_FILE, 'sha256', opts.expected?.npzSha256 ?? OFFICIAL_CHECKSUMS.npzSha256, opts));
  return { dataDir, files };
}
