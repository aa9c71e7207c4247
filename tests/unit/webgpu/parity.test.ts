// The WebGPU engine against the CPU engine (the reference), on whatever adapter this machine has — in CI
// Mesa's llvmpipe through Dawn's OpenGL ES backend. Same seed → same initial weights; same batches and
// dropout stream → every gradient within 1e-4 (relative to the gradient's scale), per-batch losses of a
// 20-step fit within 1e-4, then evaluation and prediction within 1e-5; for every architecture, both GRU
// variants, masked and unmasked, with and without dropout, and every optimizer (with clip-norm).
import test from 'node:test';
import assert from 'node:assert/strict';
import { EngineModel } from '../../../main/engine/model.js';
import { createJsKernels } from '../../../main/engine/kernels/js.js';
import { Rng } from '../../../main/engine/rng.js';
import { WebGpuModel } from '../../../main/engine/webgpu/model.js';
import { webgpuUnavailableReason } from '../../../main/engine/webgpu/gpu.js';
import { TUTORIAL_TRAIN, type ModelSpec, type TrainSpec } from '../../../main/model/spec.js';
import type { BatchMetrics, Checkpoint, Dataset, WeightTensor } from '../../../main/engine/types.js';
import { maxAbsDiff, tinyData, tinySpec } from '../engine/helpers.js';

const why = await webgpuUnavailableReason();
// CI and a developer machine must have it (Debian: libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri); only an
// explicit opt-out skips these tests.
const skip = process.env.RECURRENT_LAB_SKIP_WEBGPU === '1' ? 'RECURRENT_LAB_SKIP_WEBGPU=1' : false;
if (!skip) assert.equal(why, null, `WebGPU is needed for these tests: ${why}`);

const spec = (over: Partial<ModelSpec>): ModelSpec => tinySpec({ numWords: 40, maxLen: 9, embeddingDim: 5, units: 4, ...over });

const ARCHS: [string, Partial<ModelSpec>][] = [
  ['rnn', { arch: 'rnn' }],
  ['lstm', { arch: 'lstm' }],
  ['gru reset_after', { arch: 'gru', gruResetAfter: true }],
  ['gru reset_before', { arch: 'gru', gruResetAfter: false }],
  ['bilstm concat', { arch: 'bilstm', merge: 'concat' }],
  ['bilstm mul', { arch: 'bilstm', merge: 'mul' }],
  ['bilstm ave', { arch: 'bilstm', merge: 'ave' }],
  ['stacked-lstm ×3', { arch: 'stacked-lstm', layers: 3 }],
  ['lstm + max-pool', { arch: 'lstm', head: 'max-pool' }],
  ['gru + avg-pool', { arch: 'gru', head: 'avg-pool' }],
  ['bilstm mul + max-pool', { arch: 'bilstm', merge: 'mul', head: 'max-pool' }],
  ['bilstm concat + avg-pool', { arch: 'bilstm', head: 'avg-pool' }],
];
const VARIANTS: [string, Partial<ModelSpec>][] = [
  ['', {}],
  [', mask_zero', { maskZero: true }],
  [', dropout', { dropout: 0.25, recurrentDropout: 0.3 }],
  [', mask_zero + dropout', { maskZero: true, dropout: 0.2, recurrentDropout: 0.2 }],
];

function assertGradsClose(cpu: WeightTensor[], gpu: WeightTensor[], what: string): void {
  assert.deepEqual(gpu.map((g) => g.name), cpu.map((g) => g.name), `${what}: gradient names`);
  cpu.forEach((g, i) => {
    let scale = 0;
    for (const v of g.data) scale = Math.max(scale, Math.abs(v));
    const d = maxAbsDiff(g.data, gpu[i]!.data);
    assert.ok(d <= 1e-4 * Math.max(scale, 1e-3), `${what}: ${g.name} differs by ${d.toExponential(2)} (scale ${scale.toExponential(2)})`);
  });
}

const relClose = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(Math.abs(a), 1e-6);

