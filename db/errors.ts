// Maps SQLite failures a user can act on (locked, read-only, full, not a database) to one-line UserErrors.
import { UserError, errorMessage } from '../main/errors.js';

function sqliteCode(e: unknown): string | null {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/** A UserError for known conditions; anything else is returned unchanged. */
export function translateSqliteError(e: unknown, path: string): unknown {
  if (e instanceof UserError) return e;
  const code = sqliteCode(e);
  if (!code) return e;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new UserError(`database ${path} is locked by another process; try again when it has finished`, 'db_locked');
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new UserError(`database ${path} is read-only; nothing was changed (check the file's permissions)`, 'db_readonly');
  }
  if (code === 'SQLITE_FULL') {
    return new UserError(`the disk holding ${path} is full; this write was rolled back and earlier data is intact`, 'db_full');
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new UserError(`cannot open database ${path} (missing folder or no permission)`, 'db_cantopen');
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new UserError(`${path} is not a valid Recurrent Lab database (${errorMessage(e)})`, 'db_corrupt');
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new UserError(`I/O error on database ${path}: ${errorMessage(e)}`, 'db_io');
  }
  return e;
}

/** Runs fn, translating SQLite errors. */
export function guarded<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw translateSqliteError(e, path);
  }
}
