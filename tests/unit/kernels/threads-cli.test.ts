// `--threads N` on train, resume, serve and bench: an integer in 1..64 (bench: also a list such as 1,2,4,8),
// refused with one clear input error before any database or data folder is touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as cliMain } from '../../../main/cli/index.js';
import type { CliIO } from '../../../main/cli/io.js';
import { benchCommand } from '../../../bench/command.js';

/** The CLI as bin/recurrent-lab.js runs it from a build with bench/. */
const main = (argv: string[], io: CliIO): Promise<number> => cliMain(argv, io, [benchCommand]);

test('--threads must be an integer in 1..64 on train, resume, serve and bench', async () => {
  const home = mkdtempSync(join(tmpdir(), 'rl-threads-'));
  const db = join(home, 'lab.sqlite');
  const env: NodeJS.ProcessEnv = { ...process.env, RECURRENT_LAB_HOME: home, RECURRENT_LAB_DB: db, RECURRENT_LAB_DATA: join(home, 'no-data') };
  delete env['RECURRENT_LAB_THREADS'];
  try {
    const cases: [string[], string][] = [];
    for (const bad of ['0', '65', '2.5', 'two', '1e1', '']) {
      cases.push([['train', '--threads', bad], bad], [['resume', 'abcdef', '--threads', bad], bad], [['serve', '--threads', bad], bad]);
      cases.push([['bench', '--arch', 'lstm', '--threads', bad], bad]);
    }
    for (const bad of ['1,0', '1,,2', '2,x', '1,65']) cases.push([['bench', '--arch', 'lstm', '--threads', bad], bad]);
    for (const [argv, bad] of cases) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main([...argv, '--json'], { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false, env });
      const what = argv.join(' ');
      assert.equal(code, 2, `${what}: ${err.join('')}`);
      const doc = JSON.parse(out.join('')) as { error: string; code: string };
      assert.match(doc.error, /^--threads must be an integer in 1\.\.64, got "/, what);
      assert.ok(doc.error.includes(bad.split(',').find((v) => !/^\d+$/.test(v) || +v < 1 || +v > 64) ?? bad), `${what}: ${doc.error}`);
      assert.equal(err.join('').trim().split('\n').length, 1, what);
    }
    const out: string[] = [];
    assert.equal(await main(['bench', '--threads', '2,2', '--json'], { out: (t) => out.push(t), err: () => {}, isTTY: false, env }), 2);
    assert.match((JSON.parse(out.join('')) as { error: string }).error, /--threads lists a count twice/);
    assert.equal(existsSync(db), false, 'a bad --threads touches no database');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
