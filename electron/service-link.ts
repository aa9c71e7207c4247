// The contract between the Electron main process and the training utility process: the serve-mode
// envelopes ({id, method, params} / {id, result|error} / {event, payload}) over a message port, plus the
// desktop shell's own calls ({id, shell, params}: paths picked in native dialogs), which only main sends.
// linkEndpoint() is main's side (a ServiceEndpoint that forwards), hostEndpoint() the child's.
import { ERROR_CODES, type EventName, type EventPayload } from '../main/contract/index.js';
import type { DesktopReply, ShellCallName } from '../main/contract/desktop.js';
import { isCallName, isEventName } from '../main/contract/protocol.js';
import type { AnyReply } from '../main/service/dispatch.js';
import type { EventListener, ServiceEndpoint } from '../main/service/endpoint.js';
import type { ShellEndpoint } from '../main/service/shell-calls.js';

/** Anything that can post and receive structured-clone messages (utilityProcess, parentPort, MessagePort). */
export interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', cb: (message: unknown) => void): unknown;
}

type LinkRequest = { id: number; method: string; params: unknown };
type LinkShellRequest = { id: number; shell: string; params: unknown };
type LinkReply = { id: number; reply: AnyReply | DesktopReply<unknown> };
type LinkEvent = { event: EventName; payload: EventPayload<EventName> };

/** Electron's parentPort delivers {data}; utilityProcess and node ports deliver the message itself. */
function unwrap(m: unknown): unknown {
  if (m !== null && typeof m === 'object' && 'data' in m && !('id' in m) && !('event' in m) && !('control' in m)) return (m as { data: unknown }).data;
  return m;
}

export interface LinkedEndpoint extends ServiceEndpoint {
  /** A desktop shell call (main/contract/desktop.ts shellCalls): only main's own dialog flows use it. */
  callShell(method: ShellCallName, params: unknown): Promise<DesktopReply<unknown>>;
  /** Fails every pending call (the child exited). */
  fail(message: string): void;
}

export function linkEndpoint(port: PortLike): LinkedEndpoint {
  let next = 1;
  const pending = new Map<number, (r: AnyReply | DesktopReply<unknown>) => void>();
  const listeners = new Set<EventListener>();
  let dead: string | null = null;
  port.on('message', (raw) => {
    const m = unwrap(raw) as Partial<LinkReply & LinkEvent> | null;
    if (!m || typeof m !== 'object') return;
    if (typeof m.id === 'number' && m.reply) {
      pending.get(m.id)?.(m.reply);
      pending.delete(m.id);
    } else if (typeof m.event === 'string' && isEventName(m.event)) {
      for (const l of [...listeners]) l(m.event, m.payload as EventPayload<EventName>);
    }
  });
  const send = <R>(message: (id: number) => LinkRequest | LinkShellRequest): Promise<R> => {
    if (dead !== null) return Promise.resolve({ ok: false, error: { code: ERROR_CODES.unavailable, message: dead } } as R);
    const id = next++;
    return new Promise<R>((resolve) => {
      pending.set(id, resolve as (r: AnyReply | DesktopReply<unknown>) => void);
      port.postMessage(message(id));
    });
  };
  return {
    call: (method, params) => send<AnyReply>((id) => ({ id, method, params })),
    callShell: (method, params) => send<DesktopReply<unknown>>((id) => ({ id, shell: method, params })),
    onEvent(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    fail(message) {
      dead = message;
      for (const resolve of pending.values()) resolve({ ok: false, error: { code: ERROR_CODES.unavailable, message } });
      pending.clear();
    },
  };
}

/** Main asks the child to stop (cancel runs, close the store) before the app quits. */
export const SHUTDOWN_MESSAGE = { control: 'shutdown' } as const;

/**
 * The child's side: answers requests from the port with `endpoint` (and shell calls with `shell`; without
 * one they are refused), forwards every event.
 */
export function hostEndpoint(endpoint: ServiceEndpoint, port: PortLike, onShutdown?: () => void, shell?: ShellEndpoint): () => void {
  const off = endpoint.onEvent((event, payload) => port.postMessage({ event, payload } satisfies LinkEvent));
  port.on('message', (raw) => {
    const m = unwrap(raw) as (Partial<LinkRequest & LinkShellRequest> & { control?: unknown }) | null;
    if (m && typeof m === 'object' && m.control === SHUTDOWN_MESSAGE.control) {
      onShutdown?.();
      return;
    }
    if (m && typeof m === 'object' && typeof m.id === 'number' && typeof m.shell === 'string') {
      const id = m.id;
      const reply = shell
        ? shell.call(m.shell, m.params)
        : Promise.resolve<DesktopReply<unknown>>({ ok: false, error: { code: ERROR_CODES.unknownMethod, message: `unknown method "${m.shell}"` } });
      void reply.then((r) => port.postMessage({ id, reply: r } satisfies LinkReply));
      return;
    }
    if (!m || typeof m !== 'object' || typeof m.id !== 'number' || typeof m.method !== 'string') return;
    const id = m.id;
    const reply = isCallName(m.method)
      ? endpoint.call(m.method, m.params)
      : Promise.resolve<AnyReply>({ ok: false, error: { code: ERROR_CODES.unknownMethod, message: `unknown method "${m.method}"` } });
    void reply.then((r) => port.postMessage({ id, reply: r } satisfies LinkReply));
  });
  return off;
}
