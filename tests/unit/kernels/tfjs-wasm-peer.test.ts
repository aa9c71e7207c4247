// The benchmark's TF.js wasm peer can only train an Embedding because bench/tfjs-wasm.ts supplies the
// UnsortedSegmentSum kernel stock tfjs-backend-wasm lacks: its sums (and so the embedding gradient) must
// equal the pure-JS backend's, including dropped out-of-range ids and a trailing feature shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { loadPureTfjs } from '../../../main/engine/tfjs/tf.js';
import { registerUnsortedSegmentSum } from '../../../bench/tfjs-wasm.js';

test('the supplied UnsortedSegmentSum on tfjs wasm equals the cpu backend, and so do embedding gradients', async () => {
  const tf = await loadPureTfjs();
  createRequire(import.meta.url)('@tensorflow/tfjs-backend-wasm');
  registerUnsortedSegmentSum(tf);
  const xs = Array.from({ length: 6 * 2 * 3 }, (_, i) => Math.sin(i + 1));
  const ids = [2, 0, 2, 5, -1, 1];
  const run = async (backend: string): Promise<{ sum: number[]; grad: number[] }> => {
    assert.ok(await tf.setBackend(backend));
    const sum = tf.unsortedSegmentSum(tf.tensor3d(xs, [6, 2, 3]), tf.tensor1d(ids, 'int32'), 4);
    assert.deepEqual(sum.shape, [4, 2, 3]);
    const table = tf.tensor2d(Array.from({ length: 5 * 3 }, (_, i) => i / 10), [5, 3]);
    const grad = tf.grad((t: ReturnType<typeof tf.tensor>) => tf.gather(t, tf.tensor1d([1, 4, 1, 0], 'int32')).mul(tf.tensor2d(xs.slice(0, 12), [4, 3])).sum())(table);
    return { sum: Array.from(await sum.data()), grad: Array.from(await grad.data()) };
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  cpu.sum.forEach((v, i) => assert.ok(Math.abs(v - wasm.sum[i]!) < 1e-6, `sum[${i}] ${v} vs ${wasm.sum[i]}`));
  cpu.grad.forEach((v, i) => assert.ok(Math.abs(v - wasm.grad[i]!) < 1e-6, `grad[${i}] ${v} vs ${wasm.grad[i]}`));
  assert.ok(cpu.sum.some((v) => v !== 0));
});
