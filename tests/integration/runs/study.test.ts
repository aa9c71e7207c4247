// `recurrent-lab study` end to end on real IMDB slices, as a real process: a tiny study trains every
// architecture × seed, stores itself, and reports numbers equal to an independent recomputation from each run's
// `show --predictions --json`; a study killed mid-way resumes (finished runs stay); its HTML report is written;
// bad input fails before anything trains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SKIP, TINY, cli, cliAsync, lastJsonLine, sleep, tempHome } from './helpers.js';

interface Summary { n: number; mean: number; sd: number | null; ci95: [number, number] | null }
interface StudyJson {
  study: { id: string; name: string; grid: { arms: { key: string; train: { validationSplit: number | null } }[]; seeds: number[] } };
  status: string;
  cells: { arm: string; arch: string; seed: number; runId: string | null; status: string; testAccuracy: number | null }[];
  groups: { arm: string; arch: string; runIds: string[]; seeds: number[]; accuracies: number[]; accuracy: Summary | null }[];
  pairs: { a: string; b: string; diff: number; t: number | null; df: number | null; pValue: number | null; pHolm: number | null; sentence: string; matched: { seed: number; runA: string; runB: string; b: number | null; c: number | null }[] }[];
  validation: string;
  selectedOnTest: boolean;
}
interface ShowPredictions { predictions: { label: number[]; probability: number[]; threshold: number } }

