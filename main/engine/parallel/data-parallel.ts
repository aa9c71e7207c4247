// Data parallelism over the batch: the calling thread and `workers` replica threads each run forward +
// backward on a contiguous share of a training batch's rows with the same weights (read in place from the
// shared wasm memory); the main thread then sums the gradients into the model's own (embedding: merges the
// touched rows) in replica order, so a run is bit-for-bit repeatable for a given seed and thread count.
// Dropout masks are drawn for the whole batch on the main thread (replay-rng.ts), so they do not depend on
// the split. Commands and completion go through Atomics; the calling thread waits with Atomics.waitAsync so
// a replica thread that dies outright (out of memory, killed) is noticed from its 'exit' event within a
// second instead of hanging the run. Workers are unref'd and never keep a process alive.
import { readFile } from 'node:fs/promises';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { ModelSpec } from '../../model/spec.js';
import type { WasmKernels } from '../kernels/wasm.js';
import { findWasm } from '../kernels/locate.js';
import { compileCells } from '../kernels/wasm-cells.js';
import type { Param } from '../weights.js';
import type { PassContext } from '../layers/context.js';
import type { LossStats } from '../loss.js';
import { ReplayRng, drawMasks } from './replay-rng.js';
import {
  ARENA_BASE, ARENA_BYTES, CAP, CMD, CMD_FORWARD, CMD_QUIT, CMD_SETUP, CMD_STEP, CONSUMED, CORRECT, CTL_BYTES, DONE, DRAWS, ERR,
  F64_BASE_BYTES, FINITE, GRAD_OFFSETS, LOSS, MAX_PARAMS, ROWS, SCALE, SEQ, TOUCHED, TRAINING, arenaBytes, drawsFor, ioLayout, type IoLayout,
} from './layout.js';
import type { ReplicaInit } from './replica-worker.js';

/** What a data-parallel step needs from the model (EngineModel implements it). */
export interface ReplicaHost {
  readonly spec: ModelSpec;
  readonly params: Param[];
  /** Runs forward + backward on the calling thread with single-threaded sgemm. */
  forwardBackwardSingle(xb: Int32Array, yb: Float32Array, B: number, ctx: PassContext, scale: number): LossStats;
  /** Inference logits [B] on the calling thread with single-threaded sgemm (a view, valid until the next pass). */
  forwardSingle(xb: Int32Array, B: number): Float32Array;
}

const SPIN = 20000;
/** How often a waiting caller looks at whether a replica thread is still alive. */
const ALIVE_CHECK_MS = 1000;

interface Replica {
  worker: Worker;
  ctl: Int32Array;
  f64: Float64Array;
  errors: MessagePort;
  seq: number;
  arena: Float32Array | null;
  cap: number;
  grads: Float32Array[];
  /** Why the thread is gone, once its 'exit' event has come (null while it runs). */
  gone: string | null;
}

export class DataParallel {
  private disposed = false;
  private readonly replay = new ReplayRng();
  private mainDraws = new Uint8Array(0);
  private owner = new Uint8Array(0);
  private readonly counts: Int32Array;

  private constructor(
    private readonly kernels: WasmKernels,
    private readonly spec: ModelSpec,
    private readonly replicas: Replica[],
    private readonly wsBytes: number,
    /** Smallest share of rows per replica worth a thread. */
    readonly minRows: number,
  ) {
    this.counts = new Int32Array(replicas.length + 1);
  }

  /** Threads in all (the calling thread included). */
  get threads(): number {
    return this.replicas.length + 1;
  }

