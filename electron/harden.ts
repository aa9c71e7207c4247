// The desktop app's runtime guards, as functions of the Electron objects they configure (tests drive them
// under Node with stand-ins): the session denies every permission request, permission check and device
// access; every web contents stays on app://renderer — navigations of any frame (will-navigate and
// will-frame-navigate), redirects, webviews and new windows are refused — and only documentation links on
// an allowlist of https hosts open in the OS browser.
import type { App, Session, Shell, WebContents } from 'electron';
import { isAppUrl, isDocumentationUrl } from './app-url.js';

/** Opens `url` in the OS browser when it is an allowed documentation link; anything else is dropped. */
export function openDocumentation(shell: Pick<Shell, 'openExternal'>): (url: string) => void {
  return (url) => {
    if (isDocumentationUrl(url)) void shell.openExternal(url);
  };
}

/** Denies everything the page could ask the session for: permissions, permission checks, devices. */
export function guardSession(ses: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

/** Keeps a web contents (the window, or anything it could create) on our own app:// page. */
export function guardContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openExternal(url); // a documentation link clicked in the page opens in the browser instead
  });
  // any frame, including iframes (will-navigate covers only the main frame)
  contents.on('will-frame-navigate', (details) => {
    if (!isAppUrl(details.url)) details.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
}

/** Guards every web contents the app ever creates. */
export function hardenApp(app: Pick<App, 'on'>, shell: Pick<Shell, 'openExternal'>): void {
  const open = openDocumentation(shell);
  app.on('web-contents-created', (_event, contents) => guardContents(contents, open));
}
