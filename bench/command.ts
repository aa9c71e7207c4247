// `recurrent-lab bench`: training-step speed per architecture on the tutorial's shapes (each in its own
// process, next to the PyTorch peer when RECURRENT_LAB_PEERS names its folder), or --sgemm for the kernels'
// GFLOP/s. A benchmark, not a test: numbers only, no pass/fail. It lives with the benchmarks, not in main/:
// bin/recurrent-lab.js adds it to the CLI when dist/bench/ is built (installers leave bench/ out).
import type { CliCommand } from '../main/cli/command.js';
import { engineFlag, flag, num, parseFlags, str, threadsListFlag } from '../main/cli/args.js';
import { printJson } from '../main/cli/io.js';
import { UserError, errorMessage } from '../main/errors.js';
import { ARCHITECTURES, MAX_NUM_WORDS, type Architecture } from '../main/model/spec.js';
import { runBench, runThreadSweep, type ArchBenchResult } from './run.js';
import { runSgemmBench } from './sgemm.js';
import { runGpuBench, type GpuBenchResult } from './gpu.js';
import { envThreads } from '../main/engine/kernels/index.js';

const USAGE = `Usage: recurrent-lab bench [--arch ${ARCHITECTURES.join('|')}|all] [--batch-size 64] [--max-len 200]
                           [--num-words 10000] [--steps 5] [--threads N|N,N,…] [--no-simd] [--no-tfjs]
                           [--engine cpu|webgpu] [--json]
       recurrent-lab bench --sgemm [--threads N] [--json]
Times training batches (median after 2 warm-up batches) on synthetic data of the given shapes, and the
prediction of one review. With RECURRENT_LAB_PEERS=<folder of torch_peer.py> and /usr/bin/python3 + torch,
the PyTorch CPU peer runs right after each architecture and ratioVsTorch = ours / torch. When
@tensorflow/tfjs-backend-wasm is installed (a dev dependency), the same model also trains through
tfjs-layers on it (3 timed batches; --no-tfjs skips it) and speedupVsTfjsWasm = its time / ours.
--threads N trains on N threads (1..64; default: every core, or RECURRENT_LAB_THREADS; a batch uses one
per 8 of its rows at most). --threads 1,2,4,8 times each architecture at each count instead (a process
each, no peers): msPerStep and speedup (vs the first count) per thread count.
--engine webgpu times the WebGPU engine instead, then the CPU engine on the same shapes in the same run:
msPerStep, cpuMsPerStep, speedupVsCpu, gpuMemoryMB and the adapter as it reported itself (a software
adapter such as llvmpipe is marked software: its times say nothing about a GPU).`;

