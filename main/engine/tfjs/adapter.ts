// The backend seam: the same ModelSpec trained through tfjs-layers. tryCreateTfjsNodeModel uses
// @tensorflow/tfjs-node-gpu (CUDA) or @tensorflow/tfjs-node when installed (optional dependencies);
// createTfjsModel works with any tfjs namespace, so it is tested here on the pure-JS backend.
import type { ModelSpec, TrainSpec } from '../../model/spec.js';
import type { Checkpoint, Dataset, DeviceInfo, EvalResult, FitCallbacks, FitResult, TrainableModel, WeightTensor } from '../types.js';
import { UserError } from '../../errors.js';
import type { Tf } from './tf.js';
import { buildTfjsModel } from './build.js';
import { EngineModel } from '../model.js';
import { createJsKernels } from '../kernels/js.js';
import { readTfjsWeights, writeTfjsWeights } from './weights.js';
import { TfjsBackend } from './backend.js';
import { runFit } from '../training/fit-loop.js';
import { tfjsGradientNorms } from './gradnorms.js';

/** Which tfjs-node package to try, best first. */
const NODE_PACKAGES = [
  { pkg: '@tensorflow/tfjs-node-gpu', engine: 'tfjs-node-gpu' },
  { pkg: '@tensorflow/tfjs-node', engine: 'tfjs-node' },
] as const;

/** Imports a package by a name TypeScript does not resolve (optional dependency, may be absent). */
async function importOptional(pkg: string): Promise<unknown> {
  try {
    return await import(pkg);
  } catch {
    return null;
  }
}

/**
 * What tfjs-node-gpu really runs on: libtensorflow reports whether it found a CUDA device
 * (isUsingGpuDevice); when the CUDA 11.2 / cuDNN 8.1 libraries did not load it quietly runs on the CPU.
 * Returns the GPU's name when the backend exposes one, 'CUDA GPU' when it does not, or null for the CPU.
 */
export function tfjsGpu(tf: Tf): string | null {
  try {
    const b = tf.backend() as unknown as { isUsingGpuDevice?: boolean; gpuName?: string };
    if (b.isUsingGpuDevice !== true) return null;
    return typeof b.gpuName === 'string' && b.gpuName !== '' ? b.gpuName : 'CUDA GPU';
  } catch {
    return null; // no backend details: not known to be on a GPU
  }
}

/** A TrainableModel on tfjs-node(-gpu) when one is installed; null otherwise (the caller uses our engine). */
export async function tryCreateTfjsNodeModel(spec: ModelSpec, seed: number): Promise<TrainableModel | null> {
  for (const { pkg, engine } of NODE_PACKAGES) {
    const mod = (await importOptional(pkg)) as (Tf & { default?: Tf }) | null;
    if (!mod) continue;
    const tf = (typeof mod.sequential === 'function' ? mod : mod.default) as Tf | undefined;
    if (!tf || typeof tf.sequential !== 'function') continue;
    await tf.ready();
    const gpu = engine === 'tfjs-node-gpu' ? tfjsGpu(tf) : null;
    const where = gpu ?? (engine === 'tfjs-node-gpu' ? 'CPU: the CUDA libraries did not load' : 'CPU');
    const device: DeviceInfo = {
      engine,
      threads: 0,
      simd: false,
      gpu,
      description: `${pkg} (backend ${tf.getBackend()}, ${where})`,
    };
    return createTfjsModel(tf, spec, seed, device);
  }
  return null;
}

/** Predicts in chunks so a large dataset does not build one huge tensor. */
const PREDICT_CHUNK = 256;

export function createTfjsModel(tf: Tf, spec: ModelSpec, seed: number, device: DeviceInfo): TrainableModel {
  const model = buildTfjsModel(tf, spec, { logits: true });
  // The engine's Keras-default initial weights for this seed: both backends start a run identically.
  const init = new EngineModel(spec, seed, createJsKernels());
  writeTfjsWeights(tf, model, init.getWeights());
  init.dispose();

  function checkX(x: Int32Array, n: number): void {
    if (!Number.isInteger(n) || n < 0 || x.length !== n * spec.maxLen) {
      throw new UserError(`expected ${n} × ${spec.maxLen} token ids, got ${x.length}`);
    }
  }

  async function logits(x: Int32Array, n: number): Promise<Float32Array> {
    checkX(x, n);
    const out = new Float32Array(n);
    for (let start = 0; start < n; start += PREDICT_CHUNK) {
      const m = Math.min(PREDICT_CHUNK, n - start);
      const t = tf.tidy(() => {
        const xb = tf.tensor2d(x.subarray(start * spec.maxLen, (start + m) * spec.maxLen), [m, spec.maxLen], 'int32');
        return tf.reshape(model.predict(xb) as ReturnType<Tf['tensor']>, [m]);
      });
      out.set(await t.data(), start);
      t.dispose();
    }
    return out;
  }

  const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

  const adapter: TrainableModel = {
    spec,
    device,
    async fit(train: Dataset, val: Dataset | null, ts: TrainSpec, callbacks: FitCallbacks = {}, resume?: Checkpoint): Promise<FitResult> {
      return runFit(new TfjsBackend(tf, model, spec, (d) => adapter.evaluate(d)), train, val, ts, callbacks, resume);
    },
    async predict(x: Int32Array, n: number): Promise<Float32Array> {
      const z = await logits(x, n);
      return z.map(sigmoid);
    },
    async evaluate(data: Dataset): Promise<EvalResult> {
      const z = await logits(data.x, data.n);
      let loss = 0;
      let correct = 0;
      const probabilities = new Float32Array(data.n);
      for (let i = 0; i < data.n; i++) {
        const zi = z[i] as number;
        const y = data.y[i] as number;
        // Stable binary cross-entropy from logits: max(z,0) − z·y + log(1 + e^−|z|).
        loss += Math.max(zi, 0) - zi * y + Math.log1p(Math.exp(-Math.abs(zi)));
        const p = sigmoid(zi);
        probabilities[i] = p;
        if ((p > 0.5 ? 1 : 0) === y) correct++;
      }
      const n = Math.max(1, data.n);
      return { loss: loss / n, accuracy: correct / n, probabilities };
    },
    async gradientNorms(batch: Dataset): Promise<{ layer: string; norms: number[] }[]> {
      checkX(batch.x, batch.n);
      if (batch.y.length !== batch.n) throw new UserError(`expected ${batch.n} labels, got ${batch.y.length}`);
      return tfjsGradientNorms(tf, model, spec, batch);
    },
    getWeights(): WeightTensor[] {
      return readTfjsWeights(model);
    },
    setWeights(weights: WeightTensor[]): void {
      writeTfjsWeights(tf, model, weights);
    },
    dispose(): void {
      model.dispose();
    },
  };
  return adapter;
}
