// The loop a worker thread sleeps in between commands posted through a shared control block: the poster
// bumps a sequence slot (and notifies); the worker polls briefly (back-to-back commands stay cheap), then
// sleeps in Atomics.wait. Used by the sgemm kernel workers and the data-parallel replicas.
import { parentPort } from 'node:worker_threads';

/**
 * Announces readiness, then calls `handle(seq)` for every newly posted sequence number until it returns
 * false. The current number is read before 'ready' goes out, so a command posted the moment the poster
 * sees 'ready' is not mistaken for one already seen.
 */
export function serveCommands(ctl: Int32Array, seqSlot: number, spin: number, handle: (seq: number) => boolean): void {
  let seen = Atomics.load(ctl, seqSlot);
  parentPort?.postMessage('ready');
  for (;;) {
    let s = Atomics.load(ctl, seqSlot);
    for (let i = 0; s === seen && i < spin; i++) s = Atomics.load(ctl, seqSlot);
    if (s === seen) {
      Atomics.wait(ctl, seqSlot, seen);
      continue;
    }
    seen = s;
    if (!handle(s)) return;
  }
}
