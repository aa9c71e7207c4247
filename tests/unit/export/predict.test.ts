// predictText / explainText / occlusion and the `predict` CLI on an exported folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { exportModel } from '../../../main/export/export.js';
import { explainText, predictText } from '../../../main/export/predict.js';
import { occlusion } from '../../../main/export/explain.js';
import { Tokenizer, buildTokenizer } from '../../../main/export/tokenizer.js';
import { main } from '../../../main/cli/index.js';
import { isUserError } from '../../../main/errors.js';
import { captureIO, engineModel, tempDir, tinySpec, WORDS } from './helpers.js';

const spec = tinySpec({ arch: 'lstm', numWords: 30, maxLen: 8 });
const engine = engineModel(spec, 17);

async function exported(t: { after(fn: () => void): void }): Promise<string> {
  const out = join(tempDir(t), 'm');
  await exportModel({ spec, weights: engine.getWeights(), outDir: out, card: { appVersion: 'test' }, tokenizer: { wordIndex: WORDS } });
  return out;
}

test('predictText: the same probability through TF.js and through our engine, from the exported tokenizer', async (t) => {
  const dir = await exported(t);
  const text = 'A GREAT film, loved the acting; the ending was superb!';
  const a = await predictText(dir, text, 'tfjs');
  const b = await predictText(dir, text, 'engine');
  const tok = new Tokenizer(buildTokenizer({ wordIndex: WORDS, numWords: 30, maxLen: 8 }));
  const enc = tok.encode(text);
  const ref = (await engine.predict(enc.sequence, 1))[0]!;
  assert.ok(Math.abs(a.probability - ref) <= 1e-5, `tfjs ${a.probability} vs engine ${ref}`);
  assert.ok(Math.abs(b.probability - ref) <= 1e-6);
  assert.equal(a.label, a.probability > 0.5 ? 'positive' : 'negative');
  assert.deepEqual(a.tokens, ['a', 'great', 'film', 'loved', 'the', 'acting', 'the', 'ending', 'was', 'superb']);
  assert.deepEqual(a.oov, ['was']);
  assert.equal(a.truncated, true, '1 start char + 10 words > maxLen 8');
  assert.deepEqual(b, { ...a, probability: b.probability });
  await assert.rejects(predictText(dir, '   '), (e: unknown) => isUserError(e) && /empty/.test(e.message));
  await assert.rejects(predictText(join(dir, 'nope'), 'good'), (e: unknown) => isUserError(e) && e.code === 'not_found');
});

test('occlusion: each contribution is the probability drop when that token becomes the OOV id', async () => {
  const seq = Int32Array.from([0, 0, 1, 15, 2, 13, 17, 24]);
  const r = await occlusion({ predict: (x, n) => engine.predict(x, n), oovChar: 2 }, seq);
  const base = (await engine.predict(seq, 1))[0]!;
  assert.ok(Math.abs(r.probability - base) < 1e-7);
  for (let t = 0; t < seq.length; t++) {
    if ([0, 1, 2].includes(seq[t]!)) {
      assert.equal(r.contributions[t], 0, `position ${t} is skipped`);
      continue;
    }
    const x = seq.slice();
    x[t] = 2;
    const p = (await engine.predict(x, 1))[0]!;
    assert.ok(Math.abs(r.contributions[t]! - (base - p)) < 1e-6, `position ${t}`);
  }
  assert.ok(r.contributions.some((c) => c !== 0));
});

test('explainText: one contribution per word, null for OOV and truncated words', async (t) => {
  const dir = await exported(t);
  const r = await explainText(dir, 'the plot was boring and the acting was awful');
  assert.equal(r.contributions.length, r.tokens.length);
  assert.deepEqual(r.contributions.map((c) => c.token), r.tokens);
  const was = r.contributions[2]!;
  assert.equal(was.oov, true);
  assert.equal(was.contribution, null);
  assert.equal(r.contributions[0]!.contribution, null, '"the" was truncated away (start char + 9 words > 8)');
  assert.ok(r.contributions.filter((c) => c.contribution !== null).every((c) => Number.isFinite(c.contribution)));
  const p = await predictText(dir, 'the plot was boring and the acting was awful');
  assert.ok(Math.abs(p.probability - r.probability) < 1e-7);
});

test('predict CLI: --json prints exactly {probability, label, tokens, oov, truncated}; bad input exits 2 with one line', async (t) => {
  const dir = await exported(t);
  const io = captureIO();
  const code = await main(['predict', '--model', dir, '--text', 'Superb cast, great plot, rare words.', '--json'], io);
  assert.equal(code, 0, io.stderr);
  const lines = io.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const j = JSON.parse(lines[0]!);
  assert.deepEqual(Object.keys(j).sort(), ['label', 'oov', 'probability', 'tokens', 'truncated']);
  const direct = await predictText(dir, 'Superb cast, great plot, rare words.');
  assert.ok(Math.abs(j.probability - direct.probability) < 1e-7);
  assert.deepEqual(j.tokens, ['superb', 'cast', 'great', 'plot', 'rare', 'words']);
  assert.deepEqual(j.oov, ['rare', 'words'], 'rare: rank beyond numWords; words: unknown');
  assert.equal(j.truncated, false);

  const tfjs = captureIO();
  assert.equal(await main(['predict', '--model', dir, '--text', 'Superb cast, great plot, rare words.', '--runtime', 'tfjs', '--json'], tfjs), 0, tfjs.stderr);
  assert.ok(Math.abs(JSON.parse(tfjs.stdout).probability - j.probability) <= 1e-5);

  const text = captureIO();
  assert.equal(await main(['predict', '--model', dir, '--text', 'awful'], text), 0);
  assert.match(text.stdout, /^(positive|negative) \(probability of positive 0\.\d{4}\)/);

  for (const [argv, re] of [
    [['predict', '--text', 'x', '--json'], /--model/],
    [['predict', '--model', dir, '--json'], /--text/],
    [['predict', '--model', join(dir, 'missing'), '--text', 'good', '--json'], /not found/],
    [['predict', '--model', dir, '--text', 'good', '--runtime', 'gpu', '--json'], /--runtime/],
    [['predict', '--model', dir, '--text', 'good', '--bogus', '--json'], /bogus/],
  ] as [string[], RegExp][]) {
    const e = captureIO();
    assert.equal(await main(argv, e), 2, argv.join(' '));
    const err = JSON.parse(e.stdout.trim());
    assert.match(err.error, re);
    assert.equal(e.stderr.trim().split('\n').length, 1);
  }
});
