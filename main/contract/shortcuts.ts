// Keyboard shortcuts, one table for both front ends: electron/menu.ts turns them into menu accelerators
// (the menu then sends `menuCommand`), the renderer shows them in tooltips and, in serve mode (no native
// menu), matches them in a keydown handler. Browser-safe: no imports.

export type ShortcutCommand = 'newExperiment' | 'startRun' | 'cancelRun' | 'compareSelected' | 'findRun';

export interface Shortcut {
  command: ShortcutCommand;
  /** The menu item's label. */
  label: string;
  /** A letter (upper case), 'Enter' or '.': pressed with Ctrl (⌘ on macOS). */
  key: string;
  shift: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'newExperiment', label: 'New Experiment', key: 'N', shift: false },
  { command: 'startRun', label: 'Start Training', key: 'Enter', shift: false },
  { command: 'cancelRun', label: 'Cancel Running Run', key: '.', shift: false },
  { command: 'compareSelected', label: 'Compare Selected Runs', key: 'D', shift: true },
  { command: 'findRun', label: 'Find a Run…', key: 'F', shift: false },
];

function shortcutOf(command: ShortcutCommand): Shortcut {
  const s = SHORTCUTS.find((x) => x.command === command);
  if (!s) throw new Error(`no shortcut for ${command}`);
  return s;
}

/** Electron's accelerator string, e.g. CmdOrCtrl+Shift+D. */
export function accelerator(s: Shortcut): string {
  return `CmdOrCtrl+${s.shift ? 'Shift+' : ''}${s.key}`;
}

/** How a tooltip names the shortcut: Ctrl+Shift+D, or ⇧⌘D on macOS. */
export function shortcutLabel(command: ShortcutCommand, mac: boolean): string {
  const s = shortcutOf(command);
  return mac ? `${s.shift ? '⇧' : ''}⌘${s.key === 'Enter' ? '↩' : s.key}` : `Ctrl+${s.shift ? 'Shift+' : ''}${s.key}`;
}

/** The fields of a KeyboardEvent the match needs. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The command a key press stands for (Ctrl, or ⌘ on macOS, plus the key; Shift must match), or null. */
export function matchShortcut(e: KeyPress, mac: boolean): ShortcutCommand | null {
  const mod = mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  if (!mod || e.altKey) return null;
  const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
  return SHORTCUTS.find((s) => s.key === key && s.shift === e.shiftKey)?.command ?? null;
}
