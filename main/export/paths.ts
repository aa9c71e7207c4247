// Export folder checks: no path escapes (no ".." segment, stays inside `base` when one is given), never
// write into a non-empty folder unless asked, and clear errors for files in the way or unwritable places.
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { makeDir } from '../dirs.js';

export interface ExportDirOptions {
  overwrite?: boolean;
  /** When set (UI, server), `out` is relative to this folder and must stay inside it. */
  base?: string;
}

/** Rejects a path that climbs out with ".." or holds characters no file system accepts. */
export function checkPathText(out: string, what = 'export folder'): void {
  if (typeof out !== 'string' || out.trim() === '') throw new UserError(`${what} is empty`, 'bad_path');
  if (out.includes('\0')) throw new UserError(`${what} contains a NUL character`, 'bad_path');
  if (out.split(/[\\/]+/).includes('..')) throw new UserError(`${what} "${out}" must not contain ".." (no path escapes)`, 'bad_path');
}

/** Resolves and prepares the export folder; returns its absolute path. */
export async function prepareExportDir(out: string, opts: ExportDirOptions = {}): Promise<string> {
  checkPathText(out);
  let dir: string;
  if (opts.base !== undefined) {
    if (isAbsolute(out)) throw new UserError(`export name "${out}" must be relative to the exports folder`, 'bad_path');
    const base = resolve(opts.base);
    dir = resolve(base, out);
    const rel = relative(base, dir);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
      throw new UserError(`export name "${out}" escapes the exports folder`, 'bad_path');
    }
  } else dir = resolve(out);

  const st = await stat(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw new UserError(`cannot use ${dir}: ${e.message}`, 'bad_path');
  });
  if (st && !st.isDirectory()) throw new UserError(`${dir} exists and is not a folder`, 'exists');
  if (st) {
    const entries = await readdir(dir);
    if (entries.length > 0 && !opts.overwrite) {
      throw new UserError(`${dir} already exists and is not empty; pass --overwrite to replace the export in it`, 'exists');
    }
  } else {
    await makeDir(dir, 'the export folder', 'bad_path');
  }
  return dir;
}
