// What the main process does while the core trains, decided from the core's contract events alone:
//   - keeps the machine awake (powerSaveBlocker 'prevent-app-suspension') while runs are training or queued,
//     and lets it sleep when the queue empties or the core fails;
//   - shows the queue's progress on the taskbar/dock icon (setProgressBar 0…1; -1 when idle);
//   - notifies when a run finishes or fails (unless the window has the focus); a click shows the window
//     and opens the run in the UI.
// Pure: Electron's objects come in as the few methods used, so tests drive it with fakes.
import type { EventName, EventPayload } from '../main/contract/index.js';

/** The part of Electron's powerSaveBlocker used here. */
export interface PowerBlocker {
  start(type: 'prevent-app-suspension'): number;
  stop(id: number): void;
}

export interface RunNotice {
  runId: string;
  title: string;
  body: string;
}

export interface ActivityDeps {
  blocker: PowerBlocker;
  /** win.setProgressBar: 0…1, or -1 to remove it. */
  setProgress(fraction: number): void;
  notify(notice: RunNotice): void;
  /** Whether the window has the focus (the user sees the run end there: no notification). */
  focused(): boolean;
}

export interface Activity {
  onEvent<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** The core stopped: release the blocker, clear the progress. */
  fail(): void;
  /** Whether the blocker is held (for tests and logs). */
  readonly awake: boolean;
}

/** Progress bar steps smaller than this are not sent (runProgress arrives many times a second). */
const PROGRESS_STEP = 0.005;

export function createActivity(deps: ActivityDeps): Activity {
  let blockerId: number | null = null;
  let active: string[] = []; // running + queued run ids, from queueChanged
  const fraction = new Map<string, number>(); // latest fraction per active run
  const names = new Map<string, string>();
  let shown = -1;

  function setAwake(on: boolean): void {
    if (on && blockerId === null) blockerId = deps.blocker.start('prevent-app-suspension');
    else if (!on && blockerId !== null) {
      deps.blocker.stop(blockerId);
      blockerId = null;
    }
  }

  function showProgress(): void {
    // Whole queue: each run counts equally; queued runs count as 0 done.
    const next = active.length === 0 ? -1 : active.reduce((a, id) => a + (fraction.get(id) ?? 0), 0) / active.length;
    if (next === shown) return;
    if (next !== -1 && shown !== -1 && Math.abs(next - shown) < PROGRESS_STEP) return;
    shown = next;
    deps.setProgress(next);
  }

  function onQueue(q: EventPayload<'queueChanged'>): void {
    const items = [...q.running, ...q.queued];
    active = items.map((i) => i.runId);
    for (const i of items) {
      names.set(i.runId, i.name);
      fraction.set(i.runId, Math.max(fraction.get(i.runId) ?? 0, i.fraction));
    }
    for (const id of fraction.keys()) if (!active.includes(id)) fraction.delete(id);
    setAwake(active.length > 0);
    showProgress();
  }

  function onStatus(s: EventPayload<'runStatus'>): void {
    if (s.status !== 'finished' && s.status !== 'failed') return;
    if (deps.focused()) return;
    const name = names.get(s.runId) ?? `Run ${s.runId}`;
    deps.notify(
      s.status === 'finished'
        ? { runId: s.runId, title: 'Run finished', body: `${name} finished training.` }
        : { runId: s.runId, title: 'Run failed', body: `${name} failed${s.error ? `: ${s.error}` : '.'}` },
    );
  }

  return {
    onEvent(event, payload) {
      if (event === 'queueChanged') onQueue(payload as EventPayload<'queueChanged'>);
      else if (event === 'runStatus') onStatus(payload as EventPayload<'runStatus'>);
      else if (event === 'runProgress') {
        const p = payload as EventPayload<'runProgress'>;
        if (!active.includes(p.runId)) return;
        fraction.set(p.runId, p.fraction);
        showProgress();
      }
    },
    fail() {
      active = [];
      fraction.clear();
      setAwake(false);
      showProgress();
    },
    get awake() {
      return blockerId !== null;
    },
  };
}

/** The parts of Electron's Notification class used here. */
export interface NotificationLike {
  on(event: 'click' | 'close', cb: () => void): unknown;
  show(): void;
}
export type NotificationCtor = new (options: { title: string; body: string }) => NotificationLike;

/** The parts of the BrowserWindow used to bring the window forward. */
export interface ShowableWindow {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/**
 * Shows run notices as native notifications; clicking one calls `open(runId)`. Keeps each notification
 * referenced until it is clicked or closed (a collected one loses its click handler).
 */
export function notifier(Notification: NotificationCtor, supported: boolean, open: (runId: string) => void): (notice: RunNotice) => void {
  const live = new Set<NotificationLike>();
  return (notice) => {
    if (!supported) return;
    const n = new Notification({ title: notice.title, body: notice.body });
    live.add(n);
    n.on('click', () => {
      live.delete(n);
      open(notice.runId);
    });
    n.on('close', () => live.delete(n));
    n.show();
  };
}

/** Brings the window forward and asks the UI to open the run (menuCommand openRun). */
export function showRun(win: ShowableWindow | null, runId: string, send: (payload: EventPayload<'menuCommand'>) => void): void {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
  send({ command: 'openRun', runId });
}
