// The ONE way the UI reaches the app: window.recurrentLab (Electron preload) when present, else the
// serve mode's WebSocket at /api on the serving host (with ?token=… from the page URL, if any).
// Exposes `api` — one typed function per contract call — and `on(event, cb)` subscriptions; `desktop` (the
// native dialogs, a dropped file by its path) in the app, `upload` (POST /api/upload) in a browser.
import { CALL_NAMES, EVENT_NAMES, subscriberName } from '../../main/contract/index.js';
import type { CallName, CallParams, CallResult, DataStatus, DesktopApi, DesktopReply, EventName, EventPayload, LabClient, PreloadApi } from '../../main/contract/index.js';
import { API_PATH, TOKEN_HEADER, TOKEN_QUERY, parseServerMessage } from '../../main/contract/protocol.js';
import { UPLOAD_NAME_HEADER, UPLOAD_PATH, uploadReplySchema } from '../../main/contract/upload.js';

/** A failed call: the contract's {code, message}; message is meant for the user. */
export class ApiError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export type ConnectionState = 'connecting' | 'open' | 'closed';
type Listener = (payload: never) => void;

declare global {
  interface Window {
    recurrentLab?: PreloadApi;
  }
}

const listeners = new Map<EventName, Set<Listener>>();
const connectionListeners = new Set<(s: ConnectionState) => void>();
let connection: ConnectionState = 'connecting';

function emit(event: EventName, payload: unknown): void {
  for (const cb of listeners.get(event) ?? []) (cb as (p: unknown) => void)(payload);
}
function setConnection(s: ConnectionState): void {
  connection = s;
  for (const cb of connectionListeners) cb(s);
}

type Caller = <M extends CallName>(method: M, params: CallParams<M>) => Promise<CallResult<M>>;

/** Electron: the preload's own methods; replies carry {ok, result | error}. */
function viaPreload(p: PreloadApi): Caller {
  for (const e of EVENT_NAMES) {
    const sub = p[subscriberName(e)] as (cb: (payload: unknown) => void) => () => void;
    sub((payload) => emit(e, payload));
  }
  setConnection('open');
  return async (method, params) => {
    const fn = p[method] as (params: unknown) => Promise<{ ok: true; result: unknown } | { ok: false; error: { code: string; message: string } }>;
    const reply = await fn(params);
    if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message);
    return reply.result as CallResult<typeof method>;
  };
}

