// `npm start`'s first step: better-sqlite3 built for the installed Electron's ABI, into
// build/electron-sqlite/<electron version>/better_sqlite3.node (electron/sqlite-binding.ts loads it there).
// Runs once per Electron and better-sqlite3 version; later starts find the file and return at once. It
// fetches better-sqlite3's prebuilt addon for Electron with prebuild-install (which better-sqlite3's own
// install uses), in a scratch copy so node_modules keeps the Node build the CLI and tests need.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const version = (pkg) => JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;
const electron = version('electron');
const target = resolve('build', 'electron-sqlite', electron, 'better_sqlite3.node');
if (existsSync(target)) process.exit(0);

const scratch = mkdtempSync(join(tmpdir(), 'rl-electron-sqlite-'));
try {
  const src = resolve('node_modules', 'better-sqlite3');
  cpSync(src, scratch, { recursive: true, filter: (p) => !p.includes(`${src}/build`) });
  const r = spawnSync(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electron, '--arch', process.arch, '--platform', process.platform], {
    cwd: scratch, stdio: 'inherit',
  });
  const built = join(scratch, 'build', 'Release', 'better_sqlite3.node');
  if (r.status !== 0 || !existsSync(built)) {
    console.error(
      `electron-sqlite: could not fetch better-sqlite3 ${version('better-sqlite3')} for Electron ${electron} (${process.platform}-${process.arch}); ` +
        'it needs the network. Alternatively build it with `npx @electron/rebuild -f -w better-sqlite3` in a copy of node_modules/better-sqlite3 ' +
        `and put build/Release/better_sqlite3.node at ${target}.`,
    );
    process.exit(1);
  }
  mkdirSync(resolve('build', 'electron-sqlite', electron), { recursive: true });
  cpSync(built, target);
  console.log(`electron-sqlite: better-sqlite3 for Electron ${electron} is at ${target}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
