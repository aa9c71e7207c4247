// A data-parallel replica: a worker thread running forward + backward on its rows of each training batch,
// with the main model's weights read in place from the shared wasm memory and its own gradient buffers
// there (the main thread sums them). Commands arrive through Atomics on the control block, no messages.
import { workerData, type MessagePort } from 'node:worker_threads';
import { serveCommands } from '../kernels/command-loop.js';
import { EngineModel } from '../model.js';
import { Rng } from '../rng.js';
import type { WasmSgemm } from '../kernels/wasm-control.js';
import type { ModelSpec } from '../../model/spec.js';
import { ArenaKernels } from './arena-kernels.js';
import { ReplayRng } from './replay-rng.js';
import {
  ARENA_BASE, ARENA_BYTES, CAP, CMD, CMD_FORWARD, CMD_QUIT, CMD_SETUP, CONSUMED, CORRECT, DONE, DRAWS, ERR, F64_BASE_BYTES, FINITE,
  GRAD_OFFSETS, LOSS, ROWS, SCALE, SEQ, TOUCHED, TRAINING, ioLayout, type IoLayout,
} from './layout.js';

export interface ReplicaInit {
  module: WebAssembly.Module;
  /** The recurrent cells' SIMD kernels, when built. */
  cellsModule: WebAssembly.Module | null;
  memory: WebAssembly.Memory;
  ctl: SharedArrayBuffer;
  errors: MessagePort;
  spec: ModelSpec;
  /** Byte offset and length of every main-model weight array, in Network.params order. */
  weights: { offset: number; length: number }[];
  spin: number;
}

const init = workerData as ReplicaInit;
const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
const sgemm = instance.exports['sgemm'] as WasmSgemm;
const wsBytes = (instance.exports['workspaceBytes'] as () => number)();
const ctl = new Int32Array(init.ctl, 0, F64_BASE_BYTES / 4);
const f64 = new Float64Array(init.ctl, F64_BASE_BYTES);
const spec = init.spec;
const T = spec.maxLen;
const replay = new ReplayRng();

let model: EngineModel | null = null;
let io: IoLayout | null = null;

function setup(): void {
  const base = ctl[ARENA_BASE]!;
  const cap = ctl[CAP]!;
  io = ioLayout(spec, base, cap);
  const k = new ArenaKernels(init.memory, sgemm, io.end, base + ctl[ARENA_BYTES]!, wsBytes, init.cellsModule);
  model = new EngineModel(spec, 0, k);
  const params = model.net.params;
  if (params.length !== init.weights.length) throw new Error('replica network has a different parameter list');
  params.forEach((p, i) => {
    const w = init.weights[i]!;
    if (w.length !== p.data.length) throw new Error(`replica weight ${p.name} has a different size`);
    p.data = k.view(w.offset, w.length); // read the main model's weights in place
    ctl[GRAD_OFFSETS + i] = p.grad.byteOffset;
  });
  for (const l of model.net.recurrentLayers()) l.rebindWeights();
  model.reserve(cap);
}

function step(): void {
  if (!model || !io) throw new Error('replica stepped before setup');
  const B = ctl[ROWS]!;
  const buf = init.memory.buffer;
  const xb = new Int32Array(buf, io.xb, B * T);
  const yb = new Float32Array(buf, io.yb, B);
  const nDraws = ctl[DRAWS]!;
  replay.reset(new Uint8Array(buf, io.draws, nDraws), nDraws);
  const training = ctl[TRAINING] === 1;
  const ctx = { training, rng: training ? replay : new Rng(0, 9), mask: null, recordNorms: false };
  const stats = model.forwardBackward(xb, yb, B, ctx, f64[SCALE]!);
  f64[LOSS] = stats.lossSum;
  ctl[CORRECT] = stats.correct;
  ctl[CONSUMED] = replay.pos;
  const finite = Number.isFinite(stats.lossSum);
  ctl[FINITE] = finite ? 1 : 0;
  if (!finite) return;
  const sp = model.net.embedding.param.sparse!;
  new Int32Array(buf, io.rows, sp.count).set(sp.rows.subarray(0, sp.count));
  ctl[TOUCHED] = sp.count;
}

/** Inference logits of the posted rows, written where the labels would be. */
function forward(): void {
  if (!model || !io) throw new Error('replica stepped before setup');
  const B = ctl[ROWS]!;
  const buf = init.memory.buffer;
  const logits = model.net.forward(new Int32Array(buf, io.xb, B * T), B, { training: false, rng: new Rng(0, 9), mask: null, recordNorms: false });
  new Float32Array(buf, io.yb, B).set(logits.subarray(0, B));
}

serveCommands(ctl, SEQ, init.spin, (s) => {
  const cmd = Atomics.load(ctl, CMD);
  if (cmd === CMD_QUIT) return false;
  try {
    ctl[ERR] = 0;
    if (cmd === CMD_SETUP) setup();
    else if (cmd === CMD_FORWARD) forward();
    else step();
  } catch (e) {
    ctl[ERR] = 1;
    init.errors.postMessage(e instanceof Error ? (e.stack ?? e.message) : String(e));
  }
  Atomics.store(ctl, DONE, s);
  Atomics.notify(ctl, DONE);
  return true;
});
