// Serves the built renderer (dist/renderer) read-only: no directory listings, no path escapes,
// unknown paths without an extension fall back to index.html (client-side routes).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { ServerResponse } from 'node:http';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Resolves a URL path inside root; null when it would escape root or is not a plain path. */
export function safeJoin(root: string, urlPath: string): string | null {
  let p: string;
  try {
    p = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (p.includes('\0') || p.includes('\\')) return null;
  const full = resolve(join(root, p));
  const base = resolve(root);
  return full === base || full.startsWith(base + sep) ? full : null;
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** Writes the file for urlPath (GET/HEAD) with the given headers; returns the status sent. */
export async function serveStatic(root: string, urlPath: string, head: boolean, res: ServerResponse, headers: Record<string, string>): Promise<number> {
  const send = (status: number, type: string, body: string): number => {
    res.writeHead(status, { ...headers, 'content-type': type });
    res.end(head ? undefined : body);
    return status;
  };
  let file = safeJoin(root, urlPath === '/' ? '/index.html' : urlPath);
  if (file === null) return send(400, 'text/plain; charset=utf-8', 'bad path\n');
  if (!(await isFile(file))) {
    if (extname(urlPath) !== '') return send(404, 'text/plain; charset=utf-8', 'not found\n');
    file = join(root, 'index.html');
    if (!(await isFile(file))) {
      return send(503, 'text/html; charset=utf-8',
        '<!doctype html><meta charset="utf-8"><title>Recurrent Lab</title><p>The user interface is not built yet: run <code>npm run build</code>, then restart <code>recurrent-lab serve</code>.</p>\n');
    }
  }
  res.writeHead(200, { ...headers, 'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream' });
  if (head) {
    res.end();
    return 200;
  }
  await new Promise<void>((done) => {
    const s = createReadStream(file);
    s.on('error', () => {
      res.destroy();
      done();
    });
    s.on('end', () => done());
    s.pipe(res);
  });
  return 200;
}
