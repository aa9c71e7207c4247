// The device check: one process, no CLI, no database — what a GPU machine lent for a few minutes runs
// (scripts/device-bundle.mjs packs it with a Node binary; scripts/device-check.sh runs it there).
// Prints one JSON document: per architecture the WebGPU engine against the CPU engine in the same run
// (bench/gpu.ts), then the CPU engine's training step at each thread count.
// Usage: node dist/bench/device-check.js [--archs lstm,bilstm] [--threads 1,2,4,8,16] [--steps 10] [--max-len 200]
import { parseArgs } from 'node:util';
import { ARCHITECTURES, type Architecture } from '../main/model/spec.js';
import { runGpuBench } from './gpu.js';
import { runModelBench } from './model.js';

const { values } = parseArgs({
  options: { archs: { type: 'string' }, threads: { type: 'string' }, steps: { type: 'string' }, 'max-len': { type: 'string' } },
});
const archs = (values.archs ?? 'lstm,bilstm').split(',') as Architecture[];
for (const a of archs) if (!(ARCHITECTURES as readonly string[]).includes(a)) throw new Error(`unknown architecture ${a}`);
const threads = (values.threads ?? '1,2,4,8,16').split(',').map(Number);
const steps = Number(values.steps ?? 10);
const maxLen = Number(values['max-len'] ?? 200);
const shapes = { batchSize: 64, maxLen, numWords: 10000, steps };

const gpu = [];
for (const arch of archs) {
  process.stderr.write(`device-check: ${arch} on WebGPU, then on the CPU engine…\n`);
  gpu.push(await runGpuBench({ arch, ...shapes }).catch((e: unknown) => ({ arch, error: String(e) })));
}
const cpuThreads = [];
for (const t of threads) {
  process.stderr.write(`device-check: lstm on the CPU engine, ${t} threads…\n`);
  const r = await runModelBench({ arch: 'lstm', ...shapes, threads: t }).catch((e: unknown) => ({ error: String(e) }));
  cpuThreads.push({ threads: t, ...('error' in r ? r : { msPerStep: r.msPerStep, threadsUsed: r.threads }) });
}
process.stdout.write(JSON.stringify({ gpu, cpuThreads }) + '\n');
