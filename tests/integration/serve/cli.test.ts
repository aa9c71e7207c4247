// `recurrent-lab serve` as a user starts it: prints {"url","token"} with --json, answers on that URL,
// refuses bad flags, and stops cleanly on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TestClient } from './client.js';

const bin = join(process.cwd(), 'bin', 'recurrent-lab.js');

test('serve --json prints the URL, serves the contract there and exits 0 on SIGTERM', { timeout: 60_000 }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'rl-serve-cli-'));
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--token-always', '--allow-import-from', home, '--json'], {
    env: { ...process.env, RECURRENT_LAB_HOME: home, RECURRENT_LAB_DB: join(home, 'lab.sqlite') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const line = await new Promise<string>((ok, fail) => {
      child.once('exit', (code) => fail(new Error(`serve exited early with ${code}`)));
      createInterface({ input: child.stdout }).once('line', ok);
    });
    const printed = JSON.parse(line) as { url: string; token: string | null };
    assert.deepEqual(Object.keys(printed).sort(), ['token', 'url']);
    assert.ok(printed.token);
    assert.match(printed.url, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/\\?token=${printed.token}$`));
    const u = new URL(printed.url);
    const c = await TestClient.open(`ws://${u.host}/api?token=${printed.token}`);
    const info = await c.call('appInfo', {});
    assert.equal((info.result as { dbPath: string }).dbPath, join(home, 'lab.sqlite'));
    assert.equal((info.result as { importFrom: string | null }).importFrom, realpathSync(home), '--allow-import-from, resolved');
    c.close();
    const exited = new Promise<number | null>((ok) => child.once('exit', ok));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  }
});

test('serve refuses bad flags with a one-line error', () => {
  for (const args of [['--port', '70000'], ['--port', 'abc'], ['--host', 'a b'], ['--bogus'], ['--threads', '0'], ['--engine', 'cuda'], ['--allow-import-from', join(tmpdir(), 'rl-no-such-folder')], ['--allow-import-from', '']]) {
    const r = spawnSync(process.execPath, [bin, 'serve', ...args], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, RECURRENT_LAB_HOME: tmpdir() } });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^recurrent-lab serve: .+\n$/, JSON.stringify(r.stderr));
  }
});
