// The native menu: File → Import dataset (file or aclImdb folder)…, Export run/model…, Export runs…, Quit;
// Run → the keyboard shortcuts of main/contract/shortcuts.ts (new experiment, start, cancel, compare, find);
// Help → About. Pure data (labels, accelerators, callbacks) so it is testable without Electron.
import type { MenuItemConstructorOptions } from 'electron';
import { SHORTCUTS, accelerator, type ShortcutCommand } from '../main/contract/shortcuts.js';

export interface MenuActions {
  importDataset(): void;
  importDatasetFolder(): void;
  exportModel(): void;
  exportRuns(): void;
  about(): void;
  /** A Run-menu item: the renderer acts on it (menuCommand). */
  command(c: ShortcutCommand): void;
}

export function menuTemplate(actions: MenuActions, isMac: boolean): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Import Dataset…', accelerator: 'CmdOrCtrl+I', click: () => actions.importDataset() },
      { label: 'Import Dataset Folder…', click: () => actions.importDatasetFolder() },
      { label: 'Export Run/Model…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportModel() },
      { label: 'Export Runs as CSV…', click: () => actions.exportRuns() },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: 'About Recurrent Lab', click: () => actions.about() }],
  };
  const run: MenuItemConstructorOptions = {
    label: 'Run',
    submenu: SHORTCUTS.map((s) => ({ label: s.label, accelerator: accelerator(s), click: () => actions.command(s.command) })),
  };
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
  };
  return [...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []), file, edit, run, view, help];
}
