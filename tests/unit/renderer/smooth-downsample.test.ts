// Curve smoothing (debiased EMA) and down-sampling (LTTB) used by the charts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ema } from '../../../renderer/lib/smooth.js';
import { lttb } from '../../../renderer/lib/downsample.js';

test('ema: weight 0 is the raw curve, debiasing starts at the first value', () => {
  assert.deepEqual(ema([3, 1, 4], 0), [3, 1, 4]);
  const s = ema([2, 2, 2, 2], 0.9);
  for (const v of s) assert.ok(Math.abs(v - 2) < 1e-12, `constant input stays constant, got ${v}`);
  const r = ema([0, 10], 0.5);
  // acc1 = 0 → 0/(0.5) = 0; acc2 = 0*0.5 + 5 = 5 → 5/(1-0.25) = 6.666…
  assert.equal(r[0], 0);
  assert.ok(Math.abs((r[1] as number) - 20 / 3) < 1e-12);
});

test('ema: smooths noise, skips non-finite values, rejects bad weights', () => {
  const noisy = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 1 : 0));
  const s = ema(noisy, 0.95);
  const tail = s.slice(100);
  assert.ok(Math.max(...tail) - Math.min(...tail) < 0.1, 'alternating 0/1 smooths to about 0.5');
  const withNaN = ema([1, NaN, 1], 0.5);
  assert.ok(Number.isNaN(withNaN[1]));
  assert.equal(withNaN[2], 1);
  assert.throws(() => ema([1], 1), RangeError);
  assert.throws(() => ema([1], -0.1), RangeError);
});

test('lttb keeps ends, point budget and peaks', () => {
  const x = Array.from({ length: 1000 }, (_, i) => i);
  const y = x.map((i) => (i === 537 ? 100 : Math.sin(i / 50)));
  const d = lttb({ x, y }, 50);
  assert.equal(d.x.length, 50);
  assert.equal(d.x[0], 0);
  assert.equal(d.x[49], 999);
  assert.ok(d.y.includes(100), 'the spike survives down-sampling');
  for (let i = 1; i < d.x.length; i++) assert.ok((d.x[i] as number) > (d.x[i - 1] as number), 'x stays increasing');
  const small = lttb({ x: [1, 2], y: [3, 4] }, 50);
  assert.deepEqual(small, { x: [1, 2], y: [3, 4] });
});
