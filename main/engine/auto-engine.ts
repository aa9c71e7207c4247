// The `auto` engine choice: WebGPU only on a hardware adapter (never a software or fallback one:
// llvmpipe, SwiftShader, WARP, lavapipe, or one we cannot identify), and only when a short probe — the
// same model, a few real training steps on synthetic reviews — trains faster there than on the CPU
// engine. The probe's weights are put back afterwards; its verdict is kept for the process, per model.
import { TUTORIAL_TRAIN, type ModelSpec, type TrainSpec } from '../model/spec.js';
import type { EngineModel } from './model.js';
import { Rng } from './rng.js';
import type { Dataset } from './types.js';
import type { TrainingBackend } from './training/backend.js';
import { WebGpuModel } from './webgpu/model.js';
import { listAdapters } from './webgpu/gpu.js';

const PROBE_BATCH = 64;
const PROBE_STEPS = 3;
const verdicts = new Map<string, { gpuMs: number; cpuMs: number }>();

function syntheticReviews(spec: ModelSpec, n: number): Dataset {
  const rng = new Rng(12345, 3);
  const x = new Int32Array(n * spec.maxLen);
  for (let i = 0; i < x.length; i++) x[i] = 1 + rng.int(spec.numWords - 1);
  const y = Float32Array.from({ length: n }, () => rng.int(2));
  return { x, y, n, maxLen: spec.maxLen };
}

/** Mean ms of a few training steps after a warm-up one; the model's weights are restored (not its optimizer). */
async function probeMs(m: TrainingBackend, data: Dataset): Promise<number> {
  const ts: TrainSpec = { ...TUTORIAL_TRAIN, batchSize: PROBE_BATCH, epochs: 1, validation: false };
  const before = await m.readWeights();
  await m.beginFit(data, ts, undefined);
  const rows = Int32Array.from({ length: PROBE_BATCH }, (_, i) => i);
  const rng = new Rng(1, 1);
  try {
    await m.step(rows, rng);
    const t0 = performance.now();
    for (let i = 0; i < PROBE_STEPS; i++) await m.step(rows, rng);
    return (performance.now() - t0) / PROBE_STEPS;
  } finally {
    await m.endFit();
    await m.writeWeights(before);
  }
}

export async function autoChoice(spec: ModelSpec, cpu: EngineModel): Promise<{ gpu: WebGpuModel | null; why: string }> {
  const [adapter] = await listAdapters();
  if (!adapter) return { gpu: null, why: 'no WebGPU adapter found' };
  const name = adapter.description || [adapter.vendor, adapter.architecture].filter(Boolean).join(' ') || 'unidentified';
  if (adapter.software) return { gpu: null, why: `the only WebGPU adapter is a software one (${name})` };
  let gpu: WebGpuModel | null = null;
  try {
    gpu = await WebGpuModel.create(spec, cpu.seed);
    const key = JSON.stringify(spec);
    let v = verdicts.get(key);
    if (!v) {
      const data = syntheticReviews(spec, PROBE_BATCH);
      v = { gpuMs: await probeMs(gpu, data), cpuMs: await probeMs(cpu, data) };
      verdicts.set(key, v);
      // The run starts with fresh optimizers, not the probe's moments (a fit after a fit keeps them).
      cpu.optimizer = null;
      await gpu.forgetOptimizer();
    }
    const figures = `probe ${v.gpuMs.toFixed(1)} ms/step on ${name} vs ${v.cpuMs.toFixed(1)} ms/step on the CPU`;
    if (v.gpuMs < v.cpuMs) return { gpu, why: `WebGPU, ${figures}` };
    gpu.dispose();
    return { gpu: null, why: `CPU engine, ${figures}` };
  } catch (e) {
    gpu?.dispose();
    return { gpu: null, why: `WebGPU failed its probe (${e instanceof Error ? e.message : String(e)})` };
  }
}
