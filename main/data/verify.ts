// What `data status` checks before it calls a folder ready: each IMDB file it finds is the official file
// (size-independent: its published checksum), or at least structurally whole — an npz whose zip directory
// is there and points inside the file at the four arrays, a word index that parses, a tarball whose gzip
// trailer closes a tar archive. Cheap (one read of each file, no decompression); the full check is loading.
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { errorMessage } from '../errors.js';
import { OFFICIAL_CHECKSUMS } from './known-files.js';
import { parseWordIndex } from './wordIndex.js';
import { listZip } from './zip.js';

const NPZ_ARRAYS = ['x_train.npy', 'y_train.npy', 'x_test.npy', 'y_test.npy'];

/** null when whole, else why not (one line). */
export async function npzProblem(path: string): Promise<string | null> {
  try {
    const buf = await readFile(path);
    if (createHash('sha256').update(buf).digest('hex') === OFFICIAL_CHECKSUMS.npzSha256) return null;
    const entries = listZip(buf, 'the file');
    for (const name of NPZ_ARRAYS) {
      const e = entries.find((x) => x.name === name);
      if (!e) return `it holds no ${name} — not a Keras imdb.npz`;
      const h = e.localHeaderOffset;
      if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) return `the entry ${name} has no local header where the directory says — is it corrupt?`;
      const end = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28) + e.compressedSize;
      if (end > buf.length) return `the entry ${name} ends beyond the end of the file — is it truncated?`;
    }
    return null;
  } catch (e) {
    return errorMessage(e);
  }
}

export async function wordIndexProblem(path: string): Promise<string | null> {
  try {
    const buf = await readFile(path);
    if (createHash('md5').update(buf).digest('hex') === OFFICIAL_CHECKSUMS.wordIndexMd5) return null;
    parseWordIndex(buf.toString('utf8'), 'the file');
    return null;
  } catch (e) {
    return errorMessage(e);
  }
}

/** A .tar.gz: gzip magic, and the trailer's size (ISIZE, mod 2^32) a whole number of 512-byte tar blocks. */
export async function tarballProblem(path: string): Promise<string | null> {
  let fh;
  try {
    fh = await open(path, 'r');
    const { size } = await fh.stat();
    const head = Buffer.alloc(2);
    const tail = Buffer.alloc(4);
    if (size < 18) return 'the file is too short for a .tar.gz — is it truncated?';
    await fh.read(head, 0, 2, 0);
    await fh.read(tail, 0, 4, size - 4);
    if (head[0] !== 0x1f || head[1] !== 0x8b) return 'it is not gzip-compressed';
    if (tail.readUInt32LE(0) % 512 !== 0) return 'its gzip trailer does not close a tar archive — is it truncated?';
    return null;
  } catch (e) {
    return errorMessage(e);
  } finally {
    await fh?.close();
  }
}
