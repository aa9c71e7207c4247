// Dropout decisions drawn on the GPU (dropout-draws.ts) against the CPU engine's own draws
// (parallel/replay-rng.ts drawMasks, single replica: the single-threaded order): the same keep/drop bit for
// every unit of every mask, for consecutive batches of different sizes, and the training stream left in
// the same state — so what the run draws next (the next batch, the next epoch's shuffle) is the same too.
import test from 'node:test';
import assert from 'node:assert/strict';
import { openGpu, webgpuUnavailableReason } from '../../../main/engine/webgpu/gpu.js';
import { GpuKit } from '../../../main/engine/webgpu/gpu-kit.js';
import { GpuDropoutDraws } from '../../../main/engine/webgpu/dropout-draws.js';
import { drawMasks } from '../../../main/engine/parallel/replay-rng.js';
import { maskDraws } from '../../../main/engine/plan.js';
import { Rng } from '../../../main/engine/rng.js';
import type { ModelSpec } from '../../../main/model/spec.js';
import { tinySpec } from '../engine/helpers.js';

const why = await webgpuUnavailableReason();
const skip = process.env.RECURRENT_LAB_SKIP_WEBGPU === '1' ? 'RECURRENT_LAB_SKIP_WEBGPU=1' : false;
if (!skip) assert.equal(why, null, `WebGPU is needed for these tests: ${why}`);

async function compare(spec: ModelSpec, batches: number[]): Promise<void> {
  const gpu = await openGpu();
  const kit = new GpuKit(gpu.device, gpu.limits.maxStorageBufferBindingSize);
  try {
    const maxB = Math.max(...batches);
    const declared = maskDraws(spec);
    const masks = declared.map((d) => kit.storage(Math.ceil((d.steps * maxB * d.width) / 32), 'mask'));
    const draws = new GpuDropoutDraws(kit, spec, masks);
    const onGpu = new Rng(77, 1);
    const onCpu = new Rng(77, 1);
    for (const B of batches) {
      draws.begin(onGpu, B);
      const enc = gpu.device.createCommandEncoder();
      kit.encode(enc, draws.ops(B), { count: 0 });
      gpu.device.queue.submit([enc.finish()]);
      // The masks in stream order: the layer kinds' declared draws, in plan order.
      const sizes = declared.map((d) => d.steps * B * d.width);
      const got = await kit.read(masks.map((buffer, i) => ({ buffer, floats: Math.ceil(sizes[i]! / 32) })));
      const total = sizes.reduce((a, b) => a + b, 0);
      assert.equal(draws.total(B), total);
      const ref = new Uint8Array(total);
      drawMasks(spec, B, onCpu, new Uint8Array(B), [ref], new Int32Array(1));
      let at = 0;
      got.forEach((f, m) => {
        const bits = new Uint32Array(f.buffer, f.byteOffset, f.length);
        for (let i = 0; i < sizes[m]!; i++) {
          const keep = ((bits[i >>> 5]! >>> (i & 31)) & 1) === 1;
          if (keep !== (ref[at + i] === 0)) assert.fail(`batch of ${B}, mask ${m}, unit ${i}: GPU ${keep ? 'keeps' : 'drops'} it, the CPU engine does not`);
        }
        at += sizes[m]!;
      });
      assert.deepEqual(onGpu.getState(), onCpu.getState(), `batch of ${B}: the stream moves past exactly the draws`);
    }
  } finally {
    kit.destroy();
    gpu.device.destroy();
  }
}

test('GPU-drawn dropout masks equal the CPU engine’s draws: stacked LSTM with dropout and recurrent dropout', { skip }, async () => {
  await compare(tinySpec({ arch: 'stacked-lstm', layers: 2, numWords: 30, maxLen: 11, embeddingDim: 7, units: 5, dropout: 0.3, recurrentDropout: 0.2 }), [6, 3, 6]);
});

test('GPU-drawn dropout masks equal the CPU engine’s draws: BiLSTM + max-pool, stacked ×3, recurrent dropout only, dropout only', { skip }, async () => {
  await compare(tinySpec({ arch: 'bilstm', head: 'max-pool', numWords: 30, maxLen: 8, embeddingDim: 5, units: 4, dropout: 0.2, recurrentDropout: 0.3 }), [3, 2]);
  await compare(tinySpec({ arch: 'stacked-lstm', layers: 3, head: 'avg-pool', numWords: 30, maxLen: 7, embeddingDim: 6, units: 3, dropout: 0.25, recurrentDropout: 0.1 }), [4]);
  await compare(tinySpec({ arch: 'bilstm', numWords: 30, maxLen: 9, embeddingDim: 4, units: 6, dropout: 0, recurrentDropout: 0.45 }), [4, 1]);
  await compare(tinySpec({ arch: 'gru', numWords: 30, maxLen: 40, embeddingDim: 33, units: 3, dropout: 0.001, recurrentDropout: 0 }), [5, 2]);
});
