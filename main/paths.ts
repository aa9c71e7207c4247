// Where the app keeps its files on a user's machine — the same folder Electron's app.getPath('userData')
// gives for productName "Recurrent Lab", so the CLI and the desktop app share one database and data cache.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Recurrent Lab';

/** The per-user app folder; RECURRENT_LAB_HOME overrides (tests, portable installs). */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RECURRENT_LAB_HOME) return env.RECURRENT_LAB_HOME;
  const home = homedir();
  switch (process.platform) {
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
    case 'darwin':
      return join(home, 'Library', 'Application Support', PRODUCT_NAME);
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), PRODUCT_NAME);
  }
}

/** Default data folder (downloaded/imported IMDB files and caches). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(userDataDir(env), 'imdb');
}

/** Default SQLite database: RECURRENT_LAB_DB overrides. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.RECURRENT_LAB_DB ?? join(userDataDir(env), 'lab.sqlite');
}

/** Where models are exported by default and run checkpoints are kept. */
export function artifactsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(userDataDir(env), 'artifacts');
}
