// Where the renderer is loaded from (a privileged app:// scheme serving dist/renderer, so 'self' in
// the CSP means our files only) and which URLs may be navigated to or opened outside.

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** True for a URL of our own renderer (the only frames allowed to call the contract). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** External links go to the OS browser — http(s) only (never file:, javascript:, custom schemes). */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** Maps an app:// request path to a file path relative to the renderer folder; null if it escapes. */
export function appPathToRelative(url: string): string | null {
  if (!isAppUrl(url)) return null;
  let p: string;
  try {
    p = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (p === '/' || p === '') p = '/index.html';
  if (p.includes('\0') || p.includes('\\') || p.split('/').some((seg) => seg === '..')) return null;
  return p.slice(1);
}
