// The GPU's batch preparation (batch-prep.ts) against the CPU's (TokenInput + BatchInput's CSR), on real
// IMDB reviews when RECURRENT_LAB_DATA is set and on synthetic padded batches always: the same distinct ids
// (ascending on the GPU, first-seen on the CPU), every position's id through its slot, each id's positions
// in ascending order, the labels, and the count the per-id kernels read.
import test from 'node:test';
import assert from 'node:assert/strict';
import { openGpu, webgpuUnavailableReason } from '../../../main/engine/webgpu/gpu.js';
import { GpuKit } from '../../../main/engine/webgpu/gpu-kit.js';
import { GpuBatchPrep } from '../../../main/engine/webgpu/batch-prep.js';
import { BatchInput } from '../../../main/engine/webgpu/batch-input.js';
import { loadData } from '../../../main/data/loadData.js';
import { toDataset } from '../../../main/data/pad.js';
import type { Dataset } from '../../../main/engine/types.js';
import { tinyData, tinySpec } from '../engine/helpers.js';

const why = await webgpuUnavailableReason();
const skip = process.env.RECURRENT_LAB_SKIP_WEBGPU === '1' ? 'RECURRENT_LAB_SKIP_WEBGPU=1' : false;
if (!skip) assert.equal(why, null, `WebGPU is needed for these tests: ${why}`);

interface Prepared { count: number; uniq: Uint32Array; slot: Uint32Array; off: Uint32Array; pos: Uint32Array; y: Float32Array }

/** Runs the GPU preparation of `rows` of `data` and reads every output back. */
async function prepareOnGpu(data: Dataset, vocab: number, rows: Int32Array, maxB: number): Promise<Prepared> {
  const gpu = await openGpu();
  const kit = new GpuKit(gpu.device, gpu.limits.maxStorageBufferBindingSize);
  try {
    const T = data.maxLen;
    const n = maxB * T;
    const targets = {
      slot: kit.storage(n, 'slot'), uniq: kit.storage(Math.min(n, vocab), 'uniq'), off: kit.storage(Math.min(n, vocab) + 1, 'off'),
      pos: kit.storage(n, 'pos'), y: kit.storage(maxB, 'y'), dyn: kit.storage(4, 'dyn'), countIdx: 0,
    };
    const prep = new GpuBatchPrep(kit, targets, data, T, vocab, maxB);
    const B = rows.length;
    prep.writeRows(rows);
    kit.write(targets.dyn, new Uint32Array([12345, 0, 0, 0]));
    const enc = gpu.device.createCommandEncoder();
    kit.encode(enc, prep.ops(B), { count: prep.maxDistinct(B) });
    gpu.device.queue.submit([enc.finish()]);
    const u = (f: Float32Array) => new Uint32Array(f.buffer, f.byteOffset, f.length);
    const [dyn, uniq, slot, off, pos, y] = await kit.read([
      { buffer: targets.dyn, floats: 4 }, { buffer: targets.uniq, floats: Math.min(n, vocab) }, { buffer: targets.slot, floats: B * T },
      { buffer: targets.off, floats: Math.min(n, vocab) + 1 }, { buffer: targets.pos, floats: B * T }, { buffer: targets.y, floats: B },
    ]);
    const count = u(dyn!)[0]!;
    return { count, uniq: u(uniq!).slice(0, count), slot: u(slot!), off: u(off!).slice(0, count + 1), pos: u(pos!), y: y! };
  } finally {
    kit.destroy();
    gpu.device.destroy();
  }
}

function assertSamePreparation(data: Dataset, vocab: number, rows: Int32Array, maxB: number, got: Prepared, what: string): void {
  const T = data.maxLen;
  const B = rows.length;
  const cpu = new BatchInput(tinySpec({ numWords: vocab, maxLen: T }));
  cpu.build(data.x, data.y, rows);
  const tok = cpu.tokens;
  assert.equal(got.count, tok.count, `${what}: distinct ids`);
  assert.deepEqual([...got.uniq], [...tok.uniq.subarray(0, tok.count)].sort((a, b) => a - b), `${what}: the distinct ids, ascending`);
  for (let r = 0; r < B * T; r++) {
    const id = tok.uniq[tok.slot[r]!]!;
    if (got.uniq[got.slot[r]!] !== id) assert.fail(`${what}: position ${r} reads id ${got.uniq[got.slot[r]!]}, expected ${id}`);
  }
  assert.equal(got.off[got.count], B * T, `${what}: the CSR ends at n`);
  for (let s = 0; s < got.count; s++) {
    const cpuSlot = tok.uniq.subarray(0, tok.count).indexOf(got.uniq[s]!);
    const want = [...cpu.pos.subarray(cpu.off[cpuSlot]!, cpu.off[cpuSlot + 1]!)];
    const have = [...got.pos.subarray(got.off[s]!, got.off[s + 1]!)];
    assert.deepEqual(have, want, `${what}: positions of id ${got.uniq[s]} (ascending)`);
  }
  assert.deepEqual([...got.y.subarray(0, B)], [...cpu.y.subarray(0, B)], `${what}: labels`);
  assert.ok(B <= maxB);
}

test('batches prepared on the GPU equal the CPU’s: synthetic, padded, full and short batches', { skip }, async () => {
  const vocab = 50;
  const data = tinyData(40, 13, vocab, 5, 6);
  for (const [name, rows, maxB] of [
    ['full batch, shuffled rows', Int32Array.from([7, 3, 39, 0, 21, 22, 5, 18, 30, 11]), 10],
    ['short last batch', Int32Array.from([2, 9, 33]), 10],
    ['one row', Int32Array.from([17]), 4],
  ] as const) {
    const got = await prepareOnGpu(data, vocab, rows, maxB);
    assertSamePreparation(data, vocab, rows, maxB, got, name);
  }
});

test('a batch of 64 real IMDB reviews prepared on the GPU equals the CPU’s (RECURRENT_LAB_DATA)', { skip: skip || (process.env.RECURRENT_LAB_DATA ? false : 'RECURRENT_LAB_DATA is not set') }, async () => {
  const arrays = await loadData(process.env.RECURRENT_LAB_DATA!, { numWords: 10000 });
  const data = toDataset(arrays.xTrain, arrays.yTrain, 200, 500);
  const rows = Int32Array.from({ length: 64 }, (_, i) => (i * 37 + 11) % 500);
  const got = await prepareOnGpu(data, 10000, rows, 64);
  assert.ok(got.count > 1000, `a real batch has many distinct ids (got ${got.count})`);
  assertSamePreparation(data, 10000, rows, 64, got, 'real batch');
});
