// Adam, RMSprop and SGD(momentum) steps against tfjs' optimizers on the same gradients; global-norm clipping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Optimizer, clipGlobalNorm } from '../../../main/engine/optimizers.js';
import { createJsKernels } from '../../../main/engine/kernels/js.js';
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
