// The receiving side of every transport: validate params with the contract's schema, call the
// service, turn failures into {code, message}. WebSocket, Electron IPC and the utility-process host all use it.
import { calls, ERROR_CODES, type CallName, type CallReply, type LabApi } from '../contract/index.js';
import { isCallName } from '../contract/protocol.js';
import { validate } from '../model/validate.js';
import { toContractError } from './errors.js';

export type AnyReply = CallReply<CallName>;

/** Validates `params` for `method` and runs it on `api`; never throws. */
export async function dispatchCall(api: LabApi, method: string, params: unknown): Promise<AnyReply> {
  if (!isCallName(method)) {
    return { ok: false, error: { code: ERROR_CODES.unknownMethod, message: `unknown method "${method}"` } };
  }
  try {
    const schema = calls[method].params as unknown as Parameters<typeof validate>[0];
    const parsed = validate(schema, params ?? {}, `${method} params`);
    const fn = api[method] as (p: unknown) => Promise<unknown>;
    const result = await fn.call(api, parsed);
    return { ok: true, result } as AnyReply;
  } catch (e) {
    return { ok: false, error: toContractError(e) };
  }
}
