// modelSummary's time estimate over the real server: with no finished runs to learn from, the service
// measures the real engine on a random batch of the spec's shapes, once per shape, and reports ms per batch of 64.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestClient } from './client.js';
import { startLab, type Lab } from './setup.js';
import { calls, type CallResult } from '../../../main/contract/index.js';
import { TUTORIAL_MODEL } from '../../../main/model/spec.js';

let lab: Lab;
let c: TestClient;
before(async () => {
  lab = await startLab();
  c = await TestClient.open(lab.wsUrl());
});
after(async () => {
  c?.close();
  await lab?.close();
});

async function estimate(model: typeof TUTORIAL_MODEL): Promise<number | null> {
  const r = await c.call('modelSummary', { model });
  assert.equal(r.error, undefined, r.error?.message);
  assert.ok(calls.modelSummary.result.safeParse(r.result).success);
  return (r.result as CallResult<'modelSummary'>).estimatedMsPerStep;
}

test('modelSummary measures the engine and returns a positive ms-per-step estimate', { timeout: 60_000 }, async () => {
  const tiny = { ...TUTORIAL_MODEL, numWords: 500, maxLen: 30, embeddingDim: 8, units: 8 };
  // The probe may outlast one call's wait; the result then arrives on a later call.
  let ms: number | null = null;
  for (let i = 0; i < 20 && ms === null; i++) ms = await estimate(tiny);
  assert.ok(ms !== null && Number.isFinite(ms) && ms > 0, `estimate ${ms}`);
  // Cached per shape: the same spec (dropout does not change the shape) answers with the same figure.
  assert.equal(await estimate({ ...tiny, dropout: 0.2 }), ms);
  // A wider, longer model of the same architecture is estimated slower.
  let wide: number | null = null;
  for (let i = 0; i < 20 && wide === null; i++) wide = await estimate({ ...tiny, maxLen: 120, units: 32 });
  assert.ok(wide !== null && wide > ms, `wider model ${wide} vs ${ms}`);
});

test('with the WebGPU engine chosen and no WebGPU runs yet, the estimate is unknown (the probe measures the CPU)', { timeout: 60_000 }, async () => {
  const tiny = { ...TUTORIAL_MODEL, numWords: 400, maxLen: 24, embeddingDim: 8, units: 8 };
  const r = await c.call('setEngine', { engine: 'webgpu' });
  if (r.error) {
    // No WebGPU adapter on this machine: the choice is refused, and that is what the lab says.
    assert.match(r.error.message, /engine "webgpu" is unavailable here/);
    return;
  }
  assert.equal(await estimate(tiny), null);
  await c.call('setEngine', { engine: 'cpu' });
  let ms: number | null = null;
  for (let i = 0; i < 20 && ms === null; i++) ms = await estimate(tiny);
  assert.ok(ms !== null && ms > 0, 'the CPU engine is measured');
});
