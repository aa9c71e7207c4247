// Every contract call and event: a valid payload passes, each malformed one is rejected, results
// round-trip through JSON unchanged (the payloads are plain JSON), and no call lacks a case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calls, events, CALL_NAMES, EVENT_NAMES, subscriberName } from '../../../main/contract/index.js';
import { callCases, eventCases } from './fixtures.js';

test('every call and event has test cases', () => {
  assert.deepEqual(Object.keys(callCases).sort(), [...CALL_NAMES].sort());
  assert.deepEqual(Object.keys(eventCases).sort(), [...EVENT_NAMES].sort());
});

for (const name of CALL_NAMES) {
  test(`call ${name}: valid params pass, malformed params are rejected, result is JSON-safe`, () => {
    const c = callCases[name];
    const schema = calls[name];
    const ok = schema.params.safeParse(c.valid);
    assert.ok(ok.success, `${name} valid params rejected: ${ok.success ? '' : ok.error.message}`);
    assert.ok(c.invalid.length > 0);
    for (const bad of c.invalid) {
      assert.equal(schema.params.safeParse(bad).success, false, `${name} accepted ${JSON.stringify(bad)?.slice(0, 120)}`);
    }
    // unknown keys are refused on every call
    if (typeof c.valid === 'object' && c.valid !== null) {
      assert.equal(schema.params.safeParse({ ...c.valid, __proto_pollution: 1 }).success, false, `${name} accepted an unknown key`);
    }
    const r = schema.result.safeParse(c.result);
    assert.ok(r.success, `${name} valid result rejected: ${r.success ? '' : r.error.message}`);
    assert.deepEqual(JSON.parse(JSON.stringify(r.data)), r.data);
    assert.deepEqual(structuredClone(r.data), r.data);
    assert.equal(schema.result.safeParse({ unexpected: true }).success, false, `${name} result schema accepts anything`);
  });
}

for (const name of EVENT_NAMES) {
  test(`event ${name}: valid payload passes, malformed is rejected`, () => {
    const c = eventCases[name];
    const ok = events[name].safeParse(c.valid);
    assert.ok(ok.success, ok.success ? '' : ok.error.message);
    assert.deepEqual(JSON.parse(JSON.stringify(ok.data)), ok.data);
    for (const bad of c.invalid) assert.equal(events[name].safeParse(bad).success, false, `${name} accepted ${JSON.stringify(bad)}`);
  });
}

test('defaults are filled in on the receiving side', () => {
  const p = calls.listRuns.params.parse({});
  assert.deepEqual(p, { sortBy: 'createdAt', sortDir: 'desc', limit: 200, offset: 0 });
  const s = calls.startRuns.params.parse(callCases.startRuns.valid);
  assert.deepEqual(s.tags, []);
  assert.equal(s.notes, '');
  assert.equal(calls.startRuns.params.parse({ model: s.model, train: s.train }).group.kind, 'single');
  assert.equal(calls.predict.params.parse({ text: ' good ', runIds: ['r1'] }).occlusion, true);
});

test('subscriber names are on + capitalised event', () => {
  assert.equal(subscriberName('runProgress'), 'onRunProgress');
  assert.equal(subscriberName('queueChanged'), 'onQueueChanged');
});
