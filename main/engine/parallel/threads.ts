// How many threads train a batch together: by default every core of the machine (training runs off the
// UI's threads, so the app stays responsive), RECURRENT_LAB_THREADS or a --threads flag to choose; and
// threadsForBatch: no more than a batch can use (each thread gets at least PARALLEL_MIN_ROWS of its rows).
import { availableParallelism } from 'node:os';
import { envThreads } from '../kernels/index.js';

export const MAX_THREADS = 64;
/** Smallest share of a batch's rows worth a thread. */
export const PARALLEL_MIN_ROWS = 8;

/** RECURRENT_LAB_THREADS when set, else the machine's cores (at most MAX_THREADS). */
export function defaultThreads(env: NodeJS.ProcessEnv = process.env): number {
  return envThreads(env) ?? Math.max(1, Math.min(MAX_THREADS, availableParallelism()));
}

/** Threads worth starting for batches of at most `rows` rows: `threads` (default defaultThreads()), capped so each gets ≥ minRows. */
export function threadsForBatch(rows: number, threads: number = defaultThreads(), minRows: number = PARALLEL_MIN_ROWS): number {
  return Math.max(1, Math.min(threads, Math.floor(rows / minRows)));
}
