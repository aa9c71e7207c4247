// The error analysis on two real tiny runs, through the CLI: `show --analysis --json` (accuracy by length,
// calibration) and `compare A B --disagreements N --json` agree with a recomputation from `show --predictions
// --json` and `data sample` (each review's tokens and text), and bad flags are refused with one clear line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadData } from '../../../main/data/index.js';
import { DATA_DIR, SKIP, TINY, cli, lastJsonLine, tempHome } from './helpers.js';

interface Bucket { label: string; minLength: number; maxLength: number | null; truncated: boolean; n: number; correct: number; accuracy: number | null }
interface Analysis {
  runId: string;
  n: number;
  accuracy: number;
  maxLen: number;
  byLength: Bucket[];
  calibration: { bins: { n: number; meanPredicted: number | null; positiveRate: number | null }[]; brier: number; ece: number; mce: number; binning: string };
}
interface Predictions { n: number; label: number[]; probability: number[] }
interface Item { index: number; label: number; probabilityA: number; probabilityB: number; right: 'a' | 'b'; length: number; text: string }
interface PairedBucket { label: string; n: number; accuracyA: number | null; accuracyB: number | null; paired: { b: number; c: number; pValue: number } | null }
interface Page { runIds: [string, string]; n: number; total: number; b: number; c: number; offset: number; items: Item[]; byLength: PairedBucket[] }

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-9, `${what}: ${a} vs ${b}`);