/** One batch's loss and every gradient on both engines (dropout drawn from the same stream when on). */
async function compareBatch(s: ModelSpec, data: Dataset, seed: number, what: string, batchPrep: 'gpu' | 'cpu' = 'gpu'): Promise<void> {
  const cpu = new EngineModel(s, seed, createJsKernels());
  const gpu = await WebGpuModel.create(s, seed, { batchPrep });
  try {
    cpu.reserve(data.n);
    const dropout = s.dropout > 0;
    const stats = cpu.forwardBackward(data.x, data.y, data.n, cpu.ctx(dropout, new Rng(9, 1)));
    const cpuGrads = cpu.params.map((p) => ({ name: p.name, shape: [...p.shape], data: Float32Array.from(p.grad) }));
    const g = await gpu.lossAndGradients(data.x, data.y, data.n, dropout ? new Rng(9, 1) : null);
    assert.ok(relClose(stats.lossSum / data.n, g.loss, 1e-4), `${what}: loss ${stats.lossSum / data.n} vs ${g.loss}`);
    assertGradsClose(cpuGrads, g.grads, what);
  } finally {
    gpu.dispose();
  }
}

test('gradients of one batch equal the CPU engine’s, every architecture × masking × dropout', { skip }, async () => {
  for (const [name, arch] of ARCHS) {
    for (const [vname, variant] of VARIANTS) {
      const s = spec({ ...arch, ...variant });
      await compareBatch(s, tinyData(6, s.maxLen, s.numWords, 11, 4), 3, `${name}${vname}`);
      // The other path: the batch prepared on the CPU and uploaded (a training set too large to be resident).
      if (vname.includes('mask_zero')) await compareBatch(s, tinyData(6, s.maxLen, s.numWords, 11, 4), 3, `${name}${vname}, prepared on the CPU`, 'cpu');
    }
  }
});

test('long batches (split-K weight gradients, plain and token-path) give the CPU engine’s gradients', { skip }, async () => {
  // 32 reviews × 48 positions = 1,536 rows: the weight-gradient products are split over K in slices.
  for (const arch of [{ arch: 'lstm' }, { arch: 'gru', gruResetAfter: false }, { arch: 'stacked-lstm', layers: 2, dropout: 0.1 }] as Partial<ModelSpec>[]) {
    const s = spec({ ...arch, numWords: 3000, maxLen: 48 });
    await compareBatch(s, tinyData(32, s.maxLen, s.numWords, 13, 5), 8, `${arch.arch} (long batch)`);
  }
});

async function fitBoth(s: ModelSpec, ts: TrainSpec, n: number, batchPrep: 'gpu' | 'cpu' = 'gpu'): Promise<{ cpu: BatchMetrics[]; gpu: BatchMetrics[]; cpuModel: EngineModel; gpuModel: WebGpuModel }> {
  const data = tinyData(n, s.maxLen, s.numWords, 5, 3);
  const cpuModel = new EngineModel(s, 21, createJsKernels());
  const gpuModel = await WebGpuModel.create(s, 21, { batchPrep });
  const cpu: BatchMetrics[] = [];
  const gpu: BatchMetrics[] = [];
  await cpuModel.fit(data, null, ts, { onBatch: (m) => void cpu.push(m) });
  await gpuModel.fit(data, null, ts, { onBatch: (m) => void gpu.push(m) });
  return { cpu, gpu, cpuModel, gpuModel };
}