const close = (a: number, b: number, what: string, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
/** scipy.stats.t.ppf(0.975, 1) (SciPy 1.17.1): the 95% quantile for two seeds. */
const T975_DF1 = 12.706204736174698;

test('study: a tiny real study equals a recomputation from every run’s stored predictions, and writes its report', { skip: SKIP, timeout: 600_000 }, () => {
  const h = tempHome();
  try {
    const report = join(h.dir, 'study.html');
    const r = cli(['study', '--archs', 'lstm,rnn', '--seeds', '2', '--first-seed', '7', ...TINY, '--epochs', '1', '--engine', 'cpu', '--report', report, '--json'], h.env);
    assert.equal(r.status, 0, r.stderr);
    const s = lastJsonLine(r.stdout) as unknown as StudyJson;
    assert.equal(s.status, 'finished');
    assert.deepEqual(s.study.grid.seeds, [7, 8]);
    // A study validates on a held-out part of the training data unless told otherwise: the test set is used once.
    for (const arm of s.study.grid.arms) assert.equal(arm.train.validationSplit, 0.2);
    assert.equal(s.validation, 'held-out');
    assert.equal(s.selectedOnTest, false);
    assert.equal(s.cells.length, 4);
    assert.match(r.stderr, /4 runs, 1 thread each/);

    // Every run's test accuracy, recomputed from its stored per-review probabilities.
    const preds = new Map<string, ShowPredictions['predictions']>();
    const acc = new Map<string, number>();
    for (const c of s.cells) {
      assert.equal(c.status, 'finished');
      const show = JSON.parse(cli(['show', c.runId!, '--predictions', '--json'], h.env).stdout) as ShowPredictions;
      const p = show.predictions;
      preds.set(c.runId!, p);
      const right = p.probability.filter((v, i) => (v >= p.threshold ? 1 : 0) === p.label[i]).length;
      acc.set(c.runId!, right / p.label.length);
      close(c.testAccuracy!, acc.get(c.runId!)!, `run ${c.runId} test accuracy`);
    }
    for (const g of s.groups) {
      const xs = g.runIds.map((id) => acc.get(id)!);
      const mean = (xs[0]! + xs[1]!) / 2;
      const sd = Math.abs(xs[0]! - xs[1]!) / Math.SQRT2;
      close(g.accuracy!.mean, mean, `${g.arch} mean`);
      close(g.accuracy!.sd!, sd, `${g.arch} sd`);
      // The t interval, cut to [0, 1] (an accuracy cannot leave it).
      const half = (T975_DF1 * sd) / Math.SQRT2;
      close(g.accuracy!.ci95![0], Math.max(0, mean - half), `${g.arch} CI low`, 1e-7);
      close(g.accuracy!.ci95![1], Math.min(1, mean + half), `${g.arch} CI high`, 1e-7);
    }
    assert.equal(s.pairs.length, 1);
    const pair = s.pairs[0]!;
    const [ga, gb] = [s.groups.find((g) => g.arm === pair.a)!, s.groups.find((g) => g.arm === pair.b)!];
    assert.ok(ga.accuracy!.mean >= gb.accuracy!.mean, 'the better group is named first');
    close(pair.diff, ga.accuracy!.mean - gb.accuracy!.mean, 'difference');
    // Welch's t and Welch–Satterthwaite df from the two groups' seeds.
    const [va, vb] = [ga.accuracy!.sd! ** 2 / 2, gb.accuracy!.sd! ** 2 / 2];
    if (va + vb > 0) {
      close(pair.t!, pair.diff / Math.sqrt(va + vb), 'Welch t', 1e-7);
      close(pair.df!, (va + vb) ** 2 / (va ** 2 + vb ** 2), 'Welch df', 1e-7);
      assert.equal(pair.pHolm, pair.pValue, 'one pair: Holm changes nothing');
    }
    assert.match(pair.sentence, /^(LSTM vs SimpleRNN|SimpleRNN vs LSTM): [+−]?\d+\.\d\d points .* over 2 seeds each — /);
    // McNemar's table of each matched seed, recounted review by review.
    assert.deepEqual(pair.matched.map((m) => m.seed), [7, 8]);
    for (const m of pair.matched) {
      const [pa, pb] = [preds.get(m.runA)!, preds.get(m.runB)!];
      let b = 0, c = 0;
      pa.label.forEach((y, i) => {
        const ra = (pa.probability[i]! >= 0.5 ? 1 : 0) === y, rb = (pb.probability[i]! >= 0.5 ? 1 : 0) === y;
        if (ra && !rb) b++;
        if (!ra && rb) c++;
      });
      assert.deepEqual([m.b, m.c], [b, c], `seed ${m.seed}'s disagreement table`);
    }

    // Stored: listed, shown again with the same numbers, its runs in its group.
    const list = JSON.parse(cli(['study', 'list', '--json'], h.env).stdout) as { studies: { id: string; status: string }[] };
    assert.deepEqual(list.studies.map((x) => [x.id, x.status]), [[s.study.id, 'finished']]);
    const again = JSON.parse(cli(['study', 'show', s.study.id.slice(0, 6), '--json'], h.env).stdout) as StudyJson;
    assert.deepEqual(again.groups, s.groups);

    // The report: one self-contained file with the verdict, the tables and inline charts, no scripts.
    assert.ok(existsSync(report));
    const html = readFileSync(report, 'utf8');
    assert.ok(html.includes(pair.sentence.replace(/&/g, '&amp;')), 'the verdict sentence is in the report');
    assert.match(html, /<svg role="img" aria-label="Test accuracy per architecture/);
    assert.match(html, /<svg role="img" aria-label="Mean validation accuracy/);
    assert.doesNotMatch(html, /<script|src="http/);
    for (const c of s.cells) assert.ok(html.includes(c.runId!), `run ${c.runId} listed`);

    // Deleting the study keeps its runs.
    assert.equal(cli(['study', 'delete', s.study.id], h.env).status, 0);
    const runs = JSON.parse(cli(['runs', '--json'], h.env).stdout) as { runs: { id: string }[] };
    assert.equal(runs.runs.length, 4);
    assert.notEqual(cli(['study', 'show', s.study.id], h.env).status, 0);
  } finally {
    h.cleanup();
  }
});

test('study: killed after its first run, it resumes — the finished run stays, the rest train', { skip: SKIP, timeout: 600_000 }, async () => {
  const h = tempHome();
  try {
    const child = cliAsync(['study', '--archs', 'gru,lstm', '--seeds', '2', ...TINY, '--epochs', '2', '--engine', 'cpu', '--threads', '2'], h.env);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise((res) => child.on('exit', res));
    for (let i = 0; i < 600 && !/\[1\/4\]/.test(err); i++) await sleep(100);
    assert.match(err, /\[1\/4\] GRU seed 113 finished/);
    child.kill('SIGKILL');
    await exited;
    const studyId = /study (st[0-9a-f]+):/.exec(err)![1]!;

    const before = JSON.parse(cli(['study', 'show', studyId, '--json'], h.env).stdout) as StudyJson;
    assert.equal(before.status, 'incomplete');
    const done = before.cells.find((c) => c.status === 'finished')!;
    assert.equal(done.arch, 'gru');

    const r = cli(['study', 'resume', studyId, '--json'], h.env);
    assert.equal(r.status, 0, r.stderr);
    const after = lastJsonLine(r.stdout) as unknown as StudyJson;
    assert.equal(after.status, 'finished');
    assert.equal(after.cells.find((c) => c.arch === 'gru' && c.seed === 113)!.runId, done.runId, 'the finished run was kept, not retrained');
    assert.equal(new Set(after.cells.map((c) => c.runId)).size, 4);
    const again = cli(['study', 'resume', studyId], h.env);
    assert.equal(again.status, 0);
    assert.match(again.stderr, /has nothing left to train/);
  } finally {
    h.cleanup();
  }
});

test('study: bad input is refused before anything trains or is stored', { skip: SKIP, timeout: 120_000 }, () => {
  const h = tempHome();
  try {
    const cases: [string[], RegExp][] = [
      [['--seeds', '2'], /study needs --archs/],
      [['--archs', 'lstm,transformer', '--seeds', '2'], /unknown architecture "transformer"/],
      [['--archs', 'lstm,lstm', '--seeds', '2'], /each architecture once/],
      [['--archs', 'lstm'], /study needs --seeds/],
      [['--archs', 'lstm', '--seeds', '0'], /--seeds must be in 1\.\.50/],
      [['--archs', 'lstm', '--seeds', '2', '--epochs', '0'], /epochs must be at least 1/],
      [['--archs', 'lstm', '--seeds', '2', '--report', join(h.dir, 'nowhere', 'r.html')], /--report: the folder .* does not exist/],
      [['--archs', 'lstm', '--seeds', '2', '--report', join(h.dir, 'r.pdf')], /should end in \.html/],
      [['--archs', 'lstm', '--seeds', '2', '--first-seed', '2147483647'], /seeds must lie in/],
    ];
    for (const [args, message] of cases) {
      const r = cli(['study', ...args, ...TINY], h.env);
      assert.notEqual(r.status, 0, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
    }
    assert.ok(!existsSync(h.db) || JSON.parse(cli(['study', 'list', '--json'], h.env).stdout).studies.length === 0, 'no study was stored');
    const unknown = cli(['study', 'show', 'nope'], h.env);
    assert.notEqual(unknown.status, 0);
  } finally {
    h.cleanup();
  }
});

test('study --confirm-sweep: the sweep’s best trial and the Keras tutorial, N seeds each, as a study', { skip: SKIP, timeout: 600_000 }, () => {
  const h = tempHome();
  try {
    const space = join(h.dir, 'space.json');
    writeFileSync(space, JSON.stringify({ units: [4, 8], dropout: [0, 0.2] }));
    const sw = cli(['sweep', '--space', space, '--scheduler', 'grid', '--trials', '2', '--epochs', '2', ...TINY, '--engine', 'cpu', '--json'], h.env);
    assert.equal(sw.status, 0, sw.stderr);
    const sweep = lastJsonLine(sw.stdout) as { sweepId: string; best: { runId: string; bestEpoch: number } };

    const r = cli(['study', '--confirm-sweep', sweep.sweepId, '--seeds', '2', '--limit-train', '256', '--limit-test', '128', '--engine', 'cpu', '--json'], h.env);
    assert.equal(r.status, 0, r.stderr);
    const s = lastJsonLine(r.stdout) as unknown as StudyJson & { study: { grid: { arms: { key: string; model: Record<string, unknown>; train: Record<string, unknown> }[] } } };
    assert.deepEqual(s.study.grid.arms.map((a) => a.key), ['winner', 'tutorial']);
    type Arm = { model: Record<string, unknown>; train: Record<string, unknown> };
    const [won, tutorial] = s.study.grid.arms as unknown as [Arm, Arm];
    // The winner: the best trial's settings, for its best epoch, on the slice asked for; the tutorial as Keras has it.
    const best = JSON.parse(cli(['show', sweep.best.runId, '--json'], h.env).stdout) as { run: { model: Record<string, unknown>; train: Record<string, unknown> } };
    assert.deepEqual(won.model, best.run.model);
    assert.equal(won.train.epochs, sweep.best.bestEpoch);
    assert.deepEqual([tutorial.model.arch, tutorial.model.units, tutorial.model.maxLen, tutorial.train.epochs], ['lstm', 64, 200, 5]);
    for (const a of [won, tutorial]) assert.deepEqual([a.train.limitTrain, a.train.limitTest, a.train.validationSplit], [256, 128, 0.2]);
    assert.equal(s.status, 'finished');
    assert.equal(s.pairs.length, 1);
    assert.deepEqual(s.pairs[0]!.matched.map((m) => m.seed), [113, 114]);

    const bad = cli(['study', '--confirm-sweep', sweep.sweepId, '--seeds', '2', '--units', '8'], h.env);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /--confirm-sweep trains the sweep's winner and the tutorial as they are: drop --units/);
  } finally {
    h.cleanup();
  }
});