  /** Starts `threads − 1` replica workers for a model whose kernels are the wasm kernels; null when it cannot. */
  static async create(host: ReplicaHost, kernels: WasmKernels, threads: number, minRows: number): Promise<DataParallel | null> {
    const path = findWasm(kernels.fma ? 'sgemm-fma.wasm' : 'sgemm.wasm');
    if (path === null || threads < 2 || host.params.length > MAX_PARAMS) return null;
    const module = await WebAssembly.compile(await readFile(path));
    const cellsPath = findWasm('cells.wasm');
    const cellsModule = kernels.cells && cellsPath ? await compileCells(cellsPath) : null;
    const wsBytes = (new WebAssembly.Instance(module, { env: { memory: kernels.heap.memory } }).exports['workspaceBytes'] as () => number)();
    const weights = host.params.map((p) => {
      if (!kernels.heap.owns(p.data)) throw new Error(`weight ${p.name} is not in the kernel memory`);
      return { offset: p.data.byteOffset, length: p.data.length };
    });
    const replicas: Replica[] = [];
    const started: Promise<void>[] = [];
    // The replicas start side by side rather than one after another (on a many-core machine, dozens of them).
    for (let i = 1; i < threads; i++) {
      const ctlBuf = new SharedArrayBuffer(CTL_BYTES);
      const ch = new MessageChannel();
      const init: ReplicaInit = { module, cellsModule, memory: kernels.heap.memory, ctl: ctlBuf, errors: ch.port2, spec: host.spec, weights, spin: SPIN };
      let worker: Worker;
      try {
        worker = new Worker(new URL('./replica-worker.js', import.meta.url), { workerData: init, transferList: [ch.port2], execArgv: [] });
      } catch (e) {
        started.push(Promise.reject(e));
        break;
      }
      const r: Replica = {
        worker, ctl: new Int32Array(ctlBuf, 0, F64_BASE_BYTES / 4), f64: new Float64Array(ctlBuf, F64_BASE_BYTES),
        errors: ch.port1, seq: 0, arena: null, cap: 0, grads: [], gone: null,
      };
      replicas.push(r);
      started.push(new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`replica worker exited during start (code ${code})`)));
      }).then(() => {
        worker.removeAllListeners();
        let why = '';
        worker.on('error', (e) => {
          why = `: ${e.message}`; // an uncaught failure outside a step (those inside are reported through ERR)
        });
        worker.on('exit', (code) => {
          r.gone = `exited with code ${code}${why}`;
        });
        worker.unref();
        ch.port1.unref();
      }));
    }
    const failed = (await Promise.allSettled(started)).find((s) => s.status === 'rejected');
    if (failed) {
      for (const r of replicas) {
        void r.worker.terminate();
        r.errors.close();
      }
      throw failed.reason;
    }
    return new DataParallel(kernels, host.spec, replicas, wsBytes, minRows);
  }

  private post(r: Replica, cmd: number): void {
    r.seq = (r.seq + 1) & 0x7fffffff;
    Atomics.store(r.ctl, CMD, cmd);
    Atomics.store(r.ctl, SEQ, r.seq);
    Atomics.notify(r.ctl, SEQ);
  }

  /** Waits until the replica has finished the last posted command (spinning briefly first: steps are short). */
  private async wait(r: Replica): Promise<void> {
    let d = Atomics.load(r.ctl, DONE);
    for (let i = 0; d !== r.seq && i < SPIN; i++) d = Atomics.load(r.ctl, DONE);
    while (d !== r.seq) {
      // The event loop runs while this waits, so a dead thread's 'exit' event arrives.
      if (r.gone !== null) throw new Error(`a data-parallel replica thread died (${r.gone}); the batch was not applied`);
      const w = Atomics.waitAsync(r.ctl, DONE, d, ALIVE_CHECK_MS);
      if (w.async) {
        // A pending waitAsync alone does not keep Node's event loop (and so the process) alive.
        const keepAlive = setTimeout(() => {}, ALIVE_CHECK_MS + 100);
        await w.value;
        clearTimeout(keepAlive);
      }
      d = Atomics.load(r.ctl, DONE);
    }
    if (r.ctl[ERR] !== 0) {
      const msg = receiveMessageOnPort(r.errors)?.message as string | undefined;
      throw new Error(`data-parallel replica failed: ${msg ?? 'unknown error'}`);
    }
  }

  /** Gives the replica an arena for `cap` rows (synchronously; only when it grows). */
  private async ensureCap(r: Replica, cap: number, params: Param[]): Promise<boolean> {
    if (cap <= r.cap) return true;
    const heap = this.kernels.heap;
    if (r.arena) heap.free(r.arena);
    r.arena = null;
    r.cap = 0;
    const bytes = arenaBytes(this.spec, cap, this.wsBytes);
    let arena: Float32Array;
    try {
      arena = heap.alloc(bytes / 4);
    } catch {
      return false; // kernel memory exhausted: this batch trains on one thread instead
    }
    r.ctl[ARENA_BASE] = arena.byteOffset;
    r.ctl[ARENA_BYTES] = bytes;
    r.ctl[CAP] = cap;
    this.post(r, CMD_SETUP);
    await this.wait(r);
    r.arena = arena;
    r.cap = cap;
    const buf = heap.buffer;
    r.grads = params.map((p, i) => new Float32Array(buf, r.ctl[GRAD_OFFSETS + i]!, p.grad.length));
    return true;
  }

  /** Contiguous shares of B rows over n threads, the larger ones first; share 0 stays on this thread. */
  private static shares(B: number, n: number): { starts: number[]; sizes: number[] } {
    const starts: number[] = [];
    const sizes: number[] = [];
    for (let r = 0, s = 0; r < n; r++) {
      const size = Math.floor(B / n) + (r < B % n ? 1 : 0);
      starts.push(s);
      sizes.push(size);
      s += size;
    }
    return { starts, sizes };
  }

  /** The replicas that take part in a batch of B rows (none: too small to split, or stopped). */
  private activeFor(B: number): Replica[] {
    if (this.disposed) return [];
    const n = Math.min(this.threads, Math.floor(B / this.minRows));
    return n < 2 ? [] : this.replicas.slice(0, n - 1);
  }

  /** Sizes the replicas' arenas and copies their rows of the inputs in; false when memory ran out. */
  private async stage(
    host: ReplicaHost, active: Replica[], xb: Int32Array, yb: Float32Array | null, starts: number[], sizes: number[],
  ): Promise<IoLayout[] | null> {
    for (let i = 0; i < active.length; i++) if (!(await this.ensureCap(active[i]!, sizes[i + 1]!, host.params))) return null;
    const T = this.spec.maxLen;
    const buf = this.kernels.heap.buffer;
    const layouts = active.map((r) => ioLayout(this.spec, r.ctl[ARENA_BASE]!, r.cap));
    layouts.forEach((io, i) => {
      const from = starts[i + 1]!;
      const rows = sizes[i + 1]!;
      new Int32Array(buf, io.xb, rows * T).set(xb.subarray(from * T, (from + rows) * T));
      if (yb) new Float32Array(buf, io.yb, rows).set(yb.subarray(from, from + rows));
    });
    return layouts;
  }

  /** Runs this thread's share, then waits for every replica (always: one must be idle before reuse). */
  private async runShares<R>(active: Replica[], own: () => R): Promise<R> {
    let mainErr: unknown = null;
    let result: R | null = null;
    try {
      result = own();
    } catch (e) {
      mainErr = e;
    }
    let waitErr: unknown = null;
    for (const r of active) {
      try {
        await this.wait(r);
      } catch (e) {
        waitErr ??= e;
      }
    }
    if (mainErr) throw mainErr;
    if (waitErr) throw waitErr;
    return result as R;
  }

  /**
   * One data-parallel forward + backward of a batch: leaves the summed gradients of scale·Σ loss in the
   * host's params (as forwardBackward does). Returns null when the batch is too small to split.
   */
  async step(host: ReplicaHost, xb: Int32Array, yb: Float32Array, B: number, ctx: PassContext, scale = 1 / B): Promise<LossStats | null> {
    const active = this.activeFor(B);
    if (active.length === 0) return null;
    const n = active.length + 1;
    const spec = this.spec;
    const T = spec.maxLen;
    const { starts, sizes } = DataParallel.shares(B, n);
    const layouts = await this.stage(host, active, xb, yb, starts, sizes);
    if (!layouts) return null;

    // Mask decisions of every replica's rows, drawn in the single-threaded order.
    const buf = this.kernels.heap.buffer;
    const outs: Uint8Array[] = [];
    const training = ctx.training;
    this.counts.fill(0);
    if (training) {
      if (this.owner.length < B) this.owner = new Uint8Array(B);
      for (let r = 0; r < n; r++) this.owner.fill(r, starts[r]!, starts[r]! + sizes[r]!);
      const need = drawsFor(spec, sizes[0]!);
      if (this.mainDraws.length < need) this.mainDraws = new Uint8Array(need);
      outs.push(this.mainDraws);
      active.forEach((r, i) => outs.push(new Uint8Array(buf, layouts[i]!.draws, drawsFor(spec, r.cap))));
      drawMasks(spec, B, ctx.rng, this.owner, outs, this.counts);
    }
    active.forEach((r, i) => {
      r.ctl[ROWS] = sizes[i + 1]!;
      r.ctl[TRAINING] = training ? 1 : 0;
      r.ctl[DRAWS] = this.counts[i + 1]!;
      r.f64[SCALE] = scale;
      this.post(r, CMD_STEP);
    });

    this.replay.reset(this.mainDraws, this.counts[0]!);
    const own: PassContext = { training, rng: this.replay, mask: null, recordNorms: false };
    const stats = await this.runShares(active, () =>
      host.forwardBackwardSingle(xb.subarray(0, sizes[0]! * T), yb.subarray(0, sizes[0]!), sizes[0]!, own, scale));
    if (training && this.replay.pos !== this.counts[0]) throw new Error('dropout decisions were not all consumed (main replica)');
    let finite = Number.isFinite(stats.lossSum);
    let lossSum = stats.lossSum;
    let correct = stats.correct;
    active.forEach((r, i) => {
      lossSum += r.f64[LOSS]!;
      correct += r.ctl[CORRECT]!;
      if (r.ctl[FINITE] !== 1) finite = false;
      if (training && r.ctl[CONSUMED] !== this.counts[i + 1]) throw new Error('dropout decisions were not all consumed (worker replica)');
    });
    if (!finite) return { lossSum: Number.isFinite(lossSum) ? Number.NaN : lossSum, correct };
    active.forEach((r, i) => this.mergeGradients(host.params, r, layouts[i]!.rows));
    return { lossSum, correct };
  }

  /**
   * Inference logits of B reviews (no dropout), the rows split over the threads like a training batch.
   * Writes them to out[0..B); returns false when the batch is too small to split (nothing written).
   */
  async forward(host: ReplicaHost, xb: Int32Array, B: number, out: Float32Array): Promise<boolean> {
    const active = this.activeFor(B);
    if (active.length === 0) return false;
    const T = this.spec.maxLen;
    const { starts, sizes } = DataParallel.shares(B, active.length + 1);
    const layouts = await this.stage(host, active, xb, null, starts, sizes);
    if (!layouts) return false;
    active.forEach((r, i) => {
      r.ctl[ROWS] = sizes[i + 1]!;
      r.ctl[TRAINING] = 0;
      r.ctl[DRAWS] = 0;
      this.post(r, CMD_FORWARD);
    });
    await this.runShares(active, () => out.set(host.forwardSingle(xb.subarray(0, sizes[0]! * T), sizes[0]!)));
    const buf = this.kernels.heap.buffer;
    layouts.forEach((io, i) => out.set(new Float32Array(buf, io.yb, sizes[i + 1]!), starts[i + 1]!));
    return true;
  }

  /** host grads += replica grads (embedding: only the rows the replica touched, added to the host's row list). */
  private mergeGradients(params: Param[], r: Replica, rowsAt: number): void {
    params.forEach((p, i) => {
      const g = p.grad;
      const w = r.grads[i]!;
      if (p.sparse) {
        const sp = p.sparse;
        const E = sp.rowSize;
        const touched = new Int32Array(this.kernels.heap.buffer, rowsAt, r.ctl[TOUCHED]!);
        for (let k = 0; k < touched.length; k++) {
          const row = touched[k]!;
          if (sp.flags[row] === 0) {
            sp.flags[row] = 1;
            sp.rows[sp.count++] = row;
          }
          const o = row * E;
          for (let e = 0; e < E; e++) g[o + e]! += w[o + e]!;
        }
      } else {
        for (let k = 0; k < g.length; k++) g[k]! += w[k]!;
      }
    });
  }

  /** Stops the workers and returns their arenas; the model goes on single-threaded. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const r of this.replicas) {
      this.post(r, CMD_QUIT);
      void r.worker.terminate();
      r.errors.close();
      if (r.arena) this.kernels.heap.free(r.arena);
      r.arena = null;
    }
  }
}
