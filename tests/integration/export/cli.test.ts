// `export` and `predict` end to end as real processes: runs trained by the real `train` CLI on real IMDB
// slices into a real SQLite store, exported, loaded and scored; refusals are one-line errors with exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SKIP, TINY, cli, lastJsonLine, tempHome } from '../runs/helpers.js';
import { loadPureTfjs } from '../../../main/engine/tfjs/tf.js';
import { loadExportedModel } from '../../../main/export/artifacts.js';
import { Tokenizer, parseTokenizer } from '../../../main/export/tokenizer.js';
import { RESET_AFTER_WARNING } from '../../../main/export/export.js';

const REVIEW = 'One of the best films I have seen this year: moving, funny, and the acting is superb. Highly recommended!';

test('export RUN --out DIR --json writes a TF.js model of the trained run; predict --json scores text with it', { skip: SKIP }, async () => {
  const h = tempHome();
  try {
    const tr = cli(['train', ...TINY, '--epochs', '1', '--json'], h.env);
    assert.equal(tr.status, 0, tr.stderr);
    const runId = String(lastJsonLine(tr.stdout).runId);
    const out = join(h.dir, 'exports', 'lstm');
    const ex = cli(['export', runId.slice(0, 6), '--out', out, '--json'], h.env);
    assert.equal(ex.status, 0, ex.stderr);
    const r = JSON.parse(ex.stdout.trim()) as { runId: string; dir: string; files: { name: string; bytes: number }[]; tfjsLoadable: boolean; warnings: string[] };
    assert.equal(r.runId, runId);
    assert.equal(r.dir, out);
    assert.equal(r.tfjsLoadable, true);
    assert.deepEqual(r.warnings, []);
    for (const f of ['model.json', 'group1-shard1of1.bin', 'tokenizer.json', 'model-card.json']) assert.ok(existsSync(join(out, f)), f);

    // The model card carries the run's settings, data provenance, metrics and the app version.
    const show = JSON.parse(cli(['show', runId, '--json'], h.env).stdout) as {
      run: { model: unknown; train: unknown; dataFingerprint: string; test: { accuracy: number }; appVersion: string };
      artifacts: { kind: string; path: string }[];
    };
    const card = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'));
    assert.deepEqual(card.model, show.run.model);
    assert.deepEqual(card.train, show.run.train);
    assert.equal(card.data.fingerprint, show.run.dataFingerprint);
    assert.equal(card.metrics.test.accuracy, show.run.test.accuracy);
    assert.equal(card.run.id, runId);
    assert.equal(card.appVersion, show.run.appVersion);
    assert.ok(show.artifacts.some((a) => a.kind === 'export' && a.path === out), 'the export is recorded with the run');

    // The tokenizer holds the word index limited to num_words (TINY keeps the tutorial's 10,000).
    const tok = parseTokenizer(JSON.parse(readFileSync(join(out, 'tokenizer.json'), 'utf8')));
    assert.equal(tok.numWords, 10000);
    assert.equal(Object.keys(tok.wordIndex).length, 10000 - 4, 'ranks 1 … 9996 (ids 4 … 9999)');

    // predict --json, and plain TF.js from the files gives the same probability.
    const pr = cli(['predict', '--model', out, '--text', REVIEW, '--json'], h.env);
    assert.equal(pr.status, 0, pr.stderr);
    const p = JSON.parse(pr.stdout.trim()) as { probability: number; label: string; tokens: string[]; oov: string[]; truncated: boolean };
    assert.ok(p.probability > 0 && p.probability < 1);
    assert.equal(p.label, p.probability > 0.5 ? 'positive' : 'negative');
    assert.equal(p.tokens[0], 'one');
    assert.equal(p.truncated, false);
    const tf = await loadPureTfjs();
    const model = await loadExportedModel(out, tf);
    const seq = new Tokenizer(tok).encode(REVIEW).sequence;
    const viaTfjs = (model.predict(tf.tensor2d(seq, [1, seq.length], 'int32')) as ReturnType<typeof tf.tensor>).dataSync()[0]!;
    assert.ok(Math.abs(viaTfjs - p.probability) <= 1e-5, `tfjs ${viaTfjs} vs predict ${p.probability}`);
    model.dispose();

    // Refusals: one line on stderr, exit 2, nothing overwritten.
    const before = readFileSync(join(out, 'group1-shard1of1.bin'));
    for (const [args, re] of [
      [['export', runId, '--out', out], /not empty.*--overwrite/],
      [['export', runId, '--out', '../escape'], /\.\./],
      [['export', 'ffffffffffff', '--out', join(h.dir, 'x')], /run/i],
      [['export', runId], /--out/],
      [['predict', '--model', join(h.dir, 'nothing'), '--text', 'good'], /not found/],
    ] as [string[], RegExp][]) {
      const e = cli(args, h.env);
      assert.equal(e.status, 2, `${args.join(' ')}: ${e.stderr}`);
      assert.match(e.stderr, re);
      assert.equal(e.stderr.trim().split('\n').length, 1, e.stderr);
    }
    assert.deepEqual(readFileSync(join(out, 'group1-shard1of1.bin')), before);
    const again = cli(['export', runId, '--out', out, '--overwrite', '--json'], h.env);
    assert.equal(again.status, 0, again.stderr);
  } finally {
    h.cleanup();
  }
});

