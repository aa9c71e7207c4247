// App commands: the desktop menu's items and notification clicks (menuCommand events) and, in serve mode
// where there is no native menu, the same keyboard shortcuts (main/contract/shortcuts.ts) from a keydown
// handler. Commands that belong to one screen (start, find, compare the picked runs) wait in `pending`
// until that screen takes them, so they work whether or not it is already showing.
import { api, desktop, messageOf, on } from '../client.js';
import { lab, go, refreshQueue, refreshRuns, watch } from './lab.svelte.js';
import { matchShortcut, shortcutLabel, type EventPayload, type ShortcutCommand } from '../../../main/contract/index.js';

type ScreenCommand = 'startRun' | 'findRun' | 'compareSelected';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export const pending = $state({ command: null as ScreenCommand | null });

/** True (once) when `command` waits for the calling screen. */
export function take(command: ScreenCommand): boolean {
  if (pending.command !== command) return false;
  pending.command = null;
  return true;
}

/** A tooltip naming the shortcut: "Start training (Ctrl+Enter)". */
export function tip(text: string, command: ShortcutCommand): string {
  return `${text} (${shortcutLabel(command, isMac)})`;
}

async function cancelRunning(): Promise<void> {
  const run = lab.queue.running[0] ?? lab.queue.queued[0];
  if (!run) {
    lab.notice = 'Nothing is training.';
    return;
  }
  try {
    await api.cancelRun({ runId: run.runId });
    await Promise.all([refreshQueue(), refreshRuns()]);
  } catch (e) {
    lab.notice = messageOf(e);
  }
}

export function runCommand(c: EventPayload<'menuCommand'>): void {
  switch (c.command) {
    case 'newExperiment':
      go('new');
      break;
    case 'startRun':
      // Starts only from the form the user sees; elsewhere it opens the form.
      if (lab.screen === 'new') pending.command = 'startRun';
      else go('new');
      break;
    case 'cancelRun':
      void cancelRunning();
      break;
    case 'compareSelected':
      if (lab.screen === 'runs') pending.command = 'compareSelected';
      else go('compare');
      break;
    case 'findRun':
      pending.command = 'findRun';
      go('runs');
      break;
    case 'openRun':
      if (c.runId) void watch([c.runId]).catch((e: unknown) => (lab.notice = messageOf(e)));
      go('monitor');
      break;
    case 'exportModel':
      go('export');
      break;
    case 'exportRuns':
      go('runs');
      break;
    case 'about':
      break;
  }
}

let started = false;
/** Listens for menu commands and, without the desktop menu, for the shortcuts; call once at start. */
export function startCommands(): void {
  if (started) return;
  started = true;
  on('menuCommand', runCommand);
  if (desktop) return; // the native menu's accelerators send menuCommand
  window.addEventListener('keydown', (e) => {
    const command = matchShortcut(e, isMac);
    if (!command) return;
    e.preventDefault();
    runCommand({ command });
  });
}
