// A small test client for the serve protocol over a real `ws` WebSocket: call(), recorded events, waitFor().
import WebSocket from 'ws';
import type { IncomingMessage } from 'node:http';
import type { CallName, CallParams, EventMessageAny } from './client-types.js';

export interface Reply {
  id: number | string | null;
  result?: unknown;
  error?: { code: string; message: string };
}

export class TestClient {
  readonly events: EventMessageAny[] = [];
  readonly errorsWithoutId: Reply[] = [];
  #next = 1;
  readonly #pending = new Map<number, (r: Reply) => void>();
  #waiters: { pred: (e: EventMessageAny) => boolean; resolve: (e: EventMessageAny) => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as Reply & Partial<EventMessageAny>;
      if (typeof m.event === 'string') {
        const e = m as EventMessageAny;
        this.events.push(e);
        this.#waiters = this.#waiters.filter((w) => (w.pred(e) ? (w.resolve(e), false) : true));
      } else if (typeof m.id === 'number' && this.#pending.has(m.id)) {
        this.#pending.get(m.id)?.(m);
        this.#pending.delete(m.id);
      } else this.errorsWithoutId.push(m);
    });
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      ws.once('open', () => resolve(new TestClient(ws)));
      ws.once('unexpected-response', (_req, res: IncomingMessage) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Sends raw text and resolves with the next reply that has no matching pending call. */
  sendRaw(text: string | Buffer): void {
    this.ws.send(text);
  }

  call<M extends CallName>(method: M, params: CallParams<M>): Promise<Reply>;
  call(method: string, params: unknown): Promise<Reply>;
  call(method: string, params: unknown): Promise<Reply> {
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Resolves with the first event (already received or coming) that matches. */
  waitFor(pred: (e: EventMessageAny) => boolean, timeoutMs: number, what: string): Promise<EventMessageAny> {
    const seen = this.events.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      this.#waiters.push({ pred, resolve: (e) => (clearTimeout(t), resolve(e)) });
    });
  }

  closed(): Promise<{ code: number; reason: string }> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) resolve({ code: 1006, reason: '' });
      this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
  }

  close(): void {
    this.ws.close();
  }
}
