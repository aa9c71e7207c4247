// Shared set-up for the run tests: real IMDB from RECURRENT_LAB_DATA (never a fixed path), temp homes,
// the real CLI as a child process, and tiny-but-real training settings.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATA_DIR: string | null = process.env.RECURRENT_LAB_DATA ? resolve(process.env.RECURRENT_LAB_DATA) : null;
export const SKIP: string | false = DATA_DIR ? false : 'RECURRENT_LAB_DATA is not set: point it at the folder holding imdb.npz';

export const BIN = fileURLToPath(new URL('../../../../bin/recurrent-lab.js', import.meta.url));
/** One tokenised-data cache for all run tests, so only the first parses the npz. */
export const CACHE_DIR = join(tmpdir(), 'recurrent-lab-test-cache');

/** Small real runs: seconds on two shared cores. */
export const TINY = ['--limit-train', '256', '--limit-test', '128', '--units', '8', '--embedding-dim', '8', '--max-len', '64', '--batch-size', '32'];

export function tempHome(): { dir: string; db: string; env: NodeJS.ProcessEnv; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rl-runs-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RECURRENT_LAB_HOME: dir,
    RECURRENT_LAB_CACHE: CACHE_DIR,
    RECURRENT_LAB_DB: join(dir, 'lab.sqlite'),
    RECURRENT_LAB_DATA: DATA_DIR ?? '',
  };
  return { dir, db: join(dir, 'lab.sqlite'), env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], env: NodeJS.ProcessEnv, extra: { uid?: number; gid?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 120_000, ...extra });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function cliAsync(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function lastJsonLine(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? 'null') as Record<string, unknown>;
}

/** Runs a CLI command in this process (the same dispatcher the bin uses, with the SQLite store registered). */
export async function cliInProcess(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const { registerSqliteStore } = await import('../../../db/index.js');
  const { main } = await import('../../../main/cli/index.js');
  registerSqliteStore();
  let stdout = '';
  let stderr = '';
  const status = await main(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), isTTY: false, env });
  return { status, stdout, stderr };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
