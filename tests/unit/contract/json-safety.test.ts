// The compile-time JSON check can fail: non-JSON payload types are rejected by the type checker
// (each @ts-expect-error below would itself be an error if the check let the type through).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IsJson, JsonOffenders } from '../../../main/contract/json.js';
import { toContractError } from '../../../main/service/errors.js';
import { UserError } from '../../../main/errors.js';

test('IsJson accepts plain JSON shapes and rejects dates, functions, typed arrays, undefined values', () => {
  const ok: IsJson<{ a: string; b?: number[]; c: { d: boolean | null } }> = true;
  // @ts-expect-error a Date is not JSON
  const date: IsJson<{ a: Date }> = true;
  // @ts-expect-error a function is not JSON
  const fn: IsJson<{ a?: { b: () => void } }> = true;
  // @ts-expect-error a Float32Array does not survive JSON
  const typed: IsJson<{ a: Float32Array }> = true;
  // @ts-expect-error a Map is not JSON
  const map: IsJson<{ a: Map<string, number> }> = true;
  const offenders: JsonOffenders<{ fine: { a: 1 }; bad: { b: bigint } }> = 'bad';
  assert.deepEqual([ok, date, fn, typed, map, offenders], [true, true, true, true, true, 'bad']);
});

test('errors become one-line {code, message}: UserError keeps its code, anything else is internal', () => {
  assert.deepEqual(toContractError(new UserError('unknown run "x"', 'not_found')), { code: 'not_found', message: 'unknown run "x"' });
  assert.deepEqual(toContractError(new TypeError('boom\n    at secret/path.js:1:1')), { code: 'internal', message: 'internal error: boom' });
  assert.deepEqual(toContractError('plain string'), { code: 'internal', message: 'internal error: plain string' });
});
