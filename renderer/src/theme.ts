// The colour theme: follows the OS (prefers-color-scheme) unless the user picks Light or Dark, which is
// remembered in localStorage and applied as <html data-theme="…"> (app.css reads it). Charts listen for
// THEME_EVENT to re-read their colours. In the desktop app the pick also goes to nativeTheme.themeSource.
import { desktop } from './client.js';

export const THEMES = [
  { id: 'system', label: 'System' },
  { id: 'light', label: 'Light' },
  { id: 'dark', label: 'Dark' },
] as const;
export type ThemeChoice = (typeof THEMES)[number]['id'];

const KEY = 'recurrent-lab.theme';
export const THEME_EVENT = 'recurrent-lab:theme';

export function savedTheme(): ThemeChoice {
  let v: string | null = null;
  try {
    v = localStorage.getItem(KEY);
  } catch {
    v = null;
  }
  return THEMES.find((t) => t.id === v)?.id ?? 'system';
}

/** Applies the choice to the page; `remember` also stores it. */
export function applyTheme(choice: ThemeChoice, remember = true): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = choice;
  if (remember) {
    try {
      localStorage.setItem(KEY, choice);
    } catch {
      /* storage unavailable: the choice lasts for this page */
    }
  }
  window.dispatchEvent(new Event(THEME_EVENT));
  void desktop?.setThemeSource(choice).catch(() => undefined); // the page's theme holds either way
}
