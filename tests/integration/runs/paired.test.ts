// Two runs compared review by review, end to end on real IMDB: every finished run stores its test predictions;
// `compare A B --json` reports paired numbers equal to a recomputation from both runs' `show --predictions
// --json`; runs on different test sets are not paired; a tampered predictions file is refused; a run without
// stored predictions says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { SKIP, TINY, cli, lastJsonLine, tempHome } from './helpers.js';

interface PredictionsJson {
  n: number;
  limitTest: number | null;
  path: string;
  sha256: string;
  threshold: number;
  index: number[];
  label: number[];
  probability: number[];
}
interface ShowJson {
  run: { id: string; test: { accuracy: number; n: number } | null };
  predictions: PredictionsJson | null;
  predictionsNote: string | null;
}
interface Paired {
  n: number;
  b: number;
  c: number;
  accuracyDiff: number;
  ci95: [number, number];
  pValue: number;
  agreement: number;
  test: string;
}

/** P(X ≤ k) for X ~ Binomial(m, 1/2), summed term by term in log space (an independent check of the library). */
function binomHalfCdf(k: number, m: number): number {
  let logC = 0; // log C(m, 0)
  let s = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logC += Math.log(m - i + 1) - Math.log(i);
    s += Math.exp(logC - m * Math.LN2);
  }
  return s;
}

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('compare A B --json pairs two runs on the same test reviews, equal to a recomputation from show --predictions --json', { skip: SKIP, timeout: 600_000 }, () => {
  const h = tempHome();
  try {
    const train = (extra: string[], tiny = TINY) => {
      const r = cli(['train', ...tiny, ...extra, '--json'], h.env);
      assert.equal(r.status, 0, r.stderr);
      const j = lastJsonLine(r.stdout);
      assert.equal(j.status, 'finished');
      return String(j.runId);
    };
    const a = train(['--epochs', '2']);
    const b = train(['--arch', 'gru', '--epochs', '1', '--seed', '7']);
    const show = (id: string) => {
      const r = cli(['show', id, '--predictions', '--json'], h.env);
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as ShowJson;
    };
    const sa = show(a);
    const sb = show(b);
    const pa = sa.predictions;
    const pb = sb.predictions;
    assert.ok(pa && pb);
    assert.equal(pa.n, 128);
    assert.equal(pa.limitTest, 128);
    assert.deepEqual(pa.index, Array.from({ length: 128 }, (_, i) => i));
    assert.deepEqual(pa.label, pb.label);
    assert.ok(pa.label.every((l) => l === 0 || l === 1));
    assert.equal(pa.probability.length, 128);
    // The stored predictions are the ones the run's test accuracy came from.
    for (const s of [sa, sb]) {
      const p = s.predictions as PredictionsJson;
      const right = p.probability.filter((v, i) => (v >= p.threshold ? 1 : 0) === p.label[i]).length;
      close(right / p.n, s.run.test?.accuracy ?? NaN, `accuracy of ${s.run.id}`);
    }

    // Recompute the paired numbers from the two `show` outputs alone.
    let nb = 0, nc = 0, same = 0;
    for (let i = 0; i < pa.n; i++) {
      const ra = (pa.probability[i] as number) >= 0.5 === (pa.label[i] === 1);
      const rb = (pb.probability[i] as number) >= 0.5 === (pb.label[i] === 1);
      if (ra === rb) same++;
      else if (ra) nb++;
      else nc++;
    }
    const n = pa.n;
    const d = (nc - nb) / n;
    const se = Math.sqrt(nb + nc - ((nc - nb) ** 2) / n) / n;
    const p = nb + nc === 0 ? 1 : Math.min(1, 2 * binomHalfCdf(Math.min(nb, nc), nb + nc));

    const cmp = cli(['compare', a, b, '--json'], h.env);
    assert.equal(cmp.status, 0, cmp.stderr);
    const j = JSON.parse(cmp.stdout) as { paired: Paired | null; pairedNote: string | null };
    assert.equal(j.pairedNote, null);
    const q = j.paired;
    assert.ok(q);
    assert.equal(q.test, 'mcnemar-exact');
    assert.equal(q.n, n);
    assert.equal(q.b, nb);
    assert.equal(q.c, nc);
    close(q.accuracyDiff, d, 'accuracyDiff');
    close(q.accuracyDiff, (sb.run.test?.accuracy ?? NaN) - (sa.run.test?.accuracy ?? NaN), 'accuracyDiff = acc(B) − acc(A)');
    close(q.ci95[0], d - 1.96 * se, 'ci95 low');
    close(q.ci95[1], d + 1.96 * se, 'ci95 high');
    close(q.pValue, p, 'pValue');
    close(q.agreement, same / n, 'agreement');
    // The text form says the same.
    assert.match(cli(['compare', a, b], h.env).stdout, new RegExp(`paired on ${n} test reviews: .* ${nb}, the reverse ${nc};.*McNemar exact p = `, 's'));

    // A run on a different test set (limitTest 100) is not paired.
    const c = train(['--epochs', '1'], TINY.map((v, i) => (TINY[i - 1] === '--limit-test' ? '100' : v)));
    const other = JSON.parse(cli(['compare', a, c, '--json'], h.env).stdout) as { paired: Paired | null; pairedNote: string };
    assert.equal(other.paired, null);
    assert.match(other.pairedNote, /not paired: the runs were evaluated on different test sets \(128 and 100 reviews/);
    // Three runs: no paired test.
    assert.match((JSON.parse(cli(['compare', a, b, c, '--json'], h.env).stdout) as { pairedNote: string }).pairedNote, /exactly two runs/);

    // A tampered predictions file is refused: show fails naming the file, compare reports it instead of pairing.
    const original = readFileSync(pa.path);
    const bad = Buffer.from(original);
    bad.writeFloatLE(1 - bad.readFloatLE(bad.length - 5 * n), bad.length - 5 * n); // flip review 0's probability
    writeFileSync(pa.path, bad);
    const refused = cli(['show', a, '--predictions', '--json'], h.env);
    assert.equal(refused.status, 2, refused.stderr);
    assert.equal(refused.stderr, `recurrent-lab show: predictions ${pa.path} are damaged: they do not match the SHA-256 in their header (the file was changed after it was written)\n`);
    const damaged = JSON.parse(cli(['compare', a, b, '--json'], h.env).stdout) as { paired: Paired | null; pairedNote: string };
    assert.equal(damaged.paired, null);
    assert.match(damaged.pairedNote, /are damaged/);
    writeFileSync(pa.path, original);
    assert.equal(cli(['show', a, '--predictions', '--json'], h.env).status, 0);

    // A run without stored predictions (as runs finished before they existed) says so.
    rmSync(pb.path);
    const none = show(b);
    assert.equal(none.predictions, null);
    assert.equal(none.predictionsNote, `run ${b} has no stored test predictions (the run finished before per-review predictions were stored; \`recurrent-lab reevaluate RUN\` stores them)`);
    const noPair = JSON.parse(cli(['compare', a, b, '--json'], h.env).stdout) as { paired: Paired | null; pairedNote: string };
    assert.equal(noPair.paired, null);
    assert.equal(noPair.pairedNote, `run ${b} has no stored test predictions (it finished before per-review predictions were stored) — re-evaluate it (Compare's "Re-evaluate", or recurrent-lab reevaluate ${b})`);

    // Re-evaluating its final weights stores them again: the same reviews, the same pairing as before.
    const re = cli(['reevaluate', b, a, '--json'], h.env);
    assert.equal(re.status, 0, re.stderr);
    const outcomes = (lastJsonLine(re.stdout) as { results: { runId: string; outcome: string; accuracy: number }[] }).results;
    assert.deepEqual(outcomes.map((o) => [o.runId, o.outcome]), [[b, 'written'], [a, 'present']]);
    const back = JSON.parse(cli(['compare', a, b, '--json'], h.env).stdout) as { paired: Paired | null };
    assert.ok(back.paired, 'paired again');
    assert.equal(back.paired.b, q.b);
    assert.equal(back.paired.c, q.c);
    // A run that is not finished has nothing to re-evaluate.
    const notFinished = cli(['reevaluate', 'nope'], h.env);
    assert.notEqual(notFinished.status, 0);
    assert.match(notFinished.stderr, /unknown run "nope"/);
  } finally {
    h.cleanup();
  }
});
