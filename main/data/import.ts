// Imports IMDB data a user already has — a Keras imdb.npz (with imdb_word_index.json beside it), an aclImdb
// tarball, or an unpacked aclImdb folder — into the data folder, after parsing it fully to prove it is
// usable. Copies go through temp names and renames; the parsed arrays also prime the tokenised cache.
// Confined to a folder (`within`: serve --allow-import-from), every file it reads must resolve inside it.
import { randomBytes } from 'node:crypto';
import { cp, copyFile, open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { makeDir } from '../dirs.js';
import { explainFsError } from './files.js';
import { ACL_FOLDER, NPZ_FILE, TARBALL_FILES, type SourceRef } from './location.js';
import { loadWordIndexFile, WORD_INDEX_FILE } from './wordIndex.js';
import { parseNpz } from './npz.js';
import { readAclImdbFolder, readAclImdbTar } from './acl.js';
import { cacheFileFor, writeCache } from './cache.js';
import type { DataSource, ProgressFn, RawImdb } from './types.js';

export interface ImportResult {
  dataDir: string;
  source: DataSource | 'wordIndex';
  files: string[];
  reviews: { train: number; test: number } | null;
}

async function isFile(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isFile(), () => false);
}
async function isDir(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}

async function sniff(path: string): Promise<'zip' | 'gzip' | 'tar' | 'json' | 'unknown'> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(512);
    const { bytesRead } = await fh.read(b, 0, 512, 0);
    if (bytesRead >= 4 && b.readUInt32LE(0) === 0x04034b50) return 'zip';
    if (bytesRead >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
    if (bytesRead === 512 && b.toString('latin1', 257, 262) === 'ustar') return 'tar';
    if (bytesRead >= 1 && b.toString('utf8', 0, bytesRead).trimStart().startsWith('{')) return 'json';
    return 'unknown';
  } finally {
    await fh.close();
  }
}

