// The WebAssembly SIMD kernels: sgemm from dist/wasm/sgemm(-fma).wasm on a shared memory, big products split
// into row or column chunks that the calling thread and the worker threads claim (wasm-control.ts); the
// caller works too, then blocks in Atomics.wait until every chunk is done.
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { Kernels } from './api.js';
import { checkGemm, extent } from './gemm-check.js';
import {
  ARGS, CLAIM, CMD, CMD_GEMM, CMD_QUIT, CTL_INTS, DONE, ERR, JOB_INTS, MAX_CHUNKS, SEQ, runChunks, tagOf, writeJob,
  type WasmSgemm, type WorkerInit,
} from './wasm-control.js';
import { WasmHeap, type HeapOptions } from './wasm-heap.js';
import { loadWasmOptim } from './wasm-optim.js';
import { compileCells, instantiateCells } from './wasm-cells.js';
import { dirname, join } from 'node:path';

export interface WasmKernelOptions extends HeapOptions {
  /** Threads in all, the caller included (1 = no workers). */
  threads?: number;
  /** Smallest product (2·M·N·K flops) worth handing a slice to each extra thread. */
  minFlopsPerThread?: number;
  /** Polls before a waiting thread sleeps. */
  spin?: number;
  /** Whether wasmPath is the fused multiply-add build (reported only). */
  fma?: boolean;
  /** false: the calling thread only waits while workers compute every chunk (tests use it). Default true. */
  callerWorks?: boolean;
}

export interface WasmKernels extends Kernels {
  readonly heap: WasmHeap;
  /** true when running the relaxed-SIMD fused multiply-add build. */
  readonly fma: boolean;
  /** Same product, forced onto `threads` threads (≤ this.threads); for tests and benchmarks. */
  sgemmWith(
    threads: number, transA: boolean, transB: boolean, M: number, N: number, K: number,
    A: Float32Array, lda: number, B: Float32Array, ldb: number, C: Float32Array, ldc: number, beta: 0 | 1,
  ): void;
}

const DEFAULT_MIN_FLOPS = 1 << 20; // per thread (and per chunk): below it, waking a thread costs more than it saves
// ~100–200 µs of Atomics.load polling (measured ~8 ns each here): long enough that a worker stays awake
// across the elementwise work between two timesteps' products, short enough to cost little when idle.
const DEFAULT_SPIN = 20000;
const CHUNKS_PER_THREAD = 4; // lets the running threads take over the share of one the OS has not scheduled
const MR = 4; // the kernel's row and column blocks: chunks are cut on these
const NR = 8;