test('20 training steps give the CPU engine’s per-batch losses; evaluation and prediction then agree to 1e-5', { skip }, async () => {
  const cases: [string, Partial<ModelSpec>, Partial<TrainSpec>][] = [
    ['lstm adam', { arch: 'lstm' }, {}],
    ['lstm adam + clip-norm', { arch: 'lstm' }, { clipNorm: 0.05 }],
    ['gru reset_after rmsprop, mask_zero', { arch: 'gru', maskZero: true }, { optimizer: 'rmsprop' }],
    ['gru reset_before sgd + momentum', { arch: 'gru', gruResetAfter: false }, { optimizer: 'sgd', learningRate: 0.05, momentum: 0.9 }],
    ['rnn plain sgd', { arch: 'rnn' }, { optimizer: 'sgd', learningRate: 0.05 }],
    ['bilstm concat, dropout', { arch: 'bilstm', dropout: 0.2, recurrentDropout: 0.2 }, {}],
    ['stacked-lstm, mask_zero + dropout', { arch: 'stacked-lstm', layers: 2, maskZero: true, dropout: 0.2, recurrentDropout: 0.1 }, {}],
  ];
  // Each case with its batches prepared on the GPU from the resident training set (the default); two also
  // with batches prepared on the CPU and uploaded per step.
  const runs = [...cases.map((c) => [...c, 'gpu'] as const), ...cases.filter(([n]) => /clip|stacked/.test(n)).map((c) => [...c, 'cpu'] as const)];
  for (const [name, arch, train, batchPrep] of runs) {
    const s = spec(arch);
    const ts: TrainSpec = { ...TUTORIAL_TRAIN, batchSize: 4, epochs: 1, validation: false, learningRate: 0.01, ...train };
    const { cpu, gpu, cpuModel, gpuModel } = await fitBoth(s, ts, 80, batchPrep);
    try {
      assert.equal(gpuModel.dataResident, batchPrep === 'gpu', `${name}: the training set is resident on the GPU only when asked`);
      assert.equal(cpu.length, 20);
      assert.equal(gpu.length, 20);
      // Running means → each batch's own loss.
      const own = (ms: BatchMetrics[]) => ms.map((m, i) => m.loss * (i + 1) - (i > 0 ? ms[i - 1]!.loss * i : 0));
      const a = own(cpu);
      const b = own(gpu);
      a.forEach((l, i) => assert.ok(relClose(l, b[i]!, 1e-4), `${name}: batch ${i + 1} loss ${l} (CPU) vs ${b[i]} (WebGPU)`));
      const evalData = tinyData(37, s.maxLen, s.numWords, 8, 2);
      const [ec, eg] = [await cpuModel.evaluate(evalData), await gpuModel.evaluate(evalData)];
      assert.ok(Math.abs(ec.loss - eg.loss) <= 1e-5, `${name}: eval loss ${ec.loss} vs ${eg.loss}`);
      assert.equal(eg.accuracy, ec.accuracy, `${name}: eval accuracy`);
      assert.ok(maxAbsDiff(ec.probabilities, eg.probabilities) <= 1e-5, `${name}: eval probabilities`);
      const p = await gpuModel.predict(evalData.x.subarray(0, 3 * s.maxLen), 3);
      assert.ok(maxAbsDiff(p, ec.probabilities.subarray(0, 3)) <= 1e-5, `${name}: predict`);
    } finally {
      gpuModel.dispose();
    }
  }
});

test('a WebGPU run resumed from its epoch checkpoint ends with the uninterrupted run’s weights; checkpoints move between engines', { skip }, async () => {
  const s = spec({ arch: 'lstm' });
  const data = tinyData(24, s.maxLen, s.numWords, 6, 2);
  const ts: TrainSpec = { ...TUTORIAL_TRAIN, batchSize: 8, epochs: 3, validation: false, learningRate: 0.01 };
  const full = await WebGpuModel.create(s, 4);
  const cps: Checkpoint[] = [];
  const r = await full.fit(data, data, ts, { onEpoch: (_m, c) => void cps.push(c) });
  assert.equal(r.stopReason, 'completed');
  assert.equal(cps[0]!.optimizerStep, 3);
  assert.ok(cps[0]!.optimizerState.some((w) => w.name === 'adam/m/lstm/kernel'), 'optimizer slots named as the CPU engine names them');
  const resumed = await WebGpuModel.create(s, 99);
  await resumed.fit(data, data, ts, {}, cps[0]!);
  // The same checkpoint resumed on the CPU engine lands on the same weights too.
  const cpu = new EngineModel(s, 99, createJsKernels());
  await cpu.fit(data, data, ts, {}, cps[0]!);
  const wf = full.getWeights();
  const wr = resumed.getWeights();
  const wc = cpu.getWeights();
  wf.forEach((w, i) => {
    assert.ok(maxAbsDiff(w.data, wr[i]!.data) <= 1e-6, `${w.name}: resumed on WebGPU`);
    assert.ok(maxAbsDiff(w.data, wc[i]!.data) <= 1e-4, `${w.name}: resumed on the CPU engine`);
  });
  full.dispose();
  resumed.dispose();
});