/** Copies a file into dir under `name` via a temp name (no half-copied file ever carries the real name). */
async function placeFile(src: string, dataDir: string, name: string): Promise<string> {
  const target = join(dataDir, name);
  if (resolve(src) === resolve(target)) return target;
  const tmp = `${target}.import-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await copyFile(src, tmp);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new UserError(`could not copy ${src} into ${dataDir}: ${(e as Error).message}`, 'permission');
  }
  return target;
}

export interface ImportOptions {
  /**
   * Only read files that resolve (symbolic links and ".." followed) inside this folder — serve's
   * --allow-import-from. The data folder's own word index may still be used.
   */
  within?: string;
}

function inside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/**
 * Resolves `path` (relative to `root`, or absolute) through every link and ".." and checks it stays inside
 * `root`; returns the resolved path. The refusal names the path the caller gave, not what it points to.
 */
export async function resolveInside(path: string, root: string): Promise<string> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch (e) {
    throw explainFsError(e, root);
  }
  const given = resolve(realRoot, path);
  let real: string;
  try {
    real = await realpath(given);
  } catch (e) {
    // a missing file inside is "not found"; outside, nothing about it is told
    if (!inside(realRoot, given)) throw outsideError(path, root);
    throw explainFsError(e, given);
  }
  if (!inside(realRoot, real)) throw outsideError(path, root);
  return real;
}

function outsideError(path: string, root: string): UserError {
  return new UserError(`${path} is outside the import folder ${root} (links and ".." are followed): only files under it can be imported here`, 'forbidden');
}

/** Word-index candidates in order; confined, one outside `within` is skipped (the data folder's own is ours). */
async function findWordIndex(candidates: string[], within: string | undefined, dataDir: string): Promise<string | null> {
  for (const c of candidates) {
    if (!(await isFile(c))) continue;
    if (within === undefined || resolve(c) === resolve(dataDir, WORD_INDEX_FILE)) return c;
    const real = await realpath(c).catch(() => null);
    if (real !== null && inside(within, real)) return real;
  }
  return null;
}

async function primeCache(src: SourceRef, raw: RawImdb): Promise<void> {
  try {
    await writeCache(await cacheFileFor(src), raw);
  } catch {
    // only speed is lost
  }
}

/** Imports `src` into `dataDir`; throws UserError (naming the file) when it is not usable IMDB data. */
export async function importData(src: string, dataDir: string, onProgress?: ProgressFn, opts: ImportOptions = {}): Promise<ImportResult> {
  const within = opts.within !== undefined ? await realpath(opts.within).catch((e: unknown) => { throw explainFsError(e, opts.within as string); }) : undefined;
  const from = within !== undefined ? await resolveInside(src, within) : resolve(src);
  const again = (p: string) => importData(p, dataDir, onProgress, within !== undefined ? { within } : {});
  let st;
  try {
    st = await stat(from);
  } catch (e) {
    throw explainFsError(e, from);
  }
  await makeDir(dataDir, 'the data folder', 'permission');
  const count = (raw: RawImdb): ImportResult['reviews'] => ({ train: raw.train.labels.length, test: raw.test.labels.length });

  if (st.isDirectory()) {
    // A folder holding imdb.npz, or an aclImdb folder (or its parent).
    if (await isFile(join(from, NPZ_FILE))) return again(join(from, NPZ_FILE));
    for (const t of TARBALL_FILES) if (await isFile(join(from, t))) return again(join(from, t));
    const found = (await isDir(join(from, 'train'))) ? from : (await isDir(join(from, ACL_FOLDER, 'train'))) ? join(from, ACL_FOLDER) : null;
    if (!found) throw new UserError(`${from} holds neither ${NPZ_FILE} nor an aclImdb folder (train/ and test/ with pos/ and neg/)`, 'not_found');
    const acl = within !== undefined ? await resolveInside(found, within) : found;
    const wiPath = await findWordIndex([join(acl, WORD_INDEX_FILE), join(dirname(acl), WORD_INDEX_FILE), join(dataDir, WORD_INDEX_FILE)], within, dataDir);
    if (!wiPath) throw new UserError(`importing ${acl} needs ${WORD_INDEX_FILE} beside it (the Keras word ranks) — import or download it first`, 'not_found');
    if (within !== undefined) for (const part of ['train/pos', 'train/neg', 'test/pos', 'test/neg']) await resolveInside(join(acl, part), within);
    const raw = await readAclImdbFolder(acl, await loadWordIndexFile(wiPath), onProgress, { noLinks: within !== undefined });
    const wiTarget = await placeFile(wiPath, dataDir, WORD_INDEX_FILE);
    const target = join(dataDir, ACL_FOLDER);
    if (resolve(acl) !== resolve(target)) {
      const tmp = `${target}.import-${process.pid}-${randomBytes(4).toString('hex')}`;
      try {
        for (const part of ['train/pos', 'train/neg', 'test/pos', 'test/neg']) await cp(join(acl, part), join(tmp, part), { recursive: true });
        await rm(target, { recursive: true, force: true });
        await rename(tmp, target);
      } catch (e) {
        await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
        throw new UserError(`could not copy ${acl} into ${dataDir}: ${(e as Error).message}`, 'permission');
      }
    }
    await primeCache({ kind: 'aclImdb', path: target, wordIndexPath: wiTarget, form: 'folder' }, raw);
    return { dataDir, source: 'aclImdb', files: [`${ACL_FOLDER}/`, WORD_INDEX_FILE], reviews: count(raw) };
  }

  if (!st.isFile()) throw new UserError(`${from} is neither a file nor a folder`);
  const kind = await sniff(from);
  const beside = join(dirname(from), WORD_INDEX_FILE);
  if (kind === 'json') {
    await loadWordIndexFile(from); // validates
    await placeFile(from, dataDir, WORD_INDEX_FILE);
    return { dataDir, source: 'wordIndex', files: [WORD_INDEX_FILE], reviews: null };
  }
  if (kind === 'zip') {
    onProgress?.({ phase: 'checking npz', fraction: 0 });
    let buf: Buffer;
    try {
      buf = await readFile(from);
    } catch (e) {
      throw explainFsError(e, from);
    }
    const raw = parseNpz(buf, from, onProgress);
    const wiPath = await findWordIndex([beside], within, dataDir);
    if (wiPath) await loadWordIndexFile(wiPath);
    const target = await placeFile(from, dataDir, NPZ_FILE);
    const files = [NPZ_FILE];
    let wiTarget: string | null = (await isFile(join(dataDir, WORD_INDEX_FILE))) ? join(dataDir, WORD_INDEX_FILE) : null;
    if (wiPath) {
      wiTarget = await placeFile(wiPath, dataDir, WORD_INDEX_FILE);
      files.push(WORD_INDEX_FILE);
    }
    await primeCache({ kind: 'npz', path: target, wordIndexPath: wiTarget, form: 'npz' }, raw);
    return { dataDir, source: 'npz', files, reviews: count(raw) };
  }
  if (kind === 'gzip' || kind === 'tar') {
    const wiPath = await findWordIndex([beside, join(dataDir, WORD_INDEX_FILE)], within, dataDir);
    if (!wiPath) throw new UserError(`importing ${from} needs ${WORD_INDEX_FILE} beside it (the Keras word ranks) — import or download it first`, 'not_found');
    const raw = await readAclImdbTar(from, await loadWordIndexFile(wiPath), onProgress);
    const name = (TARBALL_FILES as readonly string[]).includes(basename(from)) ? basename(from) : TARBALL_FILES[1];
    const wiTarget = await placeFile(wiPath, dataDir, WORD_INDEX_FILE);
    const target = await placeFile(from, dataDir, name);
    await primeCache({ kind: 'aclImdb', path: target, wordIndexPath: wiTarget, form: 'tar' }, raw);
    return { dataDir, source: 'aclImdb', files: [name, WORD_INDEX_FILE], reviews: count(raw) };
  }
  throw new UserError(`${from} is not IMDB data: expected a Keras ${NPZ_FILE}, an aclImdb .tar.gz, an aclImdb folder or ${WORD_INDEX_FILE}`);
}

