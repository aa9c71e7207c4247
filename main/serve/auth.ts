// Who may talk to the serve-mode server: loopback-only by default; any other bind address needs the
// random token printed at start. Also the Host/Origin checks that stop DNS-rebinding and cross-site pages.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_HEADER, TOKEN_QUERY } from '../contract/protocol.js';

export const TOKEN_COOKIE = 'rl_token';

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

/** The token a request carries: ?token=…, the x-recurrent-lab-token header, or the cookie set on first visit. */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const q = url.searchParams.get(TOKEN_QUERY);
  if (q) return q;
  const h = req.headers[TOKEN_HEADER];
  if (typeof h === 'string' && h) return h;
  return cookie(req, TOKEN_COOKIE);
}

export function tokenOk(expected: string | null, req: IncomingMessage, url: URL): boolean {
  if (expected === null) return true;
  const got = requestToken(req, url);
  return got !== null && sameSecret(got, expected);
}

/**
 * A loopback server only answers requests addressed to a loopback name (stops DNS rebinding:
 * evil.example resolving to 127.0.0.1 still sends Host: evil.example).
 */
export function hostOk(loopbackOnly: boolean, req: IncomingMessage): boolean {
  if (!loopbackOnly) return true;
  const host = req.headers.host;
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
  return isLoopbackHost(name);
}

/** A browser's WebSocket must come from our own page (same origin) or an explicitly allowed one. */
export function originOk(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser (CLI clients, tests); the token still applies
  const host = req.headers.host;
  if (host && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  return allowed.includes(origin);
}