test('a diverging WebGPU run stops before applying the bad update, as the CPU engine does; a disposed model is a clear error', { skip }, async () => {
  const s = spec({ arch: 'lstm' });
  const data = tinyData(40, s.maxLen, s.numWords, 7, 0);
  const ts: TrainSpec = { ...TUTORIAL_TRAIN, batchSize: 4, epochs: 2, validation: false };
  const m = await WebGpuModel.create(s, 2);
  const cpu = new EngineModel(s, 2, createJsKernels());
  // An infinite output bias makes the first batch's loss non-finite.
  const huge = m.getWeights().map((w) => (w.name === 'dense/bias' ? { ...w, data: w.data.map(() => Infinity) } : w));
  m.setWeights(huge);
  cpu.setWeights(huge);
  const [rg, rc] = [await m.fit(data, null, ts, {}), await cpu.fit(data, null, ts, {})];
  assert.equal(rg.stopReason, 'diverged');
  assert.equal(rg.message, rc.message, 'the same stop, at the same batch');
  assert.match(rg.message ?? '', /at epoch 1, batch 1; stopped before applying that update/);
  m.getWeights().forEach((w, i) => assert.deepEqual(w.data, huge[i]!.data, `${w.name} unchanged`));
  m.dispose();
  await assert.rejects(m.predict(data.x.subarray(0, s.maxLen), 1), /disposed/);
});

test('a lost device (driver reset, GPU switch) fails the fit with a clear message; the run resumes from its checkpoint', { skip }, async () => {
  const s = spec({ arch: 'lstm' });
  const data = tinyData(32, s.maxLen, s.numWords, 9, 0);
  const ts: TrainSpec = { ...TUTORIAL_TRAIN, batchSize: 8, epochs: 3, validation: false };
  const m = await WebGpuModel.create(s, 6);
  const cps: Checkpoint[] = [];
  let batches = 0;
  // What a driver reset looks like to the engine: its device is gone from under it.
  const device = (m as unknown as { gpu: { device: GPUDevice } }).gpu.device;
  await assert.rejects(
    m.fit(data, null, ts, {
      onEpoch: (_e, c) => void cps.push(c),
      onBatch: () => {
        if (++batches === 6) device.destroy();
      },
    }),
    /the GPU device was lost .*can be resumed from its last checkpoint/,
  );
  assert.equal(cps.length, 1, 'epoch 1 was checkpointed before the loss');
  const again = await WebGpuModel.create(s, 6);
  const r = await again.fit(data, null, ts, {}, cps[0]!);
  assert.deepEqual(r.epochs.map((e) => e.epoch), [2, 3]);
  again.dispose();
  m.dispose();
});

test('fit after fit: other optimizer settings start a new optimizer, the same ones continue it (as the CPU engine does)', { skip }, async () => {
  const s = spec({ arch: 'gru' });
  const data = tinyData(24, s.maxLen, s.numWords, 3, 1);
  const first: TrainSpec = { ...TUTORIAL_TRAIN, batchSize: 8, epochs: 1, validation: false };
  const second: TrainSpec = { ...first, optimizer: 'sgd', learningRate: 0.5, momentum: 0.5, clipNorm: 0.1, seed: 7 };
  const gpu = await WebGpuModel.create(s, 5);
  const cpu = new EngineModel(s, 5, createJsKernels());
  for (const ts of [first, second, { ...second, clipNorm: null }]) {
    await gpu.fit(data, null, ts, {});
    await cpu.fit(data, null, ts, {});
  }
  const wg = gpu.getWeights();
  cpu.getWeights().forEach((w, i) => assert.ok(maxAbsDiff(w.data, wg[i]!.data) <= 1e-4, `${w.name} after three fits`));
  gpu.dispose();
});
