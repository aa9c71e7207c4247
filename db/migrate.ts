// Brings a database to the latest schema: all pending migrations in one transaction, or none.
import type { Database } from 'better-sqlite3';
import { UserError } from '../main/errors.js';
import type { Migration } from './migrations/types.js';
import { MIGRATIONS, LATEST_VERSION } from './migrations/index.js';

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Returns the versions applied. Throws UserError when the file comes from a newer app. */
export function migrate(db: Database, path: string, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const latest = migrations === MIGRATIONS ? LATEST_VERSION : migrations.reduce((v, m) => Math.max(v, m.version), 0);
  const current = schemaVersion(db);
  if (current > latest) {
    throw new UserError(
      `database ${path} was written by a newer Recurrent Lab (schema v${current}; this version knows up to v${latest}) — update the app to open it`,
      'db_newer',
    );
  }
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  if (!sorted.some((m) => m.version > current)) return [];
  // IMMEDIATE takes the write lock first; re-read the version inside it in case another process just migrated.
  return db.transaction(() => {
    const now = schemaVersion(db);
    const pending = sorted.filter((m) => m.version > now);
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
    return pending.map((m) => m.version);
  }).immediate();
}
