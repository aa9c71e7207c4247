// The benchmark driver behind `recurrent-lab bench`: each architecture in a fresh child process, the
// PyTorch peer right after it when available, and the ratio ours/torch; or (runThreadSweep) each
// architecture once per thread count, in a fresh process each, for how the data-parallel step scales.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Architecture } from '../main/model/spec.js';
import type { ModelBenchOptions, ModelBenchResult } from './model.js';
import { peerScript, runTorchPeer, type PeerResult } from './peer.js';
import type { TfjsWasmResult } from './tfjs-wasm.js';

export type ArchBenchResult = (ModelBenchResult | { arch: Architecture; error: string }) & {
  torch?: PeerResult | { error: string };
  /** msPerStep ours / torch's (below 1: we are faster). */
  ratioVsTorch?: number;
  /** The same peer with float32 subnormals flushed to zero (see peer.ts). */
  torchFlushDenormal?: PeerResult | { error: string };
  ratioVsTorchFlushDenormal?: number;
  /** The same model through tfjs-layers on @tensorflow/tfjs-backend-wasm (see tfjs-wasm.ts). */
  tfjsWasm?: TfjsWasmResult | { error: string };
  /** msPerStep tfjs-wasm's / ours (above 1: we are faster). */
  speedupVsTfjsWasm?: number;
};

export interface BenchRunOptions extends Omit<ModelBenchOptions, 'arch'> {
  archs: Architecture[];
  /** torch threads for the peer (default 2, the cores here). */
  peerThreads?: number;
  env: NodeJS.ProcessEnv;
  progress?: (line: string) => void;
  /** Also time the TF.js wasm peer (default: when @tensorflow/tfjs-backend-wasm is installed). */
  tfjsWasm?: boolean;
}

/** Timed batches of the TF.js wasm peer: seconds each, so fewer than ours. */
const TFJS_WASM_STEPS = 3;

function tfjsWasmInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    return true;
  } catch {
    return false;
  }
}

function runChild<R extends object>(o: ModelBenchOptions & { peer?: 'tfjs-wasm' }, env: NodeJS.ProcessEnv): R | { arch: Architecture; error: string } {
  const child = fileURLToPath(new URL('./child.js', import.meta.url));
  const res = spawnSync(process.execPath, [child, JSON.stringify(o)], { encoding: 'utf8', env, timeout: 1_800_000 });
  const line = `${res.stdout ?? ''}`.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(line) as R | { error: string };
    if ('error' in parsed) return { arch: o.arch, error: parsed.error };
    return parsed;
  } catch {
    const err = `${res.stderr ?? ''}`;
    const why = res.error?.message ?? (/^\w*Error\b.*$/m.exec(err)?.[0] ?? (err.trim().split('\n')[0] || `exit ${res.status}`));
    return { arch: o.arch, error: `benchmark process failed: ${why}` };
  }
}

const ratio = (ours: number, theirs: number): number => Math.round((ours / theirs) * 100) / 100;

export function runBench(o: BenchRunOptions): ArchBenchResult[] {
  const script = peerScript(o.env);
  const out: ArchBenchResult[] = [];
  for (const arch of o.archs) {
    const mo: ModelBenchOptions = { arch, batchSize: o.batchSize, maxLen: o.maxLen, numWords: o.numWords, steps: o.steps };
    if (o.threads !== undefined) mo.threads = o.threads;
    if (o.simd !== undefined) mo.simd = o.simd;
    o.progress?.(`bench ${arch}: ours…`);
    const r: ArchBenchResult = runChild<ModelBenchResult>(mo, o.env);
    if (o.tfjsWasm ?? tfjsWasmInstalled()) {
      o.progress?.(`bench ${arch}: tfjs wasm peer…`);
      const t = runChild<TfjsWasmResult>({ ...mo, steps: Math.min(o.steps, TFJS_WASM_STEPS), peer: 'tfjs-wasm' }, o.env);
      r.tfjsWasm = 'error' in t ? { error: t.error } : t;
      if ('msPerStep' in r && 'msPerStep' in t) r.speedupVsTfjsWasm = Math.round((t.msPerStep / r.msPerStep) * 10) / 10;
    }
    // The peer's shapes are fixed at the tutorial's; compare only on those.
    const tutorial = o.batchSize === 64 && o.maxLen === 200 && o.numWords === 10000;
    if (script && tutorial) {
      o.progress?.(`bench ${arch}: torch peer…`);
      const t = runTorchPeer(script, arch, o.peerThreads ?? 2);
      r.torch = t;
      if ('msPerStep' in r && 'torchMsPerStep' in t) r.ratioVsTorch = ratio(r.msPerStep, t.torchMsPerStep);
      const f = runTorchPeer(script, arch, o.peerThreads ?? 2, true);
      r.torchFlushDenormal = f;
      if ('msPerStep' in r && 'torchMsPerStep' in f) r.ratioVsTorchFlushDenormal = ratio(r.msPerStep, f.torchMsPerStep);
    }
    out.push(r);
  }
  return out;
}

export interface ThreadSweepResult {
  arch: Architecture;
  /** The thread counts asked for, in the order given. */
  threads: number[];
  /** Median ms per training batch by thread count ("1": …, "2": …); null where that count's run failed. */
  msPerStep: Record<string, number | null>;
  /** The first count's msPerStep ÷ each count's (above 1: faster than with the first count). */
  speedup: Record<string, number | null>;
  /** Each count's full result (its `threads`: the threads that trained; fewer when the batch is small). */
  runs: (ModelBenchResult | { arch: Architecture; threads: number; error: string })[];
}

/** Each architecture at each thread count (no peers: this compares our engine with itself). */
export function runThreadSweep(o: Omit<BenchRunOptions, 'threads' | 'tfjsWasm' | 'peerThreads'> & { threadCounts: number[] }): ThreadSweepResult[] {
  return o.archs.map((arch) => {
    const entry: ThreadSweepResult = { arch, threads: [...o.threadCounts], msPerStep: {}, speedup: {}, runs: [] };
    let base: number | null = null;
    for (const [i, threads] of o.threadCounts.entries()) {
      const mo: ModelBenchOptions = { arch, batchSize: o.batchSize, maxLen: o.maxLen, numWords: o.numWords, steps: o.steps, threads };
      if (o.simd !== undefined) mo.simd = o.simd;
      o.progress?.(`bench ${arch}: ${threads} thread${threads === 1 ? '' : 's'}…`);
      const r = runChild<ModelBenchResult>(mo, o.env);
      const ms = 'msPerStep' in r ? r.msPerStep : null;
      if (i === 0) base = ms;
      entry.msPerStep[threads] = ms;
      entry.speedup[threads] = base !== null && ms !== null ? Math.round((base / ms) * 100) / 100 : null;
      entry.runs.push('error' in r ? { arch, threads, error: r.error } : r);
    }
    return entry;
  });
}
