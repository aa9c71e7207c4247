// An id, or a unique prefix of at least 4 characters of one, resolved in a table — the runs, studies and sweeps
// all take "the first characters of an id" on the command line. Anything else is that table's unknown-id error.
import type { Database } from 'better-sqlite3';
import { UserError } from '../main/errors.js';

export function resolveIdIn(db: Database, table: 'runs' | 'studies' | 'sweeps', what: string, idOrPrefix: string): string {
  const code = `unknown_${what}`;
  const s = String(idOrPrefix ?? '').trim();
  if (!/^[A-Za-z0-9-]{1,64}$/.test(s)) throw new UserError(`unknown ${what} "${s}"`, code);
  if (db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(s)) return s;
  if (s.length >= 4) {
    const ids = db.prepare(`SELECT id FROM ${table} WHERE id LIKE ? || '%' LIMIT 2`).pluck().all(s) as string[];
    if (ids.length === 1) return ids[0] as string;
    if (ids.length > 1) throw new UserError(`${what} id prefix "${s}" is ambiguous; give more characters`, code);
  }
  throw new UserError(`unknown ${what} "${s}"`, code);
}
