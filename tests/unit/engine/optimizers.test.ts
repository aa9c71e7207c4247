// Adam, RMSprop and SGD(momentum) steps against tfjs' optimizers on the same gradients; global-norm clipping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Optimizer, clipGlobalNorm } from '../../../main/engine/optimizers.js';
import { createJsKernels } from '../../../main/engine/kernels/js.js';
import { loadBestKernels, type Kernels } from '../../../main/engine/kernels/index.js';
import type { Param } from '../../../main/engine/weights.js';
import { assertClose } from './helpers.js';

await tf.setBackend('cpu');

const N = 40;
const start = Float32Array.from({ length: N }, (_, i) => Math.sin(i) * 0.5);
const gradAt = (step: number) => Float32Array.from({ length: N }, (_, i) => 0.3 * Math.cos(i * 1.7 + step) + (i % 3 === 0 ? 0.2 : -0.1));

function runOurs(name: 'adam' | 'rmsprop' | 'sgd', lr: number, momentum: number, steps: number): Float32Array {
  const p: Param = { name: 'w', shape: [N], data: Float32Array.from(start), grad: new Float32Array(N), sparse: null };
  const opt = new Optimizer({ name, learningRate: lr, momentum }, [p], createJsKernels());
  for (let s = 0; s < steps; s++) {
    p.grad.set(gradAt(s));
    opt.step();
  }
  assert.equal(opt.iterations, steps);
  return p.data;
}

function runTfjs(opt: tf.Optimizer, steps: number): Float32Array {
  const v = tf.variable(tf.tensor1d(start));
  for (let s = 0; s < steps; s++) opt.applyGradients({ [v.name]: tf.tensor1d(gradAt(s)) });
  const out = v.dataSync().slice() as Float32Array;
  v.dispose();
  opt.dispose();
  return out;
}

test('one Adam step equals tfjs adam; five steps agree to well within a step', () => {
  // Keras puts ε outside the bias correction ("epsilon hat"): one Keras step with ε equals a tfjs step with
  // ε / sqrt(1 − β2). Later steps differ only by that ε placement.
  const epsHat = 1e-7 / Math.sqrt(1 - 0.999);
  assertClose(runOurs('adam', 1e-3, 0, 1), runTfjs(tf.train.adam(1e-3, 0.9, 0.999, epsHat), 1), 1.5e-7, 'adam ×1');
  assertClose(runOurs('adam', 1e-3, 0, 5), runTfjs(tf.train.adam(1e-3, 0.9, 0.999, 1e-7), 5), 5e-6, 'adam ×5');
  // It actually moved, by about lr per step.
  assert.ok(Math.abs(runOurs('adam', 1e-3, 0, 1)[0]! - start[0]!) > 5e-4);
});

test('RMSprop steps equal tfjs rmsprop (ρ 0.9, ε 1e-7, no momentum)', () => {
  assertClose(runOurs('rmsprop', 1e-3, 0, 4), runTfjs(tf.train.rmsprop(1e-3, 0.9, 0, 1e-7), 4), 1e-7, 'rmsprop');
});

test('SGD with momentum equals tfjs momentum; plain SGD equals tfjs sgd', () => {
  assertClose(runOurs('sgd', 0.05, 0.9, 4), runTfjs(tf.train.momentum(0.05, 0.9), 4), 1e-6, 'momentum');
  assertClose(runOurs('sgd', 0.05, 0, 3), runTfjs(tf.train.sgd(0.05), 3), 1e-6, 'sgd');
});

test('global-norm clipping scales every gradient (sparse rows included) to the clip norm', () => {
  const dense: Param = { name: 'a', shape: [2], data: new Float32Array(2), grad: Float32Array.from([3, 0]), sparse: null };
  const emb: Param = {
    name: 'e', shape: [3, 2], data: new Float32Array(6), grad: Float32Array.from([0, 0, 0, 4, 0, 0]),
    sparse: { rowSize: 2, flags: Uint8Array.from([0, 1, 0]), rows: Int32Array.from([1, 0, 0]), count: 1 },
  };
  const before = clipGlobalNorm([dense, emb], 1);
  assert.ok(Math.abs(before - 5) < 1e-6);
  assertClose(dense.grad, [0.6, 0], 1e-6, 'dense');
  assertClose(emb.grad, [0, 0, 0, 0.8, 0, 0], 1e-6, 'sparse');
  clipGlobalNorm([dense, emb], 10); // below the clip: unchanged
  assertClose(dense.grad, [0.6, 0], 1e-6, 'unchanged');
});

test('the wasm SIMD updates (kernels.optim) follow the JS loops for every optimizer, tails and tiny moments included', async () => {
  const kernels = await loadBestKernels({ threads: 1 });
  assert.ok(kernels.optim, 'the wasm kernels bring optimizer updates (npm run build:wasm)');
  try {
    const n = 1027; // not a multiple of 4: the scalar tail runs too
    const init = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 0.3);
    // Some entries stop getting gradient (their moments decay, as untouched embedding rows' do); some get
    // gradients so tiny that their squares fall below the flush threshold.
    const grad = (s: number) => Float32Array.from({ length: n }, (_, i) =>
      i % 11 === 0 ? 1e-17 * Math.cos(i + s) : i % 5 === 0 && s > 2 ? 0 : 0.2 * Math.cos(i * 0.91 + s) + (i % 7) * 1e-3);
    const configs = [
      { name: 'adam', learningRate: 1e-3, momentum: 0 },
      { name: 'rmsprop', learningRate: 1e-3, momentum: 0 },
      { name: 'sgd', learningRate: 0.05, momentum: 0.9 },
    ] as const;
    for (const cfg of configs) {
      const run = (k: Kernels): { w: Float32Array; slots: Float32Array[] } => {
        const p: Param = { name: 'w', shape: [n], data: k.alloc(n), grad: k.alloc(n), sparse: null };
        p.data.set(init);
        const opt = new Optimizer(cfg, [p], k);
        for (let s = 0; s < 40; s++) {
          p.grad.set(grad(s));
          opt.step();
        }
        return { w: Float32Array.from(p.data), slots: opt.state().map((t) => t.data) };
      };
      const simd = run(kernels);
      const js = run(createJsKernels());
      assertClose(simd.w, js.w, 2e-6, `${cfg.name} weights`);
      simd.slots.forEach((sl, i) => assertClose(sl, js.slots[i]!, 2e-6, `${cfg.name} slot ${i}`));
      assert.ok(simd.w.some((x, i) => Math.abs(x - init[i]!) > 1e-3), `${cfg.name} moved the weights`);
      // Flushed moments are exact zeros in both, never subnormals.
      for (const sl of simd.slots) assert.ok(sl.every((x) => x === 0 || Math.abs(x) > 1e-30));
      if (cfg.name !== 'sgd') assert.ok(simd.slots.at(-1)!.some((x, i) => i % 11 === 0 && x === 0), `${cfg.name}: tiny second moments flushed`);
    }
  } finally {
    kernels.dispose();
  }
});
