// Worker thread of the wasm kernels: instantiates the same module on the same shared memory, then sleeps on
// the control block and helps with every posted sgemm by claiming chunks of it (see wasm-control.ts).
import { workerData, parentPort } from 'node:worker_threads';
import { ARGS, CMD, CMD_QUIT, CTL_INTS, JOB_INTS, SEQ, runChunks, tagOf, type WasmSgemm, type WorkerInit } from './wasm-control.js';

const init = workerData as WorkerInit;
const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
const sgemm = instance.exports['sgemm'] as WasmSgemm;
const ctl = new Int32Array(init.memory.buffer, init.ctl, CTL_INTS);
const job = new Int32Array(JOB_INTS);

// Read before announcing readiness: a job posted the moment 'ready' arrives must not look already seen.
let seen = Atomics.load(ctl, SEQ);
parentPort?.postMessage('ready');
for (;;) {
  let s = Atomics.load(ctl, SEQ);
  for (let i = 0; s === seen && i < init.spin; i++) s = Atomics.load(ctl, SEQ);
  if (s === seen) {
    Atomics.wait(ctl, SEQ, seen);
    continue;
  }
  seen = s;
  if (Atomics.load(ctl, CMD) === CMD_QUIT) break;
  for (let i = 0; i < JOB_INTS; i++) job[i] = Atomics.load(ctl, ARGS + i);
  runChunks(ctl, job, tagOf(s), sgemm, init.ws);
}
