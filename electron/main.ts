// The Electron main process: lifecycle, single-instance lock, the one window (remembering its bounds),
// the native menu, the app:// protocol serving dist/renderer with a strict CSP, and IPC routing. The core
// (store, queue, training) runs in a utility process; this process only validates and routes messages.
import { app, BrowserWindow, Menu, Notification, dialog, ipcMain, nativeTheme, net, powerSaveBlocker, protocol, screen, session, shell, utilityProcess, type UtilityProcess } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PRODUCT_NAME, artifactsDir, defaultDbPath, userDataDir } from '../main/paths.js';
import { resolveDataDir } from '../main/data/index.js';
import { rendererCsp, securityHeaders } from '../main/serve/csp.js';
import { createActivity, notifier, showRun } from './activity.js';
import type { EventPayload } from '../main/contract/index.js';
import { APP_ENTRY, APP_SCHEME, appPathToRelative } from './app-url.js';
import { guardSession, hardenApp } from './harden.js';
import { eventChannel } from './channels.js';
import { createIpcHandlers } from './ipc-handlers.js';
import { createDesktopHandlers, importWithDialog, type DesktopDeps } from './desktop.js';
import { menuTemplate } from './menu.js';
import { linkEndpoint, SHUTDOWN_MESSAGE, type LinkedEndpoint } from './service-link.js';
import { windowOptions } from './window-options.js';
import { sqliteBinding } from './sqlite-binding.js';
import { loadBounds, saveBounds, visibleBounds } from './window-state.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const CSP = rendererCsp();

// One user-data folder for the app and the CLI (main/paths.ts), also when run from source (`npm start`,
// where Electron would otherwise name it after package.json's "name"). Must happen before `ready`.
app.setName(PRODUCT_NAME);
app.setPath('userData', userDataDir());

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let win: BrowserWindow | null = null;
let child: UtilityProcess | null = null;
let endpoint: LinkedEndpoint | null = null;
let quitting = false;

function sendCommand(payload: EventPayload<'menuCommand'>): void {
  win?.webContents.send(eventChannel('menuCommand'), payload);
}
// Awake while training, taskbar progress, run notifications (electron/activity.ts decides).
const activity = createActivity({
  blocker: powerSaveBlocker,
  setProgress: (f) => win?.setProgressBar(f),
  focused: () => win?.isFocused() ?? false,
  notify: (n) => notify(n),
});
let notify: ReturnType<typeof notifier> = () => undefined; // set when the app is ready

function startCore(): LinkedEndpoint {
  const env = process.env;
  const binding = sqliteBinding({ isPackaged: app.isPackaged, appPath: app.getAppPath(), electron: process.versions.electron, exists: existsSync });
  child = utilityProcess.fork(
    join(here, 'training-host.js'),
    [
      '--db', defaultDbPath(env), '--data', resolveDataDir(undefined, env), '--artifacts', artifactsDir(env), '--electron', process.versions.electron,
      ...(binding ? ['--sqlite-binding', binding] : []),
    ],
    { serviceName: 'Recurrent Lab training', stdio: 'inherit' },
  );
  const proc = child;
  const link = linkEndpoint({ postMessage: (m) => proc.postMessage(m), on: (e, cb) => proc.on(e, cb) });
  proc.on('exit', (code) => {
    link.fail(`the training process stopped (exit code ${code}); restart Recurrent Lab`);
    activity.fail();
    if (!quitting) dialog.showErrorBox('Recurrent Lab', `The training process stopped unexpectedly (exit code ${code}). Runs it was training are marked interrupted and can be resumed after a restart.`);
  });
  link.onEvent((event, payload) => {
    activity.onEvent(event, payload);
    win?.webContents.send(eventChannel(event), payload);
  });
  return link;
}

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (req) => {
    const rel = appPathToRelative(req.url);
    if (rel === null) return new Response('not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(join(rendererDir, rel)).href).catch(() => null);
    if (!res || !res.ok) return new Response('not found', { status: 404 });
    const headers = new Headers(res.headers);
    for (const [k, v] of Object.entries(securityHeaders(CSP))) headers.set(k, v);
    return new Response(res.body, { status: 200, headers });
  });
  // belt and braces: every response in this session carries the CSP
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  guardSession(session.defaultSession); // no permissions, permission checks or devices for the page
}

function desktopDeps(link: LinkedEndpoint): DesktopDeps {
  return { dialog, window: () => win, core: link, nativeTheme };
}

function routeIpc(link: LinkedEndpoint): void {
  const handlers = [...createIpcHandlers(link), ...createDesktopHandlers(desktopDeps(link))];
  for (const [channel, handler] of handlers) {
    ipcMain.handle(channel, (event, params: unknown) => handler({ senderFrame: event.senderFrame ? { url: event.senderFrame.url, parent: event.senderFrame.parent } : null }, params));
  }
}

function createWindow(): void {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const saved = visibleBounds(loadBounds(stateFile), screen.getAllDisplays().map((d) => d.workArea));
  win = new BrowserWindow(windowOptions(join(here, 'preload.cjs'), saved));
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win?.show());
  win.on('close', () => {
    if (!win) return;
    const b = win.getNormalBounds();
    saveBounds(stateFile, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  });
  win.on('closed', () => {
    win = null;
  });
  void win.loadURL(APP_ENTRY);
}

/** File → Import: a Keras imdb.npz, an aclImdb tarball, the word index — or (folder) an extracted aclImdb. */
async function importDataset(folder: boolean): Promise<void> {
  if (!win || !endpoint) return;
  const r = await importWithDialog(desktopDeps(endpoint), folder);
  if (r === null || !win) return;
  await dialog.showMessageBox(win, r.ok
    ? { type: 'info', message: 'Dataset imported', detail: `The IMDB data is ready in ${(r.result as { dir: string }).dir}.` }
    : { type: 'error', message: 'Import failed', detail: r.error.message });
}

function about(): void {
  void dialog.showMessageBox({
    type: 'info',
    title: 'About Recurrent Lab',
    message: `Recurrent Lab ${app.getVersion()}`,
    detail: `Train, compare and export recurrent sentiment classifiers on IMDB.\n\nElectron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}\n\nData: Maas et al., "Learning Word Vectors for Sentiment Analysis", ACL 2011.`,
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setAppUserModelId('org.recurrentlab.app');
  hardenApp(app, shell); // navigation, redirects, webviews, new windows; documentation links only
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  void app.whenReady().then(() => {
    serveRenderer();
    endpoint = startCore();
    routeIpc(endpoint);
    notify = notifier(Notification, Notification.isSupported(), (runId) => showRun(win, runId, sendCommand));
    const send = (command: EventPayload<'menuCommand'>['command']) => sendCommand({ command });
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(
          { importDataset: () => void importDataset(false), importDatasetFolder: () => void importDataset(true), exportModel: () => send('exportModel'), exportRuns: () => send('exportRuns'), about, command: send },
          process.platform === 'darwin',
        ),
      ),
    );
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Let the training process stop its runs cleanly (they keep their curves) before quitting.
  app.on('before-quit', (event) => {
    if (quitting || !child || child.pid === undefined) return;
    quitting = true;
    event.preventDefault();
    const proc = child;
    const force = setTimeout(() => proc.kill(), 10_000);
    proc.once('exit', () => {
      clearTimeout(force);
      app.quit();
    });
    proc.postMessage(SHUTDOWN_MESSAGE);
  });
}
