// The connection behind each SQLite run store (set by openRunStore), for the stores that share it (sweeps,
// presets): one connection per database file and process, so their writes and the runs' share one lock.
import type { Database } from 'better-sqlite3';
import type { RunStore } from '../main/runs/store.js';

const connections = new WeakMap<RunStore, { db: Database; path: string }>();

export function rememberConnection(store: RunStore, db: Database, path: string): void {
  connections.set(store, { db, path });
}

export function connectionOf(store: RunStore, what: string): { db: Database; path: string } {
  const c = connections.get(store);
  if (!c) throw new Error(`${what}: not a SQLite run store opened by openRunStore()`);
  return c;
}
