// Shared set-up for the real-data tests: the data folder from RECURRENT_LAB_DATA (never a fixed path), a
// private tokenised-cache folder per test file, and temp folders cleaned up afterwards.
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The real IMDB folder, or null (tests then skip with this message). */
export const DATA_DIR: string | null = process.env.RECURRENT_LAB_DATA ? resolve(process.env.RECURRENT_LAB_DATA) : null;
export const SKIP = DATA_DIR ? false : 'RECURRENT_LAB_DATA is not set: point it at the folder holding imdb.npz, imdb_word_index.json and aclImdb_labeled.tar.gz';

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), `rl-${prefix}-`));
  after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** Gives this test file its own cache folder so runs never touch the user's and start cold. */
export function privateCache(): string {
  const d = tempDir('cache');
  process.env.RECURRENT_LAB_CACHE = d;
  return d;
}

export function data(): string {
  if (!DATA_DIR) throw new Error(String(SKIP));
  return DATA_DIR;
}
