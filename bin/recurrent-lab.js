#!/usr/bin/env node
// The CLI's entry: the compiled core lives in dist/ (run `npm run build` once after install).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main/cli/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('recurrent-lab: not built yet — run `npm run build` in the project folder first\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
