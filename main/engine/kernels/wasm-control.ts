// The control block in shared memory through which the calling thread hands one sgemm to the worker
// threads. The product is cut into chunks (row or column slices of C) that every thread, the caller
// included, claims with a compare-and-swap until none are left: a worker that the OS has not scheduled yet
// simply gets fewer chunks, instead of leaving the caller waiting for a fixed half.

export const CTL_INTS = 32; // 128 bytes: the block has its own cache lines
export const SEQ = 0; // bumped by the caller to post a job (workers sleep on it)
export const CLAIM = 1; // (job tag << 8) | next unclaimed chunk
export const DONE = 2; // chunks finished for the current job (the caller sleeps on it)
export const ERR = 3; // 1 when a chunk threw
export const CMD = 4; // CMD_GEMM or CMD_QUIT
export const ARGS = 8; // see Job below, in this order
export const CMD_GEMM = 0;
export const CMD_QUIT = 1;
export const MAX_CHUNKS = 255;

export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Byte offset of the control block. */
  ctl: number;
  /** Byte offset of this worker's private sgemm workspace. */
  ws: number;
  /** Atomics.load polls before sleeping in Atomics.wait (keeps back-to-back small gemms cheap). */
  spin: number;
}

export type WasmSgemm = (
  transA: number, transB: number, M: number, N: number, K: number,
  a: number, lda: number, b: number, ldb: number, c: number, ldc: number, beta: number, ws: number,
) => void;

/** Job tag of a sequence number (23 bits, so tag << 8 stays a positive int32). */
export const tagOf = (seq: number): number => seq & 0x7fffff;

const enum A { TA, TB, M, N, K, Ap, LDA, Bp, LDB, Cp, LDC, BETA, BYROWS, CHUNK, NCHUNKS }
export const JOB_INTS = 15;

/** Writes a job's arguments (addresses must be < 2 GiB: the heap guarantees it). */
export function writeJob(
  ctl: Int32Array, tA: boolean, tB: boolean, M: number, N: number, K: number,
  a: number, lda: number, b: number, ldb: number, c: number, ldc: number, beta: number,
  byRows: boolean, chunk: number, nChunks: number,
): void {
  const v = [+tA, +tB, M, N, K, a, lda, b, ldb, c, ldc, beta, +byRows, chunk, nChunks];
  for (let i = 0; i < JOB_INTS; i++) ctl[ARGS + i] = v[i]!;
}

/**
 * Claims and runs chunks of the job tagged `tag` until none are left (or the job is no longer current).
 * `job` is this thread's copy of the arguments, read after the job was posted.
 */
export function runChunks(ctl: Int32Array, job: Int32Array, tag: number, sgemm: WasmSgemm, ws: number): void {
  const nChunks = job[A.NCHUNKS]!;
  for (;;) {
    const cur = Atomics.load(ctl, CLAIM);
    if (cur >> 8 !== tag) return; // a later job: ours is finished
    const idx = cur & 0xff;
    if (idx >= nChunks) return;
    if (Atomics.compareExchange(ctl, CLAIM, cur, cur + 1) !== cur) continue;
    try {
      runChunk(job, idx, sgemm, ws);
    } catch {
      Atomics.store(ctl, ERR, 1);
    }
    if (Atomics.add(ctl, DONE, 1) + 1 === nChunks) Atomics.notify(ctl, DONE);
  }
}

function runChunk(j: Int32Array, idx: number, sgemm: WasmSgemm, ws: number): void {
  const tA = j[A.TA]!, tB = j[A.TB]!, M = j[A.M]!, N = j[A.N]!, K = j[A.K]!;
  const a = j[A.Ap]!, lda = j[A.LDA]!, b = j[A.Bp]!, ldb = j[A.LDB]!, c = j[A.Cp]!, ldc = j[A.LDC]!, beta = j[A.BETA]!;
  const chunk = j[A.CHUNK]!;
  const s = idx * chunk;
  if (j[A.BYROWS]) {
    const e = Math.min(M, s + chunk);
    sgemm(tA, tB, e - s, N, K, a + 4 * (tA ? s : s * lda), lda, b, ldb, c + 4 * s * ldc, ldc, beta, ws);
  } else {
    const e = Math.min(N, s + chunk);
    sgemm(tA, tB, M, e - s, K, a, lda, b + 4 * (tB ? s * ldb : s), ldb, c + 4 * s, ldc, beta, ws);
  }
}
