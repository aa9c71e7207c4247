// The serve-mode wire protocol: the contract over ONE WebSocket at /api (text frames, JSON).
//   client → server  request   {"id": 1, "method": "listRuns", "params": {…}}      (params may be omitted = {})
//   server → client  response  {"id": 1, "result": {…}}  or  {"id": 1, "error": {"code", "message"}}
//   server → client  event     {"event": "runProgress", "payload": {…}}
// Ids are chosen by the client (integers ≥ 0 or short strings) and echoed; responses may come out of order.
// Limits: a client message ≤ MAX_MESSAGE_BYTES (bigger closes the socket, code 1009); a server message
// ≤ MAX_RESPONSE_BYTES (big metric series may exceed 1 MiB); malformed JSON, a bad envelope or an unknown method is answered
// with an error response (id null when none could be read); binary frames close the socket (1003).
// Auth: a non-loopback server requires ?token=… on the WebSocket URL (or header x-recurrent-lab-token).
// Files (a dataset dropped on the page) do not travel here: they go to POST /api/upload (upload.ts).
import { z } from 'zod';
import { calls, events, type CallName, type EventName, type EventPayload } from './index.js';
import { contractErrorSchema, ERROR_CODES, type ContractError } from './common.js';

export const API_PATH = '/api';
export const TOKEN_QUERY = 'token';
export const TOKEN_HEADER = 'x-recurrent-lab-token';
/** Largest message either side sends or accepts (1 MiB). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Largest message the server sends (results of big queries); clients should accept this much. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export const requestIdSchema = z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().min(1).max(64)]);
export type RequestId = z.infer<typeof requestIdSchema>;

export const requestSchema = z.strictObject({
  id: requestIdSchema,
  method: z.string().min(1).max(64),
  params: z.unknown().optional(),
});

export const responseSchema = z.union([
  z.strictObject({ id: requestIdSchema, result: z.unknown() }),
  z.strictObject({ id: requestIdSchema.nullable(), error: contractErrorSchema }),
]);
export type Response = { id: RequestId; result: unknown } | { id: RequestId | null; error: ContractError };

export const eventMessageSchema = z.strictObject({ event: z.string().min(1).max(64), payload: z.unknown() });
export type EventMessage<E extends EventName = EventName> = { event: E; payload: EventPayload<E> };

export function isCallName(m: string): m is CallName {
  return Object.prototype.hasOwnProperty.call(calls, m);
}
export function isEventName(e: string): e is EventName {
  return Object.prototype.hasOwnProperty.call(events, e);
}

/** Byte length of a string as UTF-8 (without TextEncoder allocations for ASCII-heavy text). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export type ParsedRequest =
  | { ok: true; id: RequestId; method: CallName; params: unknown }
  | { ok: false; response: Response };

function fail(id: RequestId | null, code: string, message: string): { ok: false; response: Response } {
  return { ok: false, response: { id, error: { code, message } } };
}

/**
 * Reads one incoming text message into a request for a known method (params NOT yet validated:
 * the receiver validates them with calls[method].params). Anything else becomes an error response.
 */
export function parseRequest(text: string): ParsedRequest {
  if (utf8Length(text) > MAX_MESSAGE_BYTES) {
    return fail(null, ERROR_CODES.tooLarge, `message too large (limit ${MAX_MESSAGE_BYTES} bytes)`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail(null, ERROR_CODES.malformed, 'message is not valid JSON');
  }
  const env = requestSchema.safeParse(raw);
  if (!env.success) {
    const id = requestIdSchema.safeParse((raw as { id?: unknown } | null)?.id);
    const issue = env.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return fail(id.success ? id.data : null, ERROR_CODES.malformed, `malformed request: ${where}${issue?.message ?? 'bad envelope'}`);
  }
  const { id, method, params } = env.data;
  if (!isCallName(method)) return fail(id, ERROR_CODES.unknownMethod, `unknown method "${method}"`);
  return { ok: true, id, method, params: params ?? {} };
}

/** Reads one server → client message (the browser client uses this). */
export function parseServerMessage(text: string): { kind: 'response'; message: Response } | { kind: 'event'; message: EventMessage } | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const ev = eventMessageSchema.safeParse(raw);
  if (ev.success) {
    if (!isEventName(ev.data.event)) return null;
    const payload = events[ev.data.event].safeParse(ev.data.payload);
    return payload.success ? { kind: 'event', message: { event: ev.data.event, payload: payload.data } as EventMessage } : null;
  }
  const r = responseSchema.safeParse(raw);
  return r.success ? { kind: 'response', message: r.data as Response } : null;
}
