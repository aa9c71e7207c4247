// `recurrent-lab data …` run in-process through main() with a capturing CliIO, on the real data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { data, privateCache, SKIP, tempDir } from './helpers.js';
import { main } from '../../../main/cli/index.js';
import type { CliIO } from '../../../main/cli/io.js';
import { loadData } from '../../../main/data/index.js';

privateCache();

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false, env: { ...env, RECURRENT_LAB_CACHE: process.env.RECURRENT_LAB_CACHE } };
  const code = await main(argv, io);
  return { code, out, err };
}

function json(out: string): Record<string, unknown> {
  const lines = out.trim().split('\n');
  assert.equal(lines.length, 1, 'one JSON document on stdout');
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

test('data info --json: counts per split and label, source, fingerprint, stats', { skip: SKIP }, async () => {
  const r = await run(['data', 'info', '--data', data(), '--num-words', '10000', '--max-len', '200', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = json(r.out);
  assert.deepEqual(j.counts, { train: { pos: 12500, neg: 12500 }, test: { pos: 12500, neg: 12500 } });
  assert.equal(j.source, 'npz');
  assert.equal(j.fingerprint, (await loadData(data(), { numWords: 10000 })).fingerprint);
  const stats = j.stats as { meanLength: number; medianLength: number; oovRate: number; truncatedShare: number; lengthHistogram: { counts: number[] } };
  assert.ok(stats.meanLength > 200 && stats.meanLength < 300, String(stats.meanLength));
  assert.ok(stats.oovRate > 0 && stats.oovRate < 0.2);
  assert.ok(stats.truncatedShare > 0.2 && stats.truncatedShare < 0.6);
  assert.equal(
    stats.lengthHistogram.counts.reduce((a, b) => a + b, 0),
    50000,
  );
  // the data folder from the environment when --data is absent; human output without --json
  const h = await run(['data', 'info'], { RECURRENT_LAB_DATA: data() });
  assert.equal(h.code, 0, h.err);
  assert.match(h.out, /train: 25000 reviews \(12500 positive, 12500 negative\)/);
});

test('data sample: load_data list, padded only with --max-len, decoded text', { skip: SKIP }, async () => {
  const r = await run(['data', 'sample', '--split', 'train', '--index', '0', '--num-words', '10000', '--data', data(), '--json']);
  assert.equal(r.code, 0, r.err);
  const j = json(r.out) as { split: string; index: number; label: number; sequence: number[]; text: string };
  assert.equal(j.split, 'train');
  assert.equal(j.index, 0);
  assert.equal(j.label, 1);
  assert.equal(j.sequence.length, 218);
  assert.deepEqual(j.sequence.slice(0, 12), [1, 14, 22, 16, 43, 530, 973, 1622, 1385, 65, 458, 4468]);
  assert.match(j.text, /^\? this film was just brilliant casting location scenery story direction/);
  const p = json((await run(['data', 'sample', '--split', 'train', '--index', '0', '--num-words', '10000', '--max-len', '200', '--data', data(), '--json'])).out) as { sequence: number[] };
  assert.deepEqual(p.sequence, j.sequence.slice(-200), "Keras' default truncating='pre' keeps the end");
  const q = json((await run(['data', 'sample', '--split', 'test', '--index', '0', '--num-words', '10000', '--max-len', '100', '--data', data(), '--json'])).out) as { sequence: number[]; label: number };
  assert.equal(q.sequence.length, 100);
  assert.deepEqual(q.sequence.slice(0, 32), new Array(32).fill(0));
  assert.deepEqual(q.sequence.slice(32, 36), [1, 591, 202, 14]);
  assert.equal(q.label, 0);
});

test('bad input: one-line errors and exit code 2', { skip: SKIP }, async () => {
  const empty = tempDir('cli-empty');
  const cases: [string[], RegExp][] = [
    [['data', 'sample', '--split', 'dev', '--index', '0', '--data', data()], /unknown split "dev"/],
    [['data', 'sample', '--split', 'train', '--index', '25000', '--data', data()], /index 25000 is out of range for the train split \(0–24999\)/],
    [['data', 'sample', '--split', 'test', '--index=-1', '--data', data()], /out of range/],
    [['data', 'sample', '--split', 'test', '--index', 'x', '--data', data()], /--index must be an integer/],
    [['data', 'info', '--num-words', '3', '--data', data()], /--num-words must be at least 4/],
    [['data', 'info', '--data', empty], /no IMDB data in/],
    [['data', 'frobnicate'], /unknown data subcommand "frobnicate"/],
    [['data', 'download', '--data', empty, '--base-url', 'http://127.0.0.1:9/'], /download of http:\/\/127\.0\.0\.1:9\/imdb_word_index\.json failed/],
    [['data', 'import', join(empty, 'missing.npz'), '--data', empty], /file not found/],
  ];
  for (const [argv, why] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, why);
    const j = await run([...argv, '--json']);
    assert.match(String(json(j.out).error), why);
  }
});

test('data import and data status', { skip: SKIP }, async () => {
  const dir = tempDir('cli-imp');
  const before = json((await run(['data', 'status', '--data', dir, '--json'])).out);
  assert.equal(before.ready, false);
  const r = await run(['data', 'import', join(data(), 'imdb.npz'), '--data', dir, '--json']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(json(r.out).files, ['imdb.npz', 'imdb_word_index.json']);
  const after = json((await run(['data', 'status', '--data', dir, '--json'])).out);
  assert.equal(after.ready, true);
  assert.equal(after.source, 'npz');
});