test('show --analysis and compare --disagreements on two real tiny runs equal a recomputation from the predictions and the data', { skip: SKIP, timeout: 600_000 }, async () => {
  const h = tempHome();
  try {
    const train = (extra: string[]) => {
      const r = cli(['train', ...TINY, '--epochs', '1', ...extra, '--json'], h.env);
      assert.equal(r.status, 0, r.stderr);
      return String(lastJsonLine(r.stdout).runId);
    };
    const a = train(['--arch', 'rnn']);
    const b = train(['--arch', 'gru', '--seed', '7']);
    const json = (args: string[]) => {
      const r = cli(args, h.env);
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    };
    const preds = (id: string) => json(['show', id, '--predictions', '--json']).predictions as Predictions;
    const pa = preds(a);
    const pb = preds(b);

    // Each test review's tokens (start mark included), as load_data gives them.
    const lengths = (await loadData(DATA_DIR as string, { numWords: 10000 })).xTest.slice(0, pa.n).map((x) => x.length);

    const bounds: [number, number][] = [[0, 32], [33, 64], [65, Infinity]];
    const an = json(['show', a, '--analysis', '--json']).analysis as Analysis;
    assert.equal(an.runId, a);
    assert.equal(an.n, 128);
    assert.equal(an.maxLen, 64); // TINY's --max-len 64: buckets at 32 and 64
    assert.deepEqual(an.byLength.map((x) => x.label), ['≤ 32', '33–64', '> 64 (truncated)']);
    an.byLength.forEach((bucket, k) => {
      const [lo, hi] = bounds[k] as [number, number];
      const idx = lengths.map((l, i) => (l >= lo && l <= hi ? i : -1)).filter((i) => i >= 0);
      const right = idx.filter((i) => ((pa.probability[i] as number) >= 0.5 ? 1 : 0) === pa.label[i]).length;
      assert.equal(bucket.n, idx.length, `${bucket.label} count`);
      assert.equal(bucket.correct, right, `${bucket.label} correct`);
    });
    // Most IMDB reviews are longer than 64 tokens: the truncated bucket is the big one.
    assert.ok((an.byLength[2]?.n ?? 0) > 64, JSON.stringify(an.byLength));
    // Calibration recomputed from the predictions: Brier, and ECE over 10 equal-width bins.
    const n = pa.n;
    close(an.calibration.brier, pa.probability.reduce((s, p, i) => s + (p - (pa.label[i] as number)) ** 2, 0) / n, 'brier');
    let ece = 0;
    for (let k = 0; k < 10; k++) {
      const idx = pa.probability.map((p, i) => (Math.min(9, Math.floor(p * 10)) === k ? i : -1)).filter((i) => i >= 0);
      assert.equal(an.calibration.bins[k]?.n, idx.length, `bin ${k}`);
      if (idx.length === 0) continue;
      const meanP = idx.reduce((s, i) => s + (pa.probability[i] as number), 0) / idx.length;
      const rate = idx.reduce((s, i) => s + (pa.label[i] as number), 0) / idx.length;
      ece += (idx.length / n) * Math.abs(meanP - rate);
    }
    close(an.calibration.ece, ece, 'ece');
    // The text form says the same.
    const text = cli(['show', a, '--analysis'], h.env);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`> 64 \\(truncated\\)\\s+${an.byLength[2]?.n} reviews`));
    assert.match(text.stdout, new RegExp(`calibration: Brier ${an.calibration.brier.toFixed(4)}  ECE ${an.calibration.ece.toFixed(4)}`));

    // The disagreements: every review the two runs classify differently, most differently scored first.
    const cmp = json(['compare', a, b, '--disagreements', '100', '--json']);
    const page = cmp.disagreements as Page;
    const paired = cmp.paired as { b: number; c: number };
    const differ = pa.probability.map((p, i) => (p >= 0.5 !== (pb.probability[i] as number) >= 0.5 ? i : -1)).filter((i) => i >= 0);
    assert.ok(differ.length > 0, 'two different tiny models disagree somewhere');
    assert.equal(page.total, differ.length);
    assert.equal(page.b, paired.b);
    assert.equal(page.c, paired.c);
    assert.deepEqual(page.items.map((d) => d.index).sort((x, y) => x - y), differ.slice(0, 100));
    const gaps = page.items.map((d) => Math.abs(d.probabilityA - d.probabilityB));
    assert.deepEqual(gaps, [...gaps].sort((x, y) => y - x));
    for (const d of page.items) {
      assert.equal(d.probabilityA, pa.probability[d.index]);
      assert.equal(d.probabilityB, pb.probability[d.index]);
      assert.equal(d.label, pa.label[d.index]);
      assert.equal(d.right, ((d.probabilityA >= 0.5 ? 1 : 0) === d.label ? 'a' : 'b'));
      assert.equal(d.length, lengths[d.index]);
    }
    // The two runs bucket by bucket: the paired table recomputed from the predictions and the lengths.
    const right = (p: Predictions, i: number) => ((p.probability[i] as number) >= 0.5 ? 1 : 0) === p.label[i];
    assert.deepEqual(page.byLength.map((k) => k.label), ['≤ 32', '33–64', '> 64 (truncated)']);
    page.byLength.forEach((k, j) => {
      const [lo, hi] = bounds[j] as [number, number];
      const idx = lengths.map((l, i) => (l >= lo && l <= hi ? i : -1)).filter((i) => i >= 0);
      assert.equal(k.n, idx.length);
      if (idx.length === 0) return assert.equal(k.paired, null);
      assert.equal(k.paired?.b, idx.filter((i) => right(pa, i) && !right(pb, i)).length, `${k.label} b`);
      assert.equal(k.paired?.c, idx.filter((i) => !right(pa, i) && right(pb, i)).length, `${k.label} c`);
      close(k.accuracyB ?? NaN, idx.filter((i) => right(pb, i)).length / idx.length, `${k.label} accuracy B`);
    });
    assert.equal(page.byLength.reduce((s, k) => s + (k.paired?.b ?? 0), 0), paired.b);
    // The text is the review `data sample` decodes (which shows the start mark too, as "?"; unknown words as [oov]).
    const top = page.items[0] as Item;
    const sample = json(['data', 'sample', '--split', 'test', '--index', String(top.index), '--num-words', '10000', '--json']) as { sequence: number[]; text: string };
    assert.equal(sample.sequence.length, top.length);
    assert.equal(top.text, sample.text.split(' ').slice(1).map((w) => (w === '?' ? '[oov]' : w)).join(' '));
    assert.ok(top.text.split(' ').length > 5, top.text);
    // Paging, a filter and a length bound.
    const second = json(['compare', a, b, '--disagreements', '1', '--offset', '1', '--order', 'index', '--json']).disagreements as Page;
    assert.deepEqual(second.items.map((d) => d.index), differ.slice(1, 2));
    const bRightLong = json(['compare', a, b, '--disagreements', '100', '--filter', 'b-right', '--min-length', '65', '--json']).disagreements as Page;
    assert.equal(bRightLong.total, differ.filter((i) => (lengths[i] as number) >= 65 && ((pb.probability[i] as number) >= 0.5 ? 1 : 0) === pb.label[i]).length);
    const shown = cli(['compare', a, b, '--disagreements', '2'], h.env);
    assert.match(shown.stdout, new RegExp(`${differ.length} of 128 test reviews classified differently \\(${a} right ${paired.b}, ${b} right ${paired.c}\\)`));
    assert.match(shown.stdout, new RegExp(`> 64 \\(truncated\\)\\s+${page.byLength[2]?.n} reviews  ${a} \\d+\\.\\d\\d%  ${b} \\d+\\.\\d\\d%  difference -?\\d+\\.\\d\\d% \\[.*\\]  McNemar p = `));

    // Bad flags: one line each, nothing else printed.
    const refused = (args: string[], message: string) => {
      const r = cli(args, h.env);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `recurrent-lab ${args[0]}: ${message}\n`);
    };
    refused(['compare', a, b, '--disagreements', '101'], '--disagreements: at most 100 reviews per page');
    refused(['compare', a, b, '--disagreements', '5', '--filter', 'wrong'], '--filter: Invalid option: expected one of "all"|"a-right"|"b-right"');
    refused(['compare', a, b, '--offset', '5'], '--offset goes with --disagreements N');
    refused(['compare', a, b, a, '--disagreements', '5'], '--disagreements compares exactly two runs (3 given)');
    refused(['compare', a, a, '--disagreements', '5'], 'pick two different runs to see where they disagree');
    refused(['compare', a, b, '--disagreements', '5', '--min-length', '100', '--max-length', '50'], 'minLength 100 is above maxLength 50: no review could match');
    refused(['show', a, '--data', '/nowhere'], '--data goes with --analysis');
  } finally {
    h.cleanup();
  }
});
