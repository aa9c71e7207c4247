// The main process's training-time behaviour (electron/activity.ts), driven by contract events with fakes
// of Electron's powerSaveBlocker, window, and Notification class.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createActivity, notifier, showRun, type RunNotice } from '../../../electron/activity.js';
import type { EventPayload, QueueItem } from '../../../main/contract/index.js';

function fakeBlocker() {
  const started: number[] = [];
  const stopped: number[] = [];
  let next = 1;
  return {
    started, stopped,
    held: () => started.length - stopped.length,
    start(type: 'prevent-app-suspension') {
      assert.equal(type, 'prevent-app-suspension');
      started.push(next);
      return next++;
    },
    stop(id: number) {
      assert.ok(started.includes(id) && !stopped.includes(id), 'stops only a started blocker, once');
      stopped.push(id);
    },
  };
}

function item(runId: string, fraction = 0, name = `run ${runId}`): QueueItem {
  return { runId, name, arch: 'lstm', status: 'running', epoch: 1, epochs: 2, batch: 0, batches: 10, fraction, etaMs: null };
}
const queue = (running: QueueItem[], queued: QueueItem[] = []): EventPayload<'queueChanged'> => ({ running, queued, etaMs: null });
const progress = (runId: string, fraction: number): EventPayload<'runProgress'> => ({ runId, epoch: 1, epochs: 2, batch: 1, batches: 10, fraction, etaMs: null, queueEtaMs: null });

function setup(focused = false) {
  const blocker = fakeBlocker();
  const bar: number[] = [];
  const notices: RunNotice[] = [];
  const a = createActivity({ blocker, setProgress: (f) => bar.push(f), notify: (n) => notices.push(n), focused: () => focused });
  return { a, blocker, bar, notices };
}

test('keeps the machine awake while runs train or wait, and lets it sleep when the queue empties', () => {
  const { a, blocker } = setup();
  assert.equal(a.awake, false);
  a.onEvent('queueChanged', queue([item('1')], [item('2')]));
  assert.equal(a.awake, true);
  a.onEvent('queueChanged', queue([item('2')]));
  a.onEvent('queueChanged', queue([item('2', 0.5)]));
  assert.equal(blocker.started.length, 1, 'one blocker for the whole queue');
  a.onEvent('runStatus', { runId: '2', status: 'failed', error: 'NaN loss' });
  a.onEvent('queueChanged', queue([]));
  assert.equal(a.awake, false);
  assert.equal(blocker.held(), 0);
  a.onEvent('queueChanged', queue([item('3')]));
  assert.equal(a.awake, true, 'a new run takes a new blocker');
  assert.equal(blocker.started.length, 2);
});

test('the core failing releases the blocker and clears the progress bar', () => {
  const { a, blocker, bar } = setup();
  a.onEvent('queueChanged', queue([item('1', 0.2)]));
  a.fail();
  assert.equal(a.awake, false);
  assert.equal(blocker.held(), 0);
  assert.equal(bar.at(-1), -1);
  a.fail(); // twice is harmless
  assert.equal(blocker.stopped.length, 1);
});

test('taskbar progress: the queue as a whole (queued runs count as not started), -1 when idle, small steps skipped', () => {
  const { a, bar } = setup();
  a.onEvent('runProgress', progress('9', 0.5)); // not in the queue (yet): ignored
  assert.deepEqual(bar, []);
  a.onEvent('queueChanged', queue([item('1')], [item('2')]));
  assert.deepEqual(bar, [0]);
  a.onEvent('runProgress', progress('1', 0.5));
  assert.equal(bar.at(-1), 0.25);
  a.onEvent('runProgress', progress('1', 0.501)); // below the step: not sent
  assert.equal(bar.length, 2);
  a.onEvent('runProgress', progress('1', 1));
  assert.equal(bar.at(-1), 0.5);
  a.onEvent('queueChanged', queue([item('2')])); // run 1 done: the rest of the queue is run 2
  assert.equal(bar.at(-1), 0);
  a.onEvent('runProgress', progress('2', 0.8));
  assert.ok(Math.abs((bar.at(-1) ?? 0) - 0.8) < 1e-9);
  a.onEvent('queueChanged', queue([]));
  assert.equal(bar.at(-1), -1);
  const n = bar.length;
  a.onEvent('queueChanged', queue([]));
  assert.equal(bar.length, n, 'idle is sent once');
});

test('notifies when a run finishes or fails (named from the queue), not for cancels, not while the window has the focus', () => {
  const { a, notices } = setup();
  a.onEvent('queueChanged', queue([item('1', 0, 'lstm seed 1')], [item('2', 0, 'gru')]));
  a.onEvent('runStatus', { runId: '1', status: 'running', error: null });
  a.onEvent('runStatus', { runId: '1', status: 'finished', error: null });
  a.onEvent('runStatus', { runId: '2', status: 'failed', error: 'the loss became NaN' });
  a.onEvent('runStatus', { runId: '3', status: 'cancelled', error: null });
  a.onEvent('runStatus', { runId: '4', status: 'failed', error: null });
  assert.deepEqual(notices, [
    { runId: '1', title: 'Run finished', body: 'lstm seed 1 finished training.' },
    { runId: '2', title: 'Run failed', body: 'gru failed: the loss became NaN' },
    { runId: '4', title: 'Run failed', body: 'Run 4 failed.' },
  ]);
  const focused = setup(true);
  focused.a.onEvent('runStatus', { runId: '1', status: 'finished', error: null });
  assert.deepEqual(focused.notices, []);
});

test('a clicked notification shows the window and opens the run; unsupported platforms show nothing', () => {
  const shown: FakeNote[] = [];
  class FakeNote {
    handlers = new Map<string, () => void>();
    constructor(readonly options: { title: string; body: string }) {}
    on(event: 'click' | 'close', cb: () => void) {
      this.handlers.set(event, cb);
      return this;
    }
    show() {
      shown.push(this);
    }
  }
  const calls: string[] = [];
  const win = {
    minimized: true,
    isMinimized() {
      return this.minimized;
    },
    restore() {
      calls.push('restore');
    },
    show() {
      calls.push('show');
    },
    focus() {
      calls.push('focus');
    },
  };
  const sent: EventPayload<'menuCommand'>[] = [];
  const notify = notifier(FakeNote, true, (runId) => showRun(win, runId, (p) => sent.push(p)));
  notify({ runId: '7', title: 'Run finished', body: 'lstm finished training.' });
  assert.equal(shown.length, 1);
  assert.deepEqual(shown[0]?.options, { title: 'Run finished', body: 'lstm finished training.' });
  shown[0]?.handlers.get('click')?.();
  assert.deepEqual(calls, ['restore', 'show', 'focus']);
  assert.deepEqual(sent, [{ command: 'openRun', runId: '7' }]);
  showRun(null, '7', (p) => sent.push(p)); // window closed: nothing to show
  assert.equal(sent.length, 1);
  notifier(FakeNote, false, () => assert.fail('never'))({ runId: '8', title: 't', body: 'b' });
  assert.equal(shown.length, 1);
});
