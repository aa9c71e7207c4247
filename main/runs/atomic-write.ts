// Files a run keeps (checkpoints, final weights, test predictions) are written whole or not at all: into a
// temporary file, flushed to disk, then renamed over the target — a crash never leaves half a file.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

/** Writes `parts` to `path` atomically; returns the file size in bytes. */
export function writeAtomically(path: string, parts: readonly Uint8Array[]): number {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  let bytes = 0;
  try {
    for (const p of parts) {
      let off = 0;
      while (off < p.length) off += writeSync(fd, p, off, p.length - off);
      bytes += p.length;
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return bytes;
}
