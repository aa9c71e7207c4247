#!/usr/bin/env node
// The CLI's entry and a composition root: the compiled core lives in dist/ (run `npm run build` once after
// install); here the SQLite run store (db/) is plugged into the core, which only knows its interface, and the
// `bench` command (bench/command.ts: main/ may not import bench/) is added when the benchmarks are built.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main/cli/index.js', import.meta.url);
const store = new URL('../dist/db/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry)) || !existsSync(fileURLToPath(store))) {
  process.stderr.write('recurrent-lab: not built yet — run `npm run build` in the project folder first\n');
  process.exit(2);
}
const { registerSqliteStore } = await import(store.href);
registerSqliteStore();
const bench = new URL('../dist/bench/command.js', import.meta.url);
const extra = existsSync(fileURLToPath(bench)) ? [(await import(bench.href)).benchCommand] : [];
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2), undefined, extra);