function intIn(v: number | undefined, name: string, lo: number, hi: number, dflt: number): number {
  if (v === undefined) return dflt;
  if (v < lo || v > hi) throw new UserError(`--${name} must be in ${lo}..${hi}, got ${v}`);
  return v;
}

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'Benchmark training speed per architecture (and the sgemm kernels)',
  usage: USAGE,
  async run(argv, io) {
    const p = parseFlags(argv, {
      arch: { type: 'string' },
      'batch-size': { type: 'string' },
      'max-len': { type: 'string' },
      'num-words': { type: 'string' },
      steps: { type: 'string' },
      threads: { type: 'string' },
      'no-simd': { type: 'boolean' },
      'no-tfjs': { type: 'boolean' },
      sgemm: { type: 'boolean' },
      engine: { type: 'string' },
    });
    const engine = engineFlag(p) ?? 'cpu';
    if (engine !== 'cpu' && engine !== 'webgpu') throw new UserError(`bench measures --engine cpu or webgpu, got "${engine}"`);
    const json = flag(p, 'json');
    envThreads(io.env); // a bad RECURRENT_LAB_THREADS is an input error before any work starts
    const threadCounts = threadsListFlag(p);
    const threads = threadCounts?.length === 1 ? threadCounts[0] : undefined;

    if (flag(p, 'sgemm')) {
      if (threadCounts && threadCounts.length > 1) throw new UserError('--sgemm takes one --threads count');
      const rows = await runSgemmBench(threads === undefined ? {} : { threads: Math.max(threads, 2) });
      if (json) printJson(io, { sgemm: rows });
      else for (const r of rows) io.out(`${r.shape.padEnd(44)} js ${r.js} · wasm 1t ${r.wasm1} · 2t ${r.wasm2} · auto ${r.wasmAuto} GFLOP/s\n`);
      return 0;
    }

    const archFlag = str(p, 'arch') ?? 'all';
    let archs: Architecture[];
    if (archFlag === 'all') archs = [...ARCHITECTURES];
    else if ((ARCHITECTURES as readonly string[]).includes(archFlag)) archs = [archFlag as Architecture];
    else throw new UserError(`--arch must be one of ${ARCHITECTURES.join(', ')} or all, got "${archFlag}"`);
    const batchSize = intIn(num(p, 'batch-size'), 'batch-size', 1, 4096, 64);
    const maxLen = intIn(num(p, 'max-len'), 'max-len', 1, 5000, 200);
    const numWords = intIn(num(p, 'num-words'), 'num-words', 4, MAX_NUM_WORDS, 10000);
    const steps = intIn(num(p, 'steps'), 'steps', 1, 1000, 5);

    if (engine === 'webgpu') {
      if (flag(p, 'sgemm') || (threadCounts && threadCounts.length > 1)) throw new UserError('--engine webgpu takes neither --sgemm nor a list of --threads');
      const results: (GpuBenchResult | { arch: Architecture; error: string })[] = [];
      for (const arch of archs) {
        io.err(`bench: ${arch} on WebGPU, then on the CPU engine…\n`);
        try {
          results.push(await runGpuBench({ arch, batchSize, maxLen, numWords, steps, ...(threads === undefined ? {} : { threads }), ...(flag(p, 'no-simd') ? { simd: false } : {}) }));
        } catch (e) {
          results.push({ arch, error: errorMessage(e) });
        }
      }
      if (json) printJson(io, { results });
      else {
        for (const r of results) {
          if ('error' in r) io.out(`${r.arch}: error: ${r.error}\n`);
          else io.out(`${r.arch}: WebGPU ${r.msPerStep} ms/step on ${r.adapter.description || r.adapter.vendor}${r.adapter.software ? ' (software)' : ''} · CPU ${r.cpuMsPerStep} ms/step ×${r.cpuThreads} · ${r.speedupVsCpu}× · ${r.gpuMemoryMB} MB\n`);
        }
      }
      return results.some((r) => 'error' in r) ? 1 : 0;
    }

    if (threadCounts && threadCounts.length > 1) {
      const sweep = runThreadSweep({
        archs, batchSize, maxLen, numWords, steps, env: io.env, threadCounts,
        ...(flag(p, 'no-simd') ? { simd: false } : {}),
        progress: (line) => io.err(line + '\n'),
      });
      if (json) printJson(io, { results: sweep });
      else {
        for (const r of sweep) {
          const cells = r.threads.map((t, i) => {
            const x = r.runs[i]!;
            return 'error' in x ? `${t} threads: error: ${x.error}` : `${t} threads ${x.msPerStep} ms/step (${r.speedup[t]}×)`;
          });
          io.out(`${r.arch}: ${cells.join(' · ')}\n`);
        }
      }
      return sweep.some((r) => r.runs.some((x) => 'error' in x)) ? 1 : 0;
    }

    const results: ArchBenchResult[] = runBench({
      archs, batchSize, maxLen, numWords, steps, env: io.env,
      ...(threads === undefined ? {} : { threads }),
      ...(flag(p, 'no-simd') ? { simd: false } : {}),
      ...(flag(p, 'no-tfjs') ? { tfjsWasm: false } : {}),
      progress: (line) => io.err(line + '\n'),
    });
    if (json) printJson(io, { results });
    else {
      for (const r of results) {
        if ('error' in r) io.out(`${r.arch}: error: ${r.error}\n`);
        else {
          const peer = r.ratioVsTorch === undefined ? '' : ` · torch ${'torchMsPerStep' in r.torch! ? r.torch.torchMsPerStep : '?'} ms · ratio ${r.ratioVsTorch}`;
          const tfjs = r.speedupVsTfjsWasm === undefined ? '' : ` · ${r.speedupVsTfjsWasm}× tfjs-wasm`;
          io.out(`${r.arch}: ${r.msPerStep} ms/step · ${r.examplesPerSec} ex/s · predict ${r.predictMs} ms · RSS ${r.peakRssMB} MB · ${r.kernels} ×${r.threads}${peer}${tfjs}\n`);
        }
      }
    }
    return results.some((r) => 'error' in r) ? 1 : 0;
  },
};
