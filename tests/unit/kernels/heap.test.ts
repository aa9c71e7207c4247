// The wasm kernels' allocator and the kernel selection: alignment, zeroing on reuse, coalescing, growth,
// limits, and loadBestKernels' options and environment overrides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WasmHeap } from '../../../main/engine/kernels/wasm-heap.js';
import { loadBestKernels, wasmSimdSupported } from '../../../main/engine/kernels/index.js';
import { createJsKernels } from '../../../main/engine/kernels/js.js';
import { UserError } from '../../../main/errors.js';

test('allocations are 16-byte aligned, zeroed, disjoint and owned', () => {
  const h = new WasmHeap({ initialMB: 1, maximumMB: 16 });
  const views = [1, 3, 17, 4, 1000].map((n) => h.alloc(n));
  for (const v of views) {
    assert.equal(v.byteOffset % 16, 0);
    assert.ok(v.every((x) => x === 0));
    assert.ok(h.owns(v));
    v.fill(1);
  }
  const sorted = [...views].sort((a, b) => a.byteOffset - b.byteOffset);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i - 1]!.byteOffset + sorted[i - 1]!.byteLength <= sorted[i]!.byteOffset);
  assert.ok(!h.owns(new Float32Array(4)));
});

test('freed blocks are reused zeroed and coalesced; free of a non-start view throws', () => {
  const h = new WasmHeap({ initialMB: 1, maximumMB: 16 });
  const a = h.alloc(100), b = h.alloc(100), c = h.alloc(100), guard = h.alloc(1);
  a.fill(7); b.fill(7);
  const top = h.stats().topBytes;
  h.free(a);
  h.free(b); // coalesces with a
  const d = h.alloc(200); // fits exactly into a+b
  assert.equal(d.byteOffset, a.byteOffset);
  assert.ok(d.every((x) => x === 0));
  assert.equal(h.stats().topBytes, top);
  assert.throws(() => h.free(c.subarray(1)), /not the start/);
  h.free(c);
  assert.throws(() => h.free(c), /double free/);
  h.free(new Float32Array(3)); // foreign: ignored
  h.free(guard);
  h.free(d);
  assert.equal(h.stats().liveBytes, 0);
});

test('the heap grows on demand, keeps old views valid and stops at its limit', () => {
  const h = new WasmHeap({ initialMB: 1, maximumMB: 8 });
  const early = h.alloc(10).fill(3);
  const big = h.alloc(1.5 * 1024 * 1024); // 6 MiB
  assert.ok(h.stats().memoryBytes >= 6 * 1024 * 1024 + 40);
  assert.deepEqual([...early], new Array(10).fill(3));
  big[big.length - 1] = 1;
  assert.throws(() => h.alloc(4 * 1024 * 1024), /kernel memory exhausted/);
  assert.throws(() => h.alloc(-1), /non-negative integer/);
  assert.throws(() => h.alloc(2.5), /non-negative integer/);
});

test('loadBestKernels picks wasm-simd here and honours threads, simd:false and the environment', async () => {
  assert.ok(wasmSimdSupported(), 'this Node validates WebAssembly SIMD on shared memory');
  const k = await loadBestKernels({ threads: 2 });
  assert.equal(k.name, 'wasm-simd');
  assert.equal(k.simd, true);
  assert.equal(k.threads, 2);
  k.dispose();
  const j = await loadBestKernels({ simd: false });
  assert.equal(j.name, 'js');
  const saved = { ...process.env };
  try {
    process.env['RECURRENT_LAB_NO_SIMD'] = '1';
    assert.equal((await loadBestKernels()).name, 'js');
    delete process.env['RECURRENT_LAB_NO_SIMD'];
    process.env['RECURRENT_LAB_THREADS'] = '1';
    const one = await loadBestKernels();
    assert.equal(one.threads, 1);
    one.dispose();
    process.env['RECURRENT_LAB_THREADS'] = 'two';
    await assert.rejects(loadBestKernels(), (e) => e instanceof UserError && /RECURRENT_LAB_THREADS/.test(e.message));
    await assert.rejects(loadBestKernels({ threads: 0 }), UserError);
  } finally {
    process.env = saved;
  }
});

test('the plain-JS kernels validate their arguments too', () => {
  const k = createJsKernels();
  assert.throws(() => k.sgemm(false, false, 2, 2, 2, new Float32Array(3), 2, new Float32Array(4), 2, new Float32Array(4), 2, 0), /A has 3/);
  assert.throws(() => k.alloc(-2), /non-negative/);
});