/** Serve mode: one WebSocket, request ids, reconnect with back-off (pending calls fail on a drop). */
function viaWebSocket(): Caller {
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let delay = 250;
  const token = new URLSearchParams(location.search).get(TOKEN_QUERY);
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${API_PATH}${token ? `?${TOKEN_QUERY}=${encodeURIComponent(token)}` : ''}`;

  function open(): Promise<WebSocket> {
    if (opened) return opened;
    setConnection('connecting');
    opened = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => {
        socket = ws;
        delay = 250;
        setConnection('open');
        resolve(ws);
      };
      ws.onmessage = (m: MessageEvent<unknown>) => {
        if (typeof m.data !== 'string') return;
        const msg = parseServerMessage(m.data);
        if (!msg) return;
        if (msg.kind === 'event') {
          emit(msg.message.event, msg.message.payload);
          return;
        }
        const r = msg.message;
        if (typeof r.id !== 'number') return;
        const p = pending.get(r.id);
        if (!p) return;
        pending.delete(r.id);
        if ('error' in r) p.reject(new ApiError(r.error.code, r.error.message));
        else p.resolve(r.result);
      };
      ws.onclose = () => {
        const wasOpen = socket === ws;
        socket = null;
        opened = null;
        for (const p of pending.values()) p.reject(new ApiError('unavailable', 'lost the connection to the lab — retrying'));
        pending.clear();
        setConnection('closed');
        if (!wasOpen) reject(new ApiError('unavailable', 'cannot reach the lab server — is `recurrent-lab serve` running?'));
        setTimeout(() => void open().catch(() => undefined), delay);
        delay = Math.min(delay * 2, 5000);
      };
    });
    return opened;
  }
  void open().catch(() => undefined);

  return async (method, params) => {
    const ws = socket ?? (await open());
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  };
}

const call: Caller = typeof window !== 'undefined' && window.recurrentLab ? viaPreload(window.recurrentLab) : viaWebSocket();

/** One typed function per contract call, e.g. `await api.listRuns({})`. */
export const api: LabClient = Object.fromEntries(
  CALL_NAMES.map((m) => [m, (params: CallParams<typeof m>) => call(m, params)]),
) as LabClient;

/** The desktop app's native-dialog flows; a cancelled dialog gives null. Failures throw ApiError like `api`. */
export interface DesktopClient {
  importWithDialog(folder: boolean): Promise<DataStatus | null>;
  importDroppedFile(file: File): Promise<DataStatus>;
  exportModelToFolder(runId: string, format?: 'tfjs' | 'onnx'): Promise<CallResult<'exportModel'> | null>;
  setThemeSource(source: 'system' | 'light' | 'dark'): Promise<unknown>;
}

async function unwrap<T>(reply: Promise<DesktopReply<T>>): Promise<T> {
  const r = await reply;
  if (!r.ok) throw new ApiError(r.error.code, r.error.message);
  return r.result;
}

function desktopClient(d: DesktopApi): DesktopClient {
  return {
    importWithDialog: (folder) => unwrap(d.importWithDialog({ folder })),
    importDroppedFile: (file) => unwrap(d.importDroppedFile(file)),
    exportModelToFolder: (runId, format = 'tfjs') => unwrap(d.exportModelToFolder({ runId, format })),
    setThemeSource: (source) => unwrap(d.setThemeSource({ source })),
  };
}

/** Only in the desktop app (null in a browser, which uploads a dropped file instead: `upload`). */
export const desktop: DesktopClient | null = typeof window !== 'undefined' && window.recurrentLab?.desktop ? desktopClient(window.recurrentLab.desktop) : null;

/**
 * Serve mode: sends a dataset file to the lab (POST /api/upload, main/contract/upload.ts), reporting the
 * bytes sent; resolves with the data status once the lab has imported it. XMLHttpRequest, not fetch: only
 * it reports upload progress. The token goes as the page's cookie, or from the page URL as a header.
 */
function uploadFile(file: File, onProgress: (sent: number, total: number) => void): Promise<DataStatus> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', UPLOAD_PATH);
    const token = new URLSearchParams(location.search).get(TOKEN_QUERY);
    if (token) xhr.setRequestHeader(TOKEN_HEADER, token);
    xhr.setRequestHeader(UPLOAD_NAME_HEADER, encodeURIComponent(file.name));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiError('unavailable', `the upload of ${file.name} failed: the connection to the lab was lost or refused`));
    xhr.onload = () => {
      let reply: unknown = null;
      try {
        reply = JSON.parse(xhr.responseText);
      } catch {
        /* a plain-text refusal (401, 421) */
      }
      const r = uploadReplySchema.safeParse(reply);
      if (!r.success) reject(new ApiError('unavailable', `the lab refused the upload (HTTP ${xhr.status}): ${xhr.responseText.trim().slice(0, 300)}`));
      else if (!r.data.ok) reject(new ApiError(r.data.error.code, r.data.error.message));
      else resolve(r.data.result);
    };
    xhr.send(file);
  });
}

/** Only in a browser (serve mode): the desktop app imports a dropped file by its path (`desktop`). */
export const upload: typeof uploadFile | null = desktop ? null : uploadFile;

/** Subscribe to a contract event; returns the unsubscribe function. */
export function on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void {
  let set = listeners.get(event);
  if (!set) listeners.set(event, (set = new Set()));
  set.add(cb as Listener);
  return () => set.delete(cb as Listener);
}

/** Connection state changes (reconnects trigger a state refresh in the app). */
export function onConnection(cb: (s: ConnectionState) => void): () => void {
  connectionListeners.add(cb);
  cb(connection);
  return () => connectionListeners.delete(cb);
}

/** A user-facing message for anything a call threw. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
