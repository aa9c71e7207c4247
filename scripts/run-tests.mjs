// Runs the whole compiled test suite with node's test runner (unit, integration on real IMDB, e2e in Chromium).
// Usage: node scripts/run-tests.mjs [filter-substring…]
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = 'dist/tests';
if (!existsSync(root)) {
  console.error('run-tests: dist/tests missing — run `npm run build` first');
  process.exit(2);
}
function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.js') ? [p] : [];
  });
}
const filters = process.argv.slice(2);
const files = walk(root)
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(2);
}
// Real-data tests read RECURRENT_LAB_DATA; beside a checkout the shared copy is the usual place.
const env = { ...process.env };
if (!env.RECURRENT_LAB_DATA && existsSync(join('..', 'shared', 'imdb', 'imdb.npz'))) {
  env.RECURRENT_LAB_DATA = resolve('..', 'shared', 'imdb');
}
if (!env.RECURRENT_LAB_PEERS && existsSync(join('..', 'shared', 'peers'))) env.RECURRENT_LAB_PEERS = resolve('..', 'shared', 'peers');
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