test('exporting a GRU with reset_after=true (the Keras default) warns on the CLI and in the model card', { skip: SKIP }, () => {
  const h = tempHome();
  try {
    const tr = cli(['train', ...TINY, '--arch', 'gru', '--epochs', '1', '--json'], h.env);
    assert.equal(tr.status, 0, tr.stderr);
    const runId = String(lastJsonLine(tr.stdout).runId);
    const out = join(h.dir, 'gru');
    const text = cli(['export', runId, '--out', out], h.env);
    assert.equal(text.status, 0, text.stderr);
    assert.ok(text.stderr.includes(`warning: ${RESET_AFTER_WARNING}`), text.stderr);
    assert.match(text.stdout, /NOT loadable by plain TF\.js/);
    const card = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'));
    assert.equal(card.tfjsLoadable, false);
    assert.deepEqual(card.warnings, [RESET_AFTER_WARNING]);
    const pr = cli(['predict', '--model', out, '--text', REVIEW, '--json'], h.env);
    assert.equal(pr.status, 0, pr.stderr);
    const tfjs = cli(['predict', '--model', out, '--text', REVIEW, '--runtime', 'tfjs', '--json'], h.env);
    assert.equal(tfjs.status, 2);
    assert.match(JSON.parse(tfjs.stdout.trim()).error, /reset_after/);
  } finally {
    h.cleanup();
  }
});

test('export --format onnx writes model.onnx beside tokenizer.json and the card; predict scores it with onnxruntime (= the TF.js export ≤ 1e-5)', { skip: SKIP }, () => {
  const h = tempHome();
  try {
    const tr = cli(['train', ...TINY, '--arch', 'gru', '--epochs', '1', '--json'], h.env);
    assert.equal(tr.status, 0, tr.stderr);
    const runId = String(lastJsonLine(tr.stdout).runId);
    const onnx = join(h.dir, 'onnx');
    const ex = cli(['export', runId, '--out', onnx, '--format', 'onnx', '--json'], h.env);
    assert.equal(ex.status, 0, ex.stderr);
    const r = JSON.parse(ex.stdout.trim()) as { format: string; files: { name: string }[]; warnings: string[] };
    assert.equal(r.format, 'onnx');
    assert.deepEqual(r.warnings, [], 'GRU reset_after=true is plain ONNX (linear_before_reset=1): no warning');
    assert.deepEqual(r.files.map((f) => f.name).sort(), ['model-card.json', 'model.onnx', 'tokenizer.json']);
    assert.equal(JSON.parse(readFileSync(join(onnx, 'model-card.json'), 'utf8')).modelFormat, 'onnx');
    const text = cli(['export', runId, '--out', join(h.dir, 'onnx2'), '--format', 'onnx'], h.env);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /ONNX \(opset 14\)/);

    const tfjsDir = join(h.dir, 'tfjs');
    assert.equal(cli(['export', runId, '--out', tfjsDir], h.env).status, 0);
    const viaOnnx = cli(['predict', '--model', onnx, '--text', REVIEW, '--json'], h.env);
    assert.equal(viaOnnx.status, 0, viaOnnx.stderr);
    const viaEngine = cli(['predict', '--model', tfjsDir, '--text', REVIEW, '--json'], h.env);
    const a = JSON.parse(viaOnnx.stdout.trim()) as { probability: number; tokens: string[] };
    const b = JSON.parse(viaEngine.stdout.trim()) as { probability: number; tokens: string[] };
    assert.ok(Math.abs(a.probability - b.probability) <= 1e-5, `onnx ${a.probability} vs engine ${b.probability}`);
    assert.deepEqual(a.tokens, b.tokens);
    const explicit = cli(['predict', '--model', onnx, '--text', REVIEW, '--runtime', 'onnx', '--json'], h.env);
    assert.equal(JSON.parse(explicit.stdout.trim()).probability, a.probability);

    for (const [args, re] of [
      [['export', runId, '--out', join(h.dir, 'x'), '--format', 'h5'], /--format must be one of tfjs, onnx/],
      [['predict', '--model', onnx, '--text', 'good', '--runtime', 'engine'], /ONNX export.*--runtime onnx/],
      [['predict', '--model', tfjsDir, '--text', 'good', '--runtime', 'onnx'], /--format onnx/],
    ] as [string[], RegExp][]) {
      const e = cli(args, h.env);
      assert.equal(e.status, 2, `${args.join(' ')}: ${e.stderr}`);
      assert.match(e.stderr, re);
    }
  } finally {
    h.cleanup();
  }
});
