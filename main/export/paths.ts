// Export folder checks: no path escapes (no ".." segment, stays inside `base` when one is given — also
// through symbolic links), never write into a non-empty folder unless asked, and clear errors for files in
// the way or unwritable places.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
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
    await checkNoLinkOut(dir, base, out);
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

/** True when `p` is `base` or below it (both already resolved). */
function within(base: string, p: string): boolean {
  const rel = relative(base, p);
  return rel === '' || (!isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/**
 * `dir` lies inside `base` by name; a symbolic link on the way (the export folder itself or a folder above
 * it) must not lead elsewhere, or an overwrite would write outside the exports folder. Checked before
 * anything is read or created there: the deepest existing folder on the way must resolve inside `base`.
 */
async function checkNoLinkOut(dir: string, base: string, out: string): Promise<void> {
  const realBase = await realpath(base).catch(() => null);
  if (realBase === null) return; // created below, with everything under it: no link can be on the way
  const linkOut = (): UserError => new UserError(`export name "${out}" leads out of the exports folder through a symbolic link`, 'bad_path');
  for (let p = dir; ; p = dirname(p)) {
    let real: string;
    try {
      real = await realpath(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || p === base) throw new UserError(`cannot use ${dir}: ${(e as Error).message}`, 'bad_path');
      // missing — unless it is a link to a place that does not exist yet (mkdir would follow it)
      if (await lstat(p).then(() => true, () => false)) throw linkOut();
      continue;
    }
    if (!within(realBase, real) || (p === dir && real === realBase)) throw linkOut();
    return;
  }
}