export async function createWasmKernels(wasmPath: string, opts: WasmKernelOptions = {}): Promise<WasmKernels> {
  const threads = opts.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new RangeError(`threads must be an integer in 1..64, got ${threads}`);
  const minFlops = opts.minFlopsPerThread ?? DEFAULT_MIN_FLOPS;
  const spin = opts.spin ?? DEFAULT_SPIN;
  const callerWorks = opts.callerWorks ?? true;

  const module = await WebAssembly.compile(await readFile(wasmPath));
  const heap = new WasmHeap(opts);
  const instance = await WebAssembly.instantiate(module, { env: { memory: heap.memory } });
  const wasmSgemm = instance.exports['sgemm'] as WasmSgemm;
  const wsBytes = (instance.exports['workspaceBytes'] as () => number)();
  // The optimizer updates, built beside the sgemm binary.
  const optim = await loadWasmOptim(join(dirname(wasmPath), 'optim.wasm'), heap);
  const cellsModule = await compileCells(join(dirname(wasmPath), 'cells.wasm'));
  const cells = cellsModule ? instantiateCells(cellsModule, heap.memory, (a) => heap.owns(a)) : null;

  // One workspace per thread; one control block for all.
  const workspaces = Array.from({ length: threads }, () => heap.alloc(wsBytes / 4).byteOffset);
  const ctl = new Int32Array(heap.memory.buffer, heap.alloc(CTL_INTS).byteOffset, CTL_INTS);
  const job = new Int32Array(JOB_INTS);
  const workers: Worker[] = [];
  try {
    for (let w = 1; w < threads; w++) {
      const init: WorkerInit = { module, memory: heap.memory, ctl: ctl.byteOffset, ws: workspaces[w]!, spin };
      // No host flags: the worker needs none (V8 flags are process-wide anyway), and some would kill it
      // (--input-type is valid only with -e; per-process V8 flags are refused in a worker's execArgv).
      const worker = new Worker(new URL('./wasm-worker.js', import.meta.url), { workerData: init, execArgv: [] });
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`kernel worker exited during start (code ${code})`)));
      });
      worker.removeAllListeners();
      worker.on('error', () => {}); // a failed chunk is reported through ERR; never crash the host
      worker.unref();
      workers.push(worker);
    }
  } catch (e) {
    for (const w of workers) void w.terminate();
    throw e;
  }

  let disposed = false;
  let maxThreads = threads;
  let seq = 0;

  function run(
    nt: number, tA: boolean, tB: boolean, M: number, N: number, K: number,
    a: number, lda: number, b: number, ldb: number, c: number, ldc: number, beta: number,
  ): void {
    // Row slices when C is taller than wide (each chunk re-packs B), else column slices (each re-packs A).
    const byRows = M >= N;
    const total = byRows ? M : N;
    const unit = byRows ? MR : NR;
    const units = Math.ceil(total / unit);
    const flops = 2 * M * N * K;
    // Every chunk re-packs the operand it does not split (K·N floats for row chunks, M·K for column ones):
    // about 1/64 of the split side's length in chunks keeps that copy under ~10% of a chunk's arithmetic.
    const repackLimit = Math.max(nt, Math.floor(total / 64));
    // Matrix-vector products (M or N = 1) are memory-bound: a second thread measured slower, not faster.
    const nChunks = nt <= 1 || M === 1 || N === 1 ? 1 : Math.max(1, Math.min(units, MAX_CHUNKS, nt * CHUNKS_PER_THREAD, Math.floor(flops / minFlops), repackLimit));
    if (nChunks === 1) {
      wasmSgemm(+tA, +tB, M, N, K, a, lda, b, ldb, c, ldc, beta, workspaces[0]!);
      return;
    }
    const chunk = Math.ceil(units / nChunks) * unit;
    const used = Math.ceil(total / chunk);
    writeJob(ctl, tA, tB, M, N, K, a, lda, b, ldb, c, ldc, beta, byRows, chunk, used);
    for (let i = 0; i < JOB_INTS; i++) job[i] = ctl[ARGS + i]!;
    seq = (seq + 1) & 0x7fffffff;
    const tag = tagOf(seq);
    Atomics.store(ctl, ERR, 0);
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, CMD, CMD_GEMM);
    Atomics.store(ctl, CLAIM, tag << 8);
    Atomics.store(ctl, SEQ, seq);
    Atomics.notify(ctl, SEQ, Math.min(nt, used) - 1);
    if (callerWorks) runChunks(ctl, job, tag, wasmSgemm, workspaces[0]!);
    let d = Atomics.load(ctl, DONE);
    for (let i = 0; d !== used && i < spin; i++) d = Atomics.load(ctl, DONE);
    while (d !== used) {
      Atomics.wait(ctl, DONE, d, 1000);
      d = Atomics.load(ctl, DONE);
    }
    if (Atomics.load(ctl, ERR) !== 0) throw new Error('sgemm failed in a kernel thread (out-of-bounds address?)');
  }

  function gemm(
    nt: number, transA: boolean, transB: boolean, M: number, N: number, K: number,
    A: Float32Array, lda: number, B: Float32Array, ldb: number, C: Float32Array, ldc: number, beta: 0 | 1,
  ): void {
    checkGemm(transA, transB, M, N, K, A, lda, B, ldb, C, ldc, beta);
    if (M === 0 || N === 0) return;
    nt = Math.min(nt, disposed ? 1 : maxThreads);
    if (heap.owns(A) && heap.owns(B) && heap.owns(C)) {
      run(nt, transA, transB, M, N, K, A.byteOffset, lda, B.byteOffset, ldb, C.byteOffset, ldc, beta);
      return;
    }
    // Arrays outside the wasm memory are copied in (and C back out): O(n²) against the O(n³) product.
    const scratch: Float32Array[] = [];
    const place = (X: Float32Array, rows: number, cols: number, ld: number): Float32Array => {
      if (heap.owns(X)) return X;
      const n = extent(rows, cols, ld);
      const Y = heap.alloc(Math.max(n, 1));
      if (n > 0) Y.set(X.subarray(0, n));
      scratch.push(Y);
      return Y;
    };
    try {
      const a = place(A, transA ? K : M, transA ? M : K, lda);
      const b = place(B, transB ? N : K, transB ? K : N, ldb);
      const c = place(C, M, N, ldc); // beta 0 too: the gaps between rows (ldc > N) must survive the copy back
      run(nt, transA, transB, M, N, K, a.byteOffset, lda, b.byteOffset, ldb, c.byteOffset, ldc, beta);
      if (c !== C) C.set(c.subarray(0, extent(M, N, ldc)));
    } finally {
      for (const s of scratch) heap.free(s);
    }
  }

  return {
    name: 'wasm-simd',
    simd: true,
    get threads() {
      return disposed ? 1 : maxThreads;
    },
    heap,
    fma: opts.fma ?? false,
    alloc: (n) => heap.alloc(n),
    free: (a) => heap.free(a),
    ...(optim ? { optim } : {}),
    ...(cells ? { cells } : {}),
    sgemm(transA, transB, M, N, K, A, lda, B, ldb, C, ldc, beta) {
      const flops = 2 * M * N * K;
      const nt = flops >= 2 * minFlops ? Math.min(maxThreads, Math.floor(flops / minFlops)) : 1;
      gemm(nt, transA, transB, M, N, K, A, lda, B, ldb, C, ldc, beta);
    },
    sgemmWith(nt, transA, transB, M, N, K, A, lda, B, ldb, C, ldc, beta) {
      if (!Number.isInteger(nt) || nt < 1) throw new RangeError(`threads must be a positive integer, got ${nt}`);
      gemm(nt, transA, transB, M, N, K, A, lda, B, ldb, C, ldc, beta);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      maxThreads = 1;
      Atomics.store(ctl, CMD, CMD_QUIT);
      seq = (seq + 1) & 0x7fffffff;
      Atomics.store(ctl, SEQ, seq);
      Atomics.notify(ctl, SEQ);
      for (const w of workers) void w.terminate();
    },
  };
}
