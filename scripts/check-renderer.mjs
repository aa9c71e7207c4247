// Type-checks the Svelte renderer (components, *.svelte.ts state, renderer/lib) with svelte-check
// against renderer/tsconfig.json (DOM lib, bundler resolution). Any error or warning fails.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../node_modules/svelte-check/bin/svelte-check', import.meta.url));
const workspace = fileURLToPath(new URL('../renderer', import.meta.url));
const r = spawnSync(
  process.execPath,
  [bin, '--workspace', workspace, '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--threshold', 'warning', '--output', 'human'],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
