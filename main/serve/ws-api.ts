// The contract over one WebSocket: each text message is a request; responses and events go back as
// JSON text. Oversized frames close the socket (1009), binary frames close it (1003), anything else
// malformed is answered with an error response and the socket stays open.
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES, MAX_RESPONSE_BYTES, parseRequest, type Response } from '../contract/protocol.js';
import { ERROR_CODES } from '../contract/index.js';
import type { ServiceEndpoint } from '../service/endpoint.js';

/** Calls one client may have in flight (a runaway client cannot queue unbounded work). */
const MAX_IN_FLIGHT = 64;
/** Beyond this much unsent data, per-batch events to that client are dropped (epoch/status events never are). */
const EVENT_BACKLOG_BYTES = 4 * 1024 * 1024;
const DROPPABLE = new Set(['batchMetrics', 'runProgress']);
/** Sockets that do not answer a ping within this interval are dropped (a laptop lid closed mid-run). */
const HEARTBEAT_MS = 30_000;

export function createApiSocketServer(endpoint: ServiceEndpoint): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  const unsubscribe = endpoint.onEvent((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const ws of wss.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (DROPPABLE.has(event) && ws.bufferedAmount > EVENT_BACKLOG_BYTES) continue;
      ws.send(text);
    }
  });
  const alive = new WeakSet<WebSocket>();
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  wss.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
  wss.on('connection', (ws: WebSocket) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    let inFlight = 0;
    const reply = (r: Response) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(r));
    };
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.close(1003, 'text frames only');
        return;
      }
      const parsed = parseRequest(data.toString());
      if (!parsed.ok) {
        reply(parsed.response);
        return;
      }
      const { id, method, params } = parsed;
      if (inFlight >= MAX_IN_FLIGHT) {
        reply({ id, error: { code: ERROR_CODES.unavailable, message: `too many calls in flight (limit ${MAX_IN_FLIGHT})` } });
        return;
      }
      inFlight++;
      void endpoint.call(method, params).then((r) => {
        inFlight--;
        const text = r.ok ? JSON.stringify({ id, result: r.result }) : null;
        if (text !== null && text.length > MAX_RESPONSE_BYTES) {
          reply({ id, error: { code: ERROR_CODES.tooLarge, message: 'result too large to send' } });
        } else if (text !== null) {
          if (ws.readyState === ws.OPEN) ws.send(text);
        } else if (!r.ok) {
          reply({ id, error: r.error });
        }
      });
    });
    ws.on('error', () => ws.terminate());
  });
  return wss;
}
