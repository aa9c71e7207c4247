// The IPC handler table: one handler per contract call. Each checks that the sender frame is our own
// renderer (app://renderer, top frame) and validates the payload with the contract schema before the
// call is routed to the service. Plain functions of (endpoint) — tested under Node without Electron.
import { calls, CALL_NAMES, ERROR_CODES, type CallName } from '../main/contract/index.js';
import type { AnyReply } from '../main/service/dispatch.js';
import type { ServiceEndpoint } from '../main/service/endpoint.js';
import { toContractError } from '../main/service/errors.js';
import { validate } from '../main/model/validate.js';
import { callChannel } from './channels.js';
import { isAppUrl } from './app-url.js';

/** The parts of Electron's IpcMainInvokeEvent the checks read. */
export interface SenderInfo {
  senderFrame: { url: string; parent: unknown } | null;
}

export type IpcHandler = (event: SenderInfo, params: unknown) => Promise<AnyReply>;

export function senderAllowed(e: SenderInfo): boolean {
  const f = e.senderFrame;
  // only our own top-level page; never an iframe or a page navigated elsewhere
  return f !== null && f.parent === null && isAppUrl(f.url);
}

export function createIpcHandlers(endpoint: ServiceEndpoint): Map<string, IpcHandler> {
  const table = new Map<string, IpcHandler>();
  for (const method of CALL_NAMES) table.set(callChannel(method), handlerFor(endpoint, method));
  return table;
}

function handlerFor(endpoint: ServiceEndpoint, method: CallName): IpcHandler {
  return async (event, params) => {
    if (!senderAllowed(event)) {
      return { ok: false, error: { code: ERROR_CODES.unauthorized, message: 'calls are accepted only from the app window' } };
    }
    try {
      validate(calls[method].params as unknown as Parameters<typeof validate>[0], params ?? {}, `${method} params`);
    } catch (e) {
      return { ok: false, error: toContractError(e) };
    }
    return endpoint.call(method, params ?? {});
  };
}
