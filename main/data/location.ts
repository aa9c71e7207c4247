// Where the IMDB files live (--data flag, RECURRENT_LAB_DATA, else the app's data folder), which source a
// folder holds, and a status report for the UI/CLI.
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defaultDataDir } from '../paths.js';
import { UserError } from '../errors.js';
import { WORD_INDEX_FILE } from './wordIndex.js';
import type { DataSource } from './types.js';
import { npzProblem, tarballProblem, wordIndexProblem } from './verify.js';

export const NPZ_FILE = 'imdb.npz';
/** Tarball names we recognise: the shared labelled copy and Stanford's official file. */
export const TARBALL_FILES = ['aclImdb_labeled.tar.gz', 'aclImdb_v1.tar.gz'] as const;
export const ACL_FOLDER = 'aclImdb';

export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== '') return resolve(flag);
  if (env.RECURRENT_LAB_DATA) return resolve(env.RECURRENT_LAB_DATA);
  return defaultDataDir(env);
}

export interface SourceRef {
  kind: DataSource;
  /** imdb.npz, a tarball, or the aclImdb folder. */
  path: string;
  /** The word index beside it (required for aclImdb; optional for npz). */
  wordIndexPath: string | null;
  form: 'npz' | 'tar' | 'folder';
}

async function statOrNull(p: string): Promise<Stats | null> {
  try {
    return await stat(p);
  } catch {
    return null;
  }
}

/** The source loadData would use in `dataDir` (npz first, then a tarball, then an unpacked folder), or null. */
export async function findSource(dataDir: string): Promise<SourceRef | null> {
  const wi = join(dataDir, WORD_INDEX_FILE);
  const wordIndexPath = (await statOrNull(wi))?.isFile() ? wi : null;
  const npz = join(dataDir, NPZ_FILE);
  if ((await statOrNull(npz))?.isFile()) return { kind: 'npz', path: npz, wordIndexPath, form: 'npz' };
  if (!wordIndexPath) return null;
  for (const t of TARBALL_FILES) {
    const p = join(dataDir, t);
    if ((await statOrNull(p))?.isFile()) return { kind: 'aclImdb', path: p, wordIndexPath, form: 'tar' };
  }
  const folder = join(dataDir, ACL_FOLDER);
  if ((await statOrNull(join(folder, 'train')))?.isDirectory() && (await statOrNull(join(folder, 'test')))?.isDirectory()) {
    return { kind: 'aclImdb', path: folder, wordIndexPath, form: 'folder' };
  }
  return null;
}

export async function requireSource(dataDir: string): Promise<SourceRef> {
  const s = await findSource(dataDir);
  if (s) return s;
  const hasDir = (await statOrNull(dataDir))?.isDirectory() ?? false;
  throw new UserError(
    `no IMDB data in ${dataDir}${hasDir ? '' : ' (folder does not exist)'}: expected ${NPZ_FILE}, or ${TARBALL_FILES[1]} / an ${ACL_FOLDER} folder with ${WORD_INDEX_FILE} — run \`recurrent-lab data download\` or \`recurrent-lab data import PATH\``,
    'not_found',
  );
}

export interface DataStatus {
  /** A source and the word index are there, and neither is damaged. */
  ready: boolean;
  source: DataSource | null;
  files: { name: string; bytes: number }[];
  dataDir: string;
  /** Files that are there but not whole (truncated, corrupt), with the reason; absent when there are none. */
  damaged?: { name: string; reason: string }[];
}

/**
 * Which IMDB files `dataDir` holds, each checked (main/data/verify.ts: the official checksum, else a cheap
 * structural check); ready when a loadable source and the word index are both there and whole.
 */
export async function dataStatus(dataDir: string): Promise<DataStatus> {
  const files: { name: string; bytes: number }[] = [];
  const damaged: { name: string; reason: string }[] = [];
  const checks: Record<string, (p: string) => Promise<string | null>> = {
    [NPZ_FILE]: npzProblem,
    [WORD_INDEX_FILE]: wordIndexProblem,
    ...Object.fromEntries(TARBALL_FILES.map((t) => [t, tarballProblem])),
  };
  for (const name of [NPZ_FILE, WORD_INDEX_FILE, ...TARBALL_FILES]) {
    const s = await statOrNull(join(dataDir, name));
    if (!s?.isFile()) continue;
    files.push({ name, bytes: s.size });
    const reason = await checks[name]!(join(dataDir, name));
    if (reason !== null) damaged.push({ name, reason });
  }
  if ((await statOrNull(join(dataDir, ACL_FOLDER)))?.isDirectory()) files.push({ name: `${ACL_FOLDER}/`, bytes: 0 });
  const src = await findSource(dataDir);
  const broken = (p: string | null) => p !== null && damaged.some((d) => join(dataDir, d.name) === p);
  const ready = src !== null && src.wordIndexPath !== null && !broken(src.path) && !broken(src.wordIndexPath);
  return { ready, source: src?.kind ?? null, files, dataDir, ...(damaged.length > 0 ? { damaged } : {}) };
}
