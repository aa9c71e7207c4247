// The serve-mode wire protocol: request parsing, limits, unknown methods, server-message parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequest, parseServerMessage, utf8Length, MAX_MESSAGE_BYTES } from '../../../main/contract/protocol.js';

test('a well-formed request for a known method parses (params default to {})', () => {
  const r = parseRequest(JSON.stringify({ id: 7, method: 'appInfo' }));
  assert.deepEqual(r, { ok: true, id: 7, method: 'appInfo', params: {} });
  const s = parseRequest(JSON.stringify({ id: 'a1', method: 'getRun', params: { runId: 'x' } }));
  assert.equal(s.ok && s.method, 'getRun');
});

test('malformed messages become error responses naming the problem', () => {
  const cases: [string, string, unknown][] = [
    ['{not json', 'malformed', null],
    ['[]', 'malformed', null],
    ['null', 'malformed', null],
    [JSON.stringify({ method: 'appInfo' }), 'malformed', null],
    [JSON.stringify({ id: -1, method: 'appInfo' }), 'malformed', null],
    [JSON.stringify({ id: 3, method: 42 }), 'malformed', 3],
    [JSON.stringify({ id: 4, method: 'appInfo', extra: true }), 'malformed', 4],
    [JSON.stringify({ id: 5, method: 'rmRf' }), 'unknown_method', 5],
    [JSON.stringify({ id: 6, method: '__proto__' }), 'unknown_method', 6],
    [JSON.stringify({ id: 8, method: 'toString' }), 'unknown_method', 8],
  ];
  for (const [text, code, id] of cases) {
    const r = parseRequest(text);
    assert.equal(r.ok, false, text);
    if (!r.ok) {
      assert.ok('error' in r.response);
      if ('error' in r.response) {
        assert.equal(r.response.error.code, code, text);
        assert.ok(r.response.error.message.length > 0);
      }
      assert.equal(r.response.id, id, text);
    }
  }
});

test('messages over the size limit are refused before parsing', () => {
  const big = JSON.stringify({ id: 1, method: 'predict', params: { text: 'é'.repeat(MAX_MESSAGE_BYTES / 2), runIds: ['a'] } });
  assert.ok(big.length < MAX_MESSAGE_BYTES && utf8Length(big) > MAX_MESSAGE_BYTES);
  const r = parseRequest(big);
  assert.equal(!r.ok && 'error' in r.response && r.response.error.code, 'too_large');
});

test('utf8Length counts bytes as UTF-8', () => {
  for (const s of ['', 'abc', 'é', '€', '😀', 'a😀é€']) assert.equal(utf8Length(s), Buffer.byteLength(s, 'utf8'), s);
});

test('server messages: responses, valid events; invalid events and junk are dropped', () => {
  assert.deepEqual(parseServerMessage('{"id":1,"result":{"a":1}}'), { kind: 'response', message: { id: 1, result: { a: 1 } } });
  assert.equal(parseServerMessage('{"id":null,"error":{"code":"malformed","message":"x"}}')?.kind, 'response');
  const ev = { event: 'runStatus', payload: { runId: 'r1', status: 'running', error: null } };
  assert.deepEqual(parseServerMessage(JSON.stringify(ev)), { kind: 'event', message: ev });
  assert.equal(parseServerMessage(JSON.stringify({ event: 'runStatus', payload: { runId: 'r1' } })), null);
  assert.equal(parseServerMessage(JSON.stringify({ event: 'nope', payload: {} })), null);
  assert.equal(parseServerMessage('garbage'), null);
});
