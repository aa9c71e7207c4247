// Creating folders, bounded: Node's recursive mkdir retries forever (100% CPU) where the parent exists but
// refuses new entries with ENOENT (under /proc, some FUSE and network mounts). Here each missing folder of
// the path is made once, nearest the root first, and any refusal is a UserError naming the folder.
import { mkdirSync, statSync, type Stats } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserError } from './errors.js';

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'the file system there does not allow new folders';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return err.message ?? String(e);
  }
}

function failure(what: string, dir: string, e: unknown, code: string): UserError {
  return new UserError(`cannot create ${what} ${dir}: ${reason(e)}`, code);
}

/** Not there; ENOTDIR: a file stands where a parent folder should be, and the walk up finds and names it. */
const absent = (e: unknown): boolean => ['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '');

type StatResult = { stats: Stats } | { missing: true } | { error: unknown };

function classify(p: string, r: StatResult, what: string, dir: string, code: string): 'exists' | 'missing' {
  if ('stats' in r) {
    if (!r.stats.isDirectory()) throw new UserError(`cannot create ${what} ${dir}: ${p} is a file, not a folder`, code);
    return 'exists';
  }
  if ('missing' in r) return 'missing';
  throw failure(what, dir, r.error, code);
}

/**
 * Makes `dir` and any missing parents (like `mkdir -p`) and returns its absolute path. Never loops: at most
 * one stat and one mkdir per path segment. `what` names the folder in errors ("the data folder").
 */
export function makeDirSync(dir: string, what = 'folder', code = 'bad_path'): string {
  const abs = resolve(dir);
  const missing: string[] = [];
  for (let p = abs; ; p = dirname(p)) {
    let r: StatResult;
    try {
      r = { stats: statSync(p) };
    } catch (e) {
      r = absent(e) ? { missing: true } : { error: e };
    }
    if (classify(p, r, what, abs, code) === 'exists') break;
    missing.push(p);
    if (dirname(p) === p) break;
  }
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p);
    } catch (e) {
      // Another process made it meanwhile: fine, when it is a folder.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(p, { throwIfNoEntry: false })?.isDirectory()) throw failure(what, abs, e, code);
    }
  }
  return abs;
}

/** makeDirSync without blocking the event loop. */
export async function makeDir(dir: string, what = 'folder', code = 'bad_path'): Promise<string> {
  const abs = resolve(dir);
  const missing: string[] = [];
  for (let p = abs; ; p = dirname(p)) {
    let r: StatResult;
    try {
      r = { stats: await stat(p) };
    } catch (e) {
      r = absent(e) ? { missing: true } : { error: e };
    }
    if (classify(p, r, what, abs, code) === 'exists') break;
    missing.push(p);
    if (dirname(p) === p) break;
  }
  for (const p of missing.reverse()) {
    try {
      await mkdir(p);
    } catch (e) {
      const made = await stat(p).then((s) => s.isDirectory(), () => false);
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !made) throw failure(what, abs, e, code);
    }
  }
  return abs;
}
