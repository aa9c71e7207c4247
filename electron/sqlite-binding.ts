// Which better-sqlite3 addon the desktop app's core process loads. better-sqlite3 binds to V8 directly (no
// N-API), so the copy `npm ci` builds for Node fails in Electron with a NODE_MODULE_VERSION error. An
// installer rebuilds node_modules for Electron (npmRebuild), so a packaged app loads the ordinary one;
// `npm start` from source loads the copy scripts/electron-sqlite.mjs builds once, for this Electron, into
// build/electron-sqlite/<electron version>/ — while the CLI, `serve` and the tests keep the Node build.
import { join } from 'node:path';

export interface SqliteBindingContext {
  /** app.isPackaged */
  isPackaged: boolean;
  /** The checkout's root when run from source (app.getAppPath()). */
  appPath: string;
  /** process.versions.electron */
  electron: string;
  exists(path: string): boolean;
}

export function electronSqliteBindingPath(appPath: string, electron: string): string {
  return join(appPath, 'build', 'electron-sqlite', electron, 'better_sqlite3.node');
}

/** The addon path to hand better-sqlite3 (its nativeBinding option), or null for its own. */
export function sqliteBinding(c: SqliteBindingContext): string | null {
  if (c.isPackaged) return null;
  const path = electronSqliteBindingPath(c.appPath, c.electron);
  if (!c.exists(path)) {
    throw new Error(
      `better-sqlite3 for Electron ${c.electron} is missing (${path}): run \`node scripts/electron-sqlite.mjs\` ` +
        '(`npm start` runs it once; it downloads a prebuilt addon, so it needs the network)',
    );
  }
  return path;
}
