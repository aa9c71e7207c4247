// `recurrent-lab bench` end to end on tiny shapes (a real training run in a child process): the JSON it
// prints has every field the benchmark promises; bad flags are input errors. No timing assertions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main as cliMain } from '../../../main/cli/index.js';
import { benchCommand } from '../../../bench/command.js';
import type { CliIO } from '../../../main/cli/io.js';

/** The CLI as bin/recurrent-lab.js runs it from a build with bench/. */
const main = (argv: string[], io: CliIO): Promise<number> => cliMain(argv, io, [benchCommand]);

function capture(env: NodeJS.ProcessEnv = {}): { io: CliIO; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const base = { ...process.env };
  delete base['RECURRENT_LAB_PEERS']; // the torch peer is for `npm run bench`, not for tests
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false, env: { ...base, ...env } }, out, err };
}

test('bench --json reports msPerStep, examplesPerSec, peakRssMB, threads, simd and predictMs', async () => {
  const c = capture({ RECURRENT_LAB_THREADS: '2' });
  const code = await main(['bench', '--arch', 'lstm', '--batch-size', '8', '--max-len', '12', '--num-words', '50', '--steps', '2', '--json'], c.io);
  assert.equal(code, 0, c.out.join('') + c.err.join(''));
  const doc = JSON.parse(c.out.join('')) as { results: Record<string, unknown>[] };
  assert.equal(doc.results.length, 1);
  const r = doc.results[0]!;
  assert.equal(r['arch'], 'lstm');
  assert.equal(r['engine'], 'recurrent-lab');
  assert.equal(r['kernels'], 'wasm-simd');
  assert.equal(r['threads'], 2);
  assert.equal(r['simd'], true);
  for (const f of ['msPerStep', 'examplesPerSec', 'peakRssMB', 'predictMs']) {
    assert.ok(typeof r[f] === 'number' && (r[f] as number) > 0, `${f} = ${String(r[f])}`);
  }
  assert.equal(r['torch'], undefined);
  // The TF.js wasm peer (a dev dependency, so installed wherever the tests run) trained the same shapes.
  const t = r['tfjsWasm'] as Record<string, unknown>;
  assert.equal(t['engine'], 'tfjs-wasm', JSON.stringify(t));
  assert.ok((t['msPerStep'] as number) > 0);
  assert.equal(r['speedupVsTfjsWasm'], Math.round(((t['msPerStep'] as number) / (r['msPerStep'] as number)) * 10) / 10);
});

test('bench --threads 1,2 --json times each architecture at each thread count', async () => {
  const c = capture();
  // Batch 16: two shares of 8 rows, so the second count really trains on 2 threads.
  const code = await main(['bench', '--arch', 'gru', '--batch-size', '16', '--max-len', '12', '--num-words', '50', '--steps', '2', '--threads', '1,2', '--json'], c.io);
  assert.equal(code, 0, c.out.join('') + c.err.join(''));
  const doc = JSON.parse(c.out.join('')) as {
    results: { arch: string; threads: number[]; msPerStep: Record<string, number>; speedup: Record<string, number>; runs: Record<string, unknown>[] }[];
  };
  assert.equal(doc.results.length, 1);
  const r = doc.results[0]!;
  assert.equal(r.arch, 'gru');
  assert.deepEqual(r.threads, [1, 2]);
  assert.deepEqual(Object.keys(r.msPerStep), ['1', '2']);
  for (const t of ['1', '2']) assert.ok(r.msPerStep[t]! > 0, `msPerStep[${t}] = ${r.msPerStep[t]}`);
  assert.equal(r.speedup['1'], 1);
  assert.equal(r.speedup['2'], Math.round((r.msPerStep['1']! / r.msPerStep['2']!) * 100) / 100);
  assert.deepEqual(r.runs.map((x) => [x['threads'], x['msPerStep'], x['engine']]), [[1, r.msPerStep['1'], 'recurrent-lab'], [2, r.msPerStep['2'], 'recurrent-lab']]);
  assert.ok(!('tfjsWasm' in r) && !('torch' in r), 'a sweep runs no peers');
});

test('bench rejects an unknown architecture, out-of-range sizes and a bad RECURRENT_LAB_THREADS', async () => {
  for (const [argv, env, msg] of [
    [['bench', '--arch', 'transformer', '--json'], {}, /--arch must be one of/],
    [['bench', '--batch-size', '0', '--json'], {}, /--batch-size must be in 1\.\.4096/],
    [['bench', '--steps', '2.5', '--json'], {}, /--steps must be an integer/],
    [['bench', '--json'], { RECURRENT_LAB_THREADS: '0' }, /RECURRENT_LAB_THREADS/],
  ] as const) {
    const c = capture(env);
    assert.equal(await main([...argv], c.io), 2);
    assert.match((JSON.parse(c.out.join('')) as { error: string }).error, msg);
  }
});
