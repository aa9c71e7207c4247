// `recurrent-lab serve`: node:http serving the built renderer (strict CSP), the contract over one
// WebSocket at /api, and POST /api/upload for a dataset file dropped on the page (./upload.ts). Loopback-only
// without a token; any other bind address requires the random token.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { API_PATH } from '../contract/protocol.js';
import { UserError } from '../errors.js';
import type { ServiceEndpoint } from '../service/endpoint.js';
import { hostOk, isLoopbackHost, newToken, originOk, tokenOk, TOKEN_COOKIE } from './auth.js';
import { rendererCsp, securityHeaders } from './csp.js';
import { serveStatic } from './static.js';
import { createApiSocketServer } from './ws-api.js';
import { createUploadHandler, type UploadOptions } from './upload.js';
import { UPLOAD_PATH } from '../contract/upload.js';

export interface ServeOptions {
  endpoint: ServiceEndpoint;
  host?: string;
  /** 0 = a free port. */
  port?: number;
  /** Folder of the built renderer (default: dist/renderer next to this build). */
  rendererDir?: string;
  /** Force a token even on loopback (a non-loopback host always gets one). */
  requireToken?: boolean;
  /** Extra browser origins allowed to open the WebSocket (e.g. a Vite dev server). */
  allowedOrigins?: string[];
  /** POST /api/upload imports an uploaded dataset file through this; absent: there is no upload route (a POST gets 405). */
  upload?: UploadOptions;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  token: string | null;
  close(): Promise<void>;
}

export function defaultRendererDir(): string {
  // dist/main/serve/server.js → dist/renderer
  return fileURLToPath(new URL('../../renderer/', import.meta.url));
}

function deny(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length + 1}\r\n\r\n${text}\n`);
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);
  const token = !loopback || opts.requireToken ? newToken() : null;
  const rendererDir = opts.rendererDir ?? defaultRendererDir();
  const allowed = opts.allowedOrigins ?? [];
  const wss = createApiSocketServer(opts.endpoint);
  const upload = opts.upload ? createUploadHandler(opts.upload, allowed) : null;

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const wsHost = /^[A-Za-z0-9.:[\]-]+$/.test(req.headers.host ?? '') ? [`ws://${req.headers.host}`] : [];
    const headers = securityHeaders(rendererCsp(wsHost));
    if (!hostOk(loopback, req)) {
      res.writeHead(421, { ...headers, 'content-type': 'text/plain' }).end('misdirected request\n');
      return;
    }
    if (!tokenOk(token, req, url)) {
      res.writeHead(401, { ...headers, 'content-type': 'text/plain' }).end('missing or wrong token: open the URL printed by `recurrent-lab serve`\n');
      return;
    }
    if (url.pathname === UPLOAD_PATH && upload !== null) {
      await upload(req, res, headers);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    if (url.pathname === API_PATH) {
      res.writeHead(426, { ...headers, 'content-type': 'text/plain' }).end('WebSocket only\n');
      return;
    }
    // the page's own asset requests carry no ?token=: remember it in a same-site cookie
    if (token !== null) headers['set-cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    await serveStatic(rendererDir, url.pathname, req.method === 'HEAD', res, headers);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== API_PATH) return deny(socket, 404, 'Not Found');
    if (!hostOk(loopback, req)) return deny(socket, 421, 'Misdirected Request');
    if (!originOk(req, allowed)) return deny(socket, 403, 'Forbidden');
    if (!tokenOk(token, req, url)) return deny(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  server.on('clientError', (_e, socket) => socket.destroy());

  await new Promise<void>((ok, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      fail(e.code === 'EADDRINUSE' ? new UserError(`port ${opts.port ?? 0} is already in use on ${host}`) : e));
    server.listen(opts.port ?? 0, host, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}/${token !== null ? `?token=${token}` : ''}`;
  return {
    url,
    host,
    port,
    token,
    close: () =>
      new Promise<void>((done) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
