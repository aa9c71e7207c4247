// What a transport needs from the core: call a method by name (validating params, never throwing) and
// subscribe to every event. The in-process service is one; electron/'s utility-process proxy is another.
import type { CallName, EventName, EventPayload, LabApi } from '../contract/index.js';
import { dispatchCall, type AnyReply } from './dispatch.js';

export type EventListener = (event: EventName, payload: EventPayload<EventName>) => void;

export interface ServiceEndpoint {
  call(method: CallName | string, params: unknown): Promise<AnyReply>;
  onEvent(listener: EventListener): () => void;
}

/** An endpoint over an in-process LabApi and its event source. */
export function localEndpoint(api: LabApi, onEvent: (l: EventListener) => () => void): ServiceEndpoint {
  return { call: (method, params) => dispatchCall(api, method, params), onEvent };
}
