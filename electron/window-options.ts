// The one window's options: every security-relevant webPreferences setting in one place, pure data
// so tests/unit/electron can check it without launching Electron.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { WindowBounds } from './window-state.js';

export const SECURE_WEB_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
} as const satisfies WebPreferences;

export const DEFAULT_BOUNDS = { width: 1280, height: 800 } as const;
export const MIN_SIZE = { width: 960, height: 640 } as const;

export function windowOptions(preloadPath: string, bounds: WindowBounds | null): BrowserWindowConstructorOptions {
  const place = bounds ? { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height } : { ...DEFAULT_BOUNDS };
  return {
    ...place,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Recurrent Lab',
    show: false, // shown on ready-to-show: no white flash
    backgroundColor: '#1e1e24',
    autoHideMenuBar: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath },
  };
}
