// The SQLite run store: openRunStore(path) and registerSqliteStore(), which plugs it into the core's
// setStoreFactory() (main/ never imports db/; composition roots — bin/, electron/, tests — call this).
import Database from 'better-sqlite3';
import { accessSync, constants, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { UserError } from '../main/errors.js';
import { makeDirSync } from '../main/dirs.js';
import { setStoreFactory, type OpenStoreOptions, type RunStore } from '../main/runs/store.js';
import { translateSqliteError } from './errors.js';
import { migrate, schemaVersion } from './migrate.js';
import { LATEST_VERSION } from './migrations/index.js';
import { SqliteRunStore } from './run-store.js';
import { openSweepStore } from './sweep-store.js';
import { openPresetStore } from './preset-store.js';
import { rememberConnection } from './connections.js';
import { setSweepStoreFactory } from '../main/sweeps/store.js';
import { setPresetStoreFactory } from '../main/presets/store.js';

export { LATEST_VERSION } from './migrations/index.js';
export { migrate } from './migrate.js';

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** Default checkpoint folder: "<db name>-artifacts" next to the database file. */
export function defaultArtifactsDirFor(dbPath: string): string {
  const p = resolve(dbPath);
  return join(dirname(p), `${basename(p, extname(p))}-artifacts`);
}

function checkWritable(path: string): void {
  const dir = dirname(path);
  makeDirSync(dir, 'the database folder', 'db_cantopen');
  for (const p of existsSync(path) ? [path, dir] : [dir]) {
    try {
      accessSync(p, constants.W_OK);
    } catch {
      throw new UserError(`database ${path} is read-only (${p === dir ? 'its folder' : 'the file'} is not writable); nothing was changed`, 'db_readonly');
    }
  }
}

/**
 * SQLite cannot read a WAL database whose folder it may not write (it needs the -shm file). For reading
 * such a file we open a private snapshot copy instead; it is removed on close.
 */
function openSnapshot(file: string, timeout: number, nativeBinding: string | undefined): { db: Database.Database; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'recurrent-lab-ro-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const copy = join(dir, 'snapshot.sqlite');
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    return { db: new Database(copy, { readonly: true, fileMustExist: true, timeout, ...binding(nativeBinding) }), cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

/** better-sqlite3's nativeBinding option when another build of its addon is asked for (Electron from source). */
const binding = (path: string | undefined): { nativeBinding?: string } => (path === undefined ? {} : { nativeBinding: path });

export function openRunStore(path: string, options: OpenStoreOptions = {}): RunStore {
  const file = resolve(path);
  const readonly = options.readonly === true;
  if (readonly && !existsSync(file)) throw new UserError(`no database at ${file}`, 'db_cantopen');
  if (!readonly) checkWritable(file);
  let db: Database.Database | null = null;
  try {
    const timeout = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    db = new Database(file, { readonly, fileMustExist: readonly, timeout, ...binding(options.nativeBinding) });
    if (readonly) {
      try {
        schemaVersion(db);
      } catch (e) {
        const code = (e as { code?: string }).code ?? '';
        if (!code.startsWith('SQLITE_READONLY') && !code.startsWith('SQLITE_CANTOPEN')) throw e;
        db.close();
        const snap = openSnapshot(file, timeout, options.nativeBinding);
        db = snap.db;
        const close = db.close.bind(db);
        db.close = () => {
          const r = close();
          snap.cleanup();
          return r;
        };
      }
    }
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(timeout))}`);
    db.pragma('foreign_keys = ON');
    if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxPageCount))}`);
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      // WAL + NORMAL: durable across process crashes (kill -9); only an OS crash may lose the last commits.
      db.pragma('synchronous = NORMAL');
    }
    let version = schemaVersion(db);
    if (readonly) {
      if (version > LATEST_VERSION) migrate(db, file); // throws the "newer app" error
      if (version < LATEST_VERSION) throw new UserError(`database ${file} needs an upgrade but is opened read-only`, 'db_readonly');
    } else {
      migrate(db, file);
      version = schemaVersion(db);
    }
    const store = new SqliteRunStore(db, file, options.artifactsDir ?? defaultArtifactsDirFor(file), version, readonly);
    rememberConnection(store, db, file);
    // Whoever opens a SQLite run store (a composition root, a test calling openRunStore directly) can reach its
    // sweeps and presets through main/'s sweepStoreFor() / presetStoreFor(): the openers are registered here too.
    setSweepStoreFactory(openSweepStore);
    setPresetStoreFactory(openPresetStore);
    try {
      store.recoverInterrupted();
    } catch (e) {
      // Another process holds the write lock: recovery waits for the next open; reading still works.
      const code = (e as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_BUSY')) throw e;
    }
    return store;
  } catch (e) {
    if (db?.open) db.close();
    throw translateSqliteError(e, file);
  }
}

/** Makes main/'s openStore() (and sweepStoreFor()) use SQLite. Idempotent. */
export function registerSqliteStore(): void {
  setStoreFactory(openRunStore);
  setSweepStoreFactory(openSweepStore);
  setPresetStoreFactory(openPresetStore);
}
