// The native menu: File → Import dataset (file or aclImdb folder)…, Export run/model…, Export runs…, Quit; Help → About.
// Pure data (labels, accelerators, callbacks) so it is testable without Electron.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  importDataset(): void;
  importDatasetFolder(): void;
  exportModel(): void;
  exportRuns(): void;
  about(): void;
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
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
  };
  return [...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []), file, edit, view, help];
}
