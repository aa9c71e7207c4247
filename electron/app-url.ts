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

/**
 * The only hosts whose pages open in the OS browser: the documentation the app points to (Keras and
 * TensorFlow.js APIs and formats, the IMDB data set's page, Electron's docs). Exact names, https only.
 */
export const DOCUMENTATION_HOSTS: readonly string[] = Object.freeze([
  'keras.io',
  'www.tensorflow.org',
  'js.tensorflow.org',
  'ai.stanford.edu',
  'www.electronjs.org',
]);

/** True for an https link to a documentation host (no credentials, no port): it may open in the OS browser. */
export function isDocumentationUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.username === '' && u.password === '' && u.port === '' && DOCUMENTATION_HOSTS.includes(u.hostname);
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
