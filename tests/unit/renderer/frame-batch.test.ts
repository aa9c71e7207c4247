// Bursts of training events become one UI update per frame, carrying the latest value per run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameBatcher } from '../../../renderer/lib/frame-batch.js';

function manualFrames() {
  const queue: (() => void)[] = [];
  return {
    schedule: (cb: () => void) => void queue.push(cb),
    frame: () => queue.splice(0).forEach((cb) => cb()),
    get scheduled() {
      return queue.length;
    },
  };
}

test('100 updates between two frames flush once, with the latest value per key', () => {
  const f = manualFrames();
  const flushes: { batch: Map<string, number>; touched: boolean }[] = [];
  const b = frameBatcher<string, number>(f.schedule, (batch, touched) => flushes.push({ batch, touched }));
  for (let i = 0; i < 100; i++) b.put(i % 2 === 0 ? 'lstm' : 'gru', i);
  assert.equal(f.scheduled, 1, 'one frame requested for the whole burst');
  assert.equal(b.pending, 2);
  f.frame();
  assert.equal(flushes.length, 1);
  assert.deepEqual([...(flushes[0]?.batch ?? [])], [['lstm', 98], ['gru', 99]]);
  assert.equal(flushes[0]?.touched, false);
  assert.equal(b.pending, 0);
});

test('touch alone schedules a flush; nothing pending means no frame', () => {
  const f = manualFrames();
  let calls = 0;
  let lastTouched = false;
  const b = frameBatcher<string, number>(f.schedule, (_batch, touched) => {
    calls++;
    lastTouched = touched;
  });
  f.frame();
  assert.equal(calls, 0);
  b.touch();
  b.touch();
  assert.equal(f.scheduled, 1);
  f.frame();
  assert.equal(calls, 1);
  assert.equal(lastTouched, true);
  b.put('x', 1);
  f.frame();
  assert.equal(calls, 2);
  assert.equal(lastTouched, false, 'the touched flag resets after each flush');
});
