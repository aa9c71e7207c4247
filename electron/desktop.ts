// The desktop-only flows behind native dialogs (and the UI's theme pick for nativeTheme): importing a file or aclImdb folder the user picks (File →
// Import, the Data screen's buttons) or drops on the window, and exporting a run into a folder chosen in the
// save dialog. Paths come from the dialog (or the preload, from a dropped File) and go to the core as shell
// calls over main's private link — the renderer never sends one. Plain functions of (dialog, window, core),
// so tests drive them under Node with a stand-in for Electron's dialog.
import type { BrowserWindow, Dialog, MessageBoxOptions, NativeTheme, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { desktopCalls, DESKTOP_CALL_NAMES, type DesktopCallName, type DesktopReply, type ShellCallName } from '../main/contract/desktop.js';
import { ERROR_CODES } from '../main/contract/index.js';
import { toContractError } from '../main/service/errors.js';
import { validate } from '../main/model/validate.js';
import { desktopChannel } from './channels.js';
import { senderAllowed, type SenderInfo } from './ipc-handlers.js';

export interface DesktopDeps {
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox'>;
  /** The window dialogs belong to (null: none open, dialogs are app-modal). */
  window(): BrowserWindow | null;
  core: { callShell(method: ShellCallName, params: unknown): Promise<DesktopReply<unknown>> };
  /** Electron's nativeTheme: the UI's theme pick goes to its themeSource. */
  nativeTheme: Pick<NativeTheme, 'themeSource'>;
}

export type DesktopHandler = (event: SenderInfo, params: unknown) => Promise<DesktopReply<unknown>>;

const IMPORT_FILE: OpenDialogOptions = {
  title: 'Import IMDB dataset',
  properties: ['openFile'],
  filters: [{ name: 'IMDB data (imdb.npz, aclImdb tarball, word index)', extensions: ['npz', 'gz', 'tgz', 'tar', 'json'] }],
};
const IMPORT_FOLDER: OpenDialogOptions = { title: 'Import an aclImdb folder', properties: ['openDirectory'] };

function open(deps: DesktopDeps, options: OpenDialogOptions) {
  const win = deps.window();
  return win ? deps.dialog.showOpenDialog(win, options) : deps.dialog.showOpenDialog(options);
}
function save(deps: DesktopDeps, options: SaveDialogOptions) {
  const win = deps.window();
  return win ? deps.dialog.showSaveDialog(win, options) : deps.dialog.showSaveDialog(options);
}
function ask(deps: DesktopDeps, options: MessageBoxOptions) {
  const win = deps.window();
  return win ? deps.dialog.showMessageBox(win, options) : deps.dialog.showMessageBox(options);
}

/** The native open dialog, then the import of what was picked; null when the user cancelled. */
export async function importWithDialog(deps: DesktopDeps, folder: boolean): Promise<DesktopReply<unknown> | null> {
  const pick = await open(deps, folder ? IMPORT_FOLDER : IMPORT_FILE);
  const path = pick.filePaths[0];
  if (pick.canceled || path === undefined) return null;
  return deps.core.callShell('importPicked', { path });
}

/**
 * The native save dialog names the export folder; then the export. A folder that is not empty is only
 * written into after the user confirms replacing the export files in a native message box.
 */
export async function exportWithDialog(deps: DesktopDeps, runId: string, format: 'tfjs' | 'onnx' = 'tfjs'): Promise<DesktopReply<unknown> | null> {
  const files = format === 'onnx' ? 'model.onnx' : 'model.json, the weights';
  const pick = await save(deps, {
    title: 'Export the model to a folder',
    defaultPath: `${runId}-${format}`,
    buttonLabel: 'Export',
    message: `A folder of this name is created for ${files}, tokenizer.json and model-card.json.`,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  const dir = pick.filePath;
  if (pick.canceled || !dir) return null;
  const first = await deps.core.callShell('exportModelTo', { runId, dir, overwrite: false, format });
  if (first.ok || first.error.code !== 'exists') return first;
  const answer = await ask(deps, {
    type: 'question',
    buttons: ['Replace export files', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'That folder is not empty.',
    detail: `${dir}\n\nReplace ${files}, tokenizer.json and model-card.json in it? Other files stay.`,
  });
  if (answer.response !== 0) return null;
  return deps.core.callShell('exportModelTo', { runId, dir, overwrite: true, format });
}

/** One handler per desktop call (rl:desktop:*): our own window only, payloads validated, then the flow. */
export function createDesktopHandlers(deps: DesktopDeps): Map<string, DesktopHandler> {
  const table = new Map<string, DesktopHandler>();
  for (const name of DESKTOP_CALL_NAMES) table.set(desktopChannel(name), handlerFor(deps, name));
  return table;
}

function handlerFor(deps: DesktopDeps, name: DesktopCallName): DesktopHandler {
  return async (event, params) => {
    if (!senderAllowed(event)) return { ok: false, error: { code: ERROR_CODES.unauthorized, message: 'calls are accepted only from the app window' } };
    try {
      if (name === 'importWithDialog') {
        const p = validate(desktopCalls.importWithDialog.params, params ?? {}, 'importWithDialog params');
        return (await importWithDialog(deps, p.folder)) ?? { ok: true, result: null };
      }
      if (name === 'importDropped') {
        const p = validate(desktopCalls.importDropped.params, params ?? {}, 'importDropped params');
        return await deps.core.callShell('importPicked', { path: p.path });
      }
      if (name === 'setThemeSource') {
        const p = validate(desktopCalls.setThemeSource.params, params ?? {}, 'setThemeSource params');
        deps.nativeTheme.themeSource = p.source;
        return { ok: true, result: { source: p.source } };
      }
      const p = validate(desktopCalls.exportModelToFolder.params, params ?? {}, 'exportModelToFolder params');
      return (await exportWithDialog(deps, p.runId, p.format)) ?? { ok: true, result: null };
    } catch (e) {
      return { ok: false, error: toContractError(e) };
    }
  };
}
