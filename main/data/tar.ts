// A streaming reader for .tar / .tar.gz: yields each regular file's path and (when wanted) its bytes,
// reading the archive in chunks so even the 84 MB official aclImdb tarball never sits in memory whole.
// ustar names with prefix, GNU long names ('L') and pax 'path' records are supported; headers are checksummed.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { UserError } from '../errors.js';
import { explainFsError } from './files.js';

export interface TarFile {
  path: string;
  size: number;
  /** The bytes, only when `want(path)` said so. */
  data: Buffer | null;
}

function octal(b: Buffer, off: number, len: number): number {
  if (b[off]! & 0x80) {
    // base-256 (GNU) for sizes ≥ 8 GiB
    let v = 0;
    for (let i = off + 1; i < off + len; i++) v = v * 256 + b[i]!;
    return v;
  }
  const s = b.toString('latin1', off, off + len).replace(/\0.*$/s, '').trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) return NaN;
  return parseInt(s, 8);
}

function cstr(b: Buffer, off: number, len: number): string {
  const end = b.indexOf(0, off);
  return b.toString('utf8', off, end < 0 || end > off + len ? off + len : end);
}

function paxPath(data: Buffer): string | null {
  let p = 0;
  let path: string | null = null;
  while (p < data.length) {
    const sp = data.indexOf(0x20, p);
    if (sp < 0) break;
    const len = parseInt(data.toString('latin1', p, sp), 10);
    if (!(len > 0)) break;
    const rec = data.toString('utf8', sp + 1, p + len - 1);
    const eq = rec.indexOf('=');
    if (rec.slice(0, eq) === 'path') path = rec.slice(eq + 1);
    p += len;
  }
  return path;
}

/** Iterates the files of `path` (gzip detected by magic bytes). `want` decides which files' bytes to keep. */
export async function* readTar(path: string, want: (path: string) => boolean, onBytes?: (compressedRead: number) => void): AsyncGenerator<TarFile> {
  const corrupt = (why: string): UserError => new UserError(`${path} is not a valid tar archive (${why}) — is it truncated or corrupt?`, 'corrupt_file');
  let gz: boolean;
  try {
    const fh = await open(path, 'r');
    try {
      const head = Buffer.alloc(2);
      const { bytesRead } = await fh.read(head, 0, 2, 0);
      gz = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw explainFsError(e, path);
  }
  const source = (async function* (): AsyncGenerator<Buffer> {
    const file = createReadStream(path, { highWaterMark: 1 << 20 });
    let compressedRead = 0;
    let stream: NodeJS.ReadableStream = file;
    if (gz) {
      file.on('data', (c) => {
        compressedRead += c.length;
        onBytes?.(compressedRead);
      });
      const g = createGunzip({ chunkSize: 1 << 18 });
      file.on('error', (e) => g.destroy(e));
      file.pipe(g);
      stream = g;
    }
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (!gz) onBytes?.((compressedRead += chunk.length));
        yield chunk;
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code && !code.startsWith('Z_')) throw explainFsError(e, path);
      throw corrupt(`gzip: ${(e as Error).message}`);
    } finally {
      file.destroy();
    }
  })();

  let pend: Buffer = Buffer.alloc(0);
  let ended = false;
  const fill = async (n: number): Promise<boolean> => {
    while (pend.length < n) {
      const r = await source.next();
      if (r.done) {
        ended = true;
        return false;
      }
      pend = pend.length === 0 ? r.value : Buffer.concat([pend, r.value]);
    }
    return true;
  };
  const take = (n: number): Buffer => {
    const b = pend.subarray(0, n);
    pend = pend.subarray(n);
    return b;
  };
  /** Skips n bytes without buffering them. */
  const skip = async (n: number): Promise<void> => {
    while (n > 0) {
      if (pend.length === 0 && !(await fill(1))) throw corrupt('archive ends inside a file');
      const k = Math.min(n, pend.length);
      pend = pend.subarray(k);
      n -= k;
    }
  };

  try {
    let longName: string | null = null;
    let sawAnyHeader = false;
    for (;;) {
      if (!(await fill(512))) {
        // A tar always ends with zero blocks; without them the file was cut at a block boundary.
        throw corrupt(!sawAnyHeader && pend.length === 0 ? 'empty archive' : pend.length === 0 ? 'no end-of-archive marker' : 'archive ends inside a header');
      }
      const h = take(512);
      if (h.every((x) => x === 0)) {
        // end-of-archive marker; drain so gzip's trailer is still checked
        while (!ended) {
          const r = await source.next();
          if (r.done) break;
        }
        return;
      }
      sawAnyHeader = true;
      let sum = 0;
      let signedSum = 0; // some old tars summed signed bytes
      for (let i = 0; i < 512; i++) {
        const b = i >= 148 && i < 156 ? 32 : h[i]!;
        sum += b;
        signedSum += b > 127 ? b - 256 : b;
      }
      const stored = octal(h, 148, 8);
      if (stored !== sum && stored !== signedSum) throw corrupt('header checksum mismatch');
      const size = octal(h, 124, 12);
      if (!Number.isFinite(size) || size < 0) throw corrupt('bad size field');
      const type = String.fromCharCode(h[156]!);
      const padded = Math.ceil(size / 512) * 512;
      let name = cstr(h, 0, 100);
      if (h.toString('latin1', 257, 262) === 'ustar') {
        const prefix = cstr(h, 345, 155);
        if (prefix) name = `${prefix}/${name}`;
      }
      if (type === 'L' || type === 'x') {
        if (!(await fill(padded))) throw corrupt('archive ends inside a file');
        const data = take(padded).subarray(0, size);
        if (type === 'L') longName = cstr(data, 0, data.length);
        else longName = paxPath(data) ?? longName;
        continue;
      }
      if (longName !== null) {
        name = longName;
        longName = null;
      }
      if (type === '0' || type === '\0' || type === '7') {
        if (want(name)) {
          // the member's name is the archive's contents: not echoed
          if (!(await fill(padded))) throw corrupt('archive ends inside a file');
          const data = Buffer.from(take(padded).subarray(0, size));
          yield { path: name, size, data };
        } else {
          await skip(padded);
          yield { path: name, size, data: null };
        }
      } else {
        await skip(padded); // directories, links, global pax headers: nothing to read
      }
    }
  } finally {
    await source.return(undefined);
  }
}
