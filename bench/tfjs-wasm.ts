// The TF.js WebAssembly peer: the same ModelSpec trained through our tfjs adapter (tfjs-layers, the same
// fit loop the tfjs-node backend uses) on @tensorflow/tfjs-backend-wasm, on the same synthetic batches.
// Stock tfjs-backend-wasm has no UnsortedSegmentSum kernel, so an Embedding cannot be trained at all;
// we register a plain-JS one (the gradient of Gather needs nothing else) so the comparison can run.
// Runs in its own process through child.ts (peer: 'tfjs-wasm').
import { createRequire } from 'node:module';
import { createTfjsModel } from '../main/engine/tfjs/adapter.js';
import { loadPureTfjs, type Tf } from '../main/engine/tfjs/tf.js';
import { benchSpec, timeTrainingSteps, type ModelBenchOptions } from './model.js';
import { peakRssMB, round } from './stats.js';

export interface TfjsWasmResult {
  engine: 'tfjs-wasm';
  msPerStep: number;
  /** Threads the wasm backend runs its kernels on. */
  threads: number;
  simd: boolean;
  peakRssMB: number;
  steps: number;
  /** Set when the peer trained a variant of the architecture (GRU: reset_after=false). */
  variant?: string;
}

/** Untimed batches before the timed ones (kernel compilation, memory growth). */
const WARMUP = 1;

interface WasmBackend {
  readSync(dataId: unknown): ArrayLike<number>;
  makeOutput(shape: number[], dtype: string, offset?: number, values?: ArrayLike<number>): unknown;
}
interface TensorInfoLike {
  dataId: unknown;
  shape: number[];
  dtype: string;
}

/** UnsortedSegmentSum in plain JS: out[segmentIds[i], …] += x[i, …] (ids outside [0, numSegments) dropped, as in TF). */
export function registerUnsortedSegmentSum(tf: Tf): void {
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const b = backend as unknown as WasmBackend;
      const x = inputs['x'] as unknown as TensorInfoLike;
      const ids = inputs['segmentIds'] as unknown as TensorInfoLike;
      const numSegments = (attrs as { numSegments: number }).numSegments;
      const n = ids.shape.reduce((a, d) => a * d, 1);
      const inner = x.shape.slice(ids.shape.length).reduce((a, d) => a * d, 1);
      const xv = b.readSync(x.dataId);
      const iv = b.readSync(ids.dataId);
      const out = new Float32Array(numSegments * inner);
      for (let i = 0; i < n; i++) {
        const s = iv[i]!;
        if (s < 0 || s >= numSegments) continue;
        const o = s * inner;
        const xo = i * inner;
        for (let e = 0; e < inner; e++) out[o + e]! += xv[xo + e]!;
      }
      return b.makeOutput([numSegments, ...x.shape.slice(ids.shape.length)], x.dtype, undefined, out) as ReturnType<Tf['tensor']>;
    },
  });
}

export async function runTfjsWasmBench(o: ModelBenchOptions): Promise<TfjsWasmResult> {
  const tf = await loadPureTfjs();
  // Imported by a name TypeScript does not resolve: a dev dependency, absent from an installed app.
  const require = createRequire(import.meta.url);
  require('@tensorflow/tfjs-backend-wasm');
  registerUnsortedSegmentSum(tf);
  if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend did not initialise');
  await tf.ready();
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  const threaded = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  // tfjs-layers cannot build Keras' default GRU (reset_after=true): time the variant it can, same work.
  const spec = benchSpec(o);
  const variant = spec.arch === 'gru' && spec.gruResetAfter ? 'gru reset_after=false (tfjs cannot build reset_after=true)' : null;
  const model = createTfjsModel(tf, variant ? { ...spec, gruResetAfter: false } : spec, 1, { engine: 'tfjs', threads: 1, simd, gpu: null, description: 'tfjs-backend-wasm' });
  try {
    const { msPerStep } = await timeTrainingSteps(model, o, WARMUP);
    const backend = tf.backend() as unknown as { getThreadsCount?: () => number };
    return {
      engine: 'tfjs-wasm',
      msPerStep: round(msPerStep, 1),
      threads: threaded && backend.getThreadsCount ? backend.getThreadsCount() : 1,
      simd,
      peakRssMB: peakRssMB(),
      steps: o.steps,
      ...(variant ? { variant } : {}),
    };
  } finally {
    model.dispose();
  }
}
