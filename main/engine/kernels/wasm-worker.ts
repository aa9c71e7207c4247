// Worker thread of the wasm kernels: instantiates the same module on the same shared memory, then sleeps on
// the control block and helps with every posted sgemm by claiming chunks of it (see wasm-control.ts).
import { workerData } from 'node:worker_threads';
import { serveCommands } from './command-loop.js';
import { ARGS, CMD, CMD_QUIT, CTL_INTS, JOB_INTS, SEQ, runChunks, tagOf, type WasmSgemm, type WorkerInit } from './wasm-control.js';

const init = workerData as WorkerInit;
const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
const sgemm = instance.exports['sgemm'] as WasmSgemm;
const ctl = new Int32Array(init.memory.buffer, init.ctl, CTL_INTS);
const job = new Int32Array(JOB_INTS);

serveCommands(ctl, SEQ, init.spin, (s) => {
  if (Atomics.load(ctl, CMD) === CMD_QUIT) return false;
  for (let i = 0; i < JOB_INTS; i++) job[i] = Atomics.load(ctl, ARGS + i);
  runChunks(ctl, job, tagOf(s), sgemm, init.ws);
  return true;
});
