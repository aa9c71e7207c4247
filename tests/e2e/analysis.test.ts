// The error analysis and the group charts in real Chromium against the real `serve`, real SQLite and real IMDB
// slices: two seeds of one tiny configuration → Compare shows their mean curves with a 95% CI band (then ± sd,
// then on a wall-time axis), test accuracy as a bar with CI whiskers on a zoomed axis, the accuracy-vs-time
// Pareto chart, accuracy by review length per run and for the pair, calibration, and the reviews the two runs
// disagree on — with both runs' word attributions for one of them. The page's numbers are checked against the
// CLI reading the same database. Screenshots go to test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fillTiny, screenshot, useLabPage, waitAttrAtLeast, waitCount, waitPoints, waitTextMatch } from './lab-server.js';

const session = useLabPage();
const BIN = join(import.meta.dirname, '../../../bin/recurrent-lab.js');

test('two seeds → CI bands, whiskers, Pareto, accuracy by length, calibration and disagreements with word attributions', { skip: session.skip ?? false, timeout: 180_000 }, () =>
  session.step('error analysis', async ({ page, errors, lab }) => {
    await page.click('[data-nav=new]');
    await page.click('[data-preset=seeds]');
    await page.fill('#f-seedCount', '2');
    // maxLen 100 splits the test reviews at 50 and 100 tokens (most IMDB reviews are longer: truncated).
    await fillTiny(page, { epochs: '2', numWords: '2000', maxLen: '100', limitTrain: '512', limitTest: '128' });
    assert.equal(await page.textContent('[data-testid=start]'), 'Start 2 runs');
    await page.click('[data-testid=start]');
    await page.waitForSelector('[data-testid=screen-monitor]');
    await waitCount(page, '[data-testid=run-progress][data-status=finished]', 2, 120_000);

    await page.click('[data-nav=runs]');
    await waitCount(page, '[data-testid=run-row]', 2);
    const ids = await page.locator('[data-testid=run-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run') ?? ''));
    for (const box of await page.locator('[data-testid=run-row] input[type=checkbox]').all()) await box.check();
    await page.click('[data-testid=compare-picked]');

    // Test accuracy: one bar for the pair of seeds, its 95% t-interval written out, on a declared zoomed axis.
    await waitTextMatch(page, '[data-testid=bars-test-accuracy-rows]', /×2 seeds: \d+\.\d\d% 95% CI -?\d+\.\d\d% to \d+\.\d\d%, n = 2/);
    assert.match((await page.textContent('[data-testid=bars-test-accuracy] figcaption')) ?? '', /axis zoomed to \d+\.\d\d%–\d+\.\d\d%/);
    // The whiskers are the t-interval of the two runs' test accuracies (t(0.975, 1) = 12.706…, SciPy).
    const cli = (args: string[]) => {
      const r = spawnSync(process.execPath, [BIN, ...args, '--db', lab.db, '--data', process.env.RECURRENT_LAB_DATA as string], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    };
    const cmp = cli(['compare', ...ids, '--disagreements', '10', '--json']);
    const accs = (cmp.runs as { id: string; test: { accuracy: number } }[]).map((r) => r.test.accuracy);
    const mean = ((accs[0] as number) + (accs[1] as number)) / 2;
    const half = (12.706204736174694 * Math.abs((accs[0] as number) - (accs[1] as number))) / Math.SQRT2 / Math.SQRT2;
    const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
    // An accuracy's interval is cut to [0, 1].
    const [lo, hi] = [Math.max(0, mean - half), Math.min(1, mean + half)];
    assert.match((await page.textContent('[data-testid=bars-test-accuracy-rows]')) ?? '', new RegExp(`${pct(mean)} 95% CI ${pct(lo)} to ${pct(hi)}`.replace(/\./g, '\\.')));
    // The seed-group table says the same interval.
    assert.equal(await page.textContent('[data-testid=seed-group-ci]'), `${pct(lo)} to ${pct(hi)}`);

    // Mean curve with a band: CI by default, then ± sd, then on the wall-time axis.
    await waitPoints(page, 'group-curves-chart', 2);
    assert.equal(await page.getAttribute('[data-testid=group-curves]', 'data-band'), 'ci95');
    await page.selectOption('[data-testid=group-curves-band]', 'sd');
    assert.equal(await page.getAttribute('[data-testid=group-curves]', 'data-band'), 'sd');
    await page.selectOption('[data-testid=group-curves-x]', 'time');
    assert.equal(await page.getAttribute('[data-testid=group-curves]', 'data-x-axis'), 'time');
    await page.fill('[data-testid=group-curves-smoothing]', '0.5');
    assert.equal(await page.getAttribute('[data-testid=group-curves]', 'data-smoothing'), '0.5');
    await waitPoints(page, 'group-curves-chart', 2);
    assert.equal(await page.getAttribute('[data-testid=pareto]', 'data-points'), '2');
    // The main curves on a wall-time axis too: per-batch loss of both runs, smoothed, over minutes.
    await page.selectOption('[data-testid=compare-metric]', 'loss');
    await page.selectOption('[data-testid=compare-x]', 'time');
    await page.fill('[data-testid=compare-smoothing]', '0.9');
    await waitPoints(page, 'compare-chart', 2 * 16);
    assert.match((await page.textContent('[data-testid=compare-chart]')) ?? '', /loss/);
    // A redraw still pending when the x axis changes (here: smoothing moved, then the axis, with no frame between)
    // once left an empty chart: the axis change re-created the chart and dropped the pending redraw.
    await page.evaluate(async () => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { value: string; dispatchEvent(e: unknown): void } } }).document;
      const G = globalThis as unknown as { Event: new (t: string, o: object) => unknown };
      const smoothing = doc.querySelector('[data-testid=compare-smoothing]');
      smoothing.value = '0.5';
      smoothing.dispatchEvent(new G.Event('input', { bubbles: true }));
      // Let Svelte run its effects (microtasks: the redraw is now scheduled) but give no frame a chance to fire.
      for (let i = 0; i < 20; i++) await Promise.resolve();
      const x = doc.querySelector('[data-testid=compare-x]');
      x.value = 'epoch';
      x.dispatchEvent(new G.Event('change', { bubbles: true }));
    });
    await waitPoints(page, 'compare-chart', 2 * 16);
    await page.selectOption('[data-testid=compare-x]', 'time');
    await waitPoints(page, 'compare-chart', 2 * 16);
    await screenshot(page, '30-compare-group-charts');

    // Accuracy by review length: both runs and the pair's mean with its CI; the counts cover the 128 test reviews.
    await waitCount(page, '[data-testid=error-analysis-length] tbody tr', 3, 30_000);
    const heads = await page.locator('[data-testid=error-analysis-length] thead th').allTextContents();
    assert.deepEqual(heads.slice(1), ['≤ 50', '51–100', '> 100 (truncated)']);
    for (const id of ids) {
      const show = cli(['show', id, '--analysis', '--json']).analysis as { byLength: { n: number; accuracy: number | null }[]; calibration: { brier: number; ece: number } };
      assert.equal(show.byLength.reduce((s, b) => s + b.n, 0), 128);
      const name = (cmp.runs as { id: string; name: string }[]).find((r) => r.id === id)?.name ?? '';
      const row = page.locator('[data-testid=error-analysis-length] tbody tr', { hasText: name }).first();
      const cells = (await row.locator('td').allTextContents()).slice(1);
      assert.deepEqual(cells, show.byLength.map((b) => `${b.accuracy === null ? '—' : `${(100 * b.accuracy).toFixed(1)}%`} of ${b.n}`), `row of ${name}`);
      const cal = (await page.locator('[data-testid=error-analysis-calibration] tbody tr', { hasText: name }).first().locator('td').allTextContents()).slice(1);
      assert.equal(cal[0], show.calibration.brier.toFixed(4));
      assert.equal(cal[1], show.calibration.ece.toFixed(4));
    }
    assert.match((await page.textContent('[data-testid=error-analysis-group]')) ?? '', /×2 seeds mean of 2, 95% CI/);
    await waitPoints(page, 'error-analysis-reliability', 3);
    await screenshot(page, '31-error-analysis');

    // The disagreements: the same counts as the CLI, real review text, and both runs' word attributions.
    const d = cmp.disagreements as { b: number; c: number; n: number; total: number; items: { index: number; text: string }[] };
    assert.ok(d.total > 0, 'two seeds of a tiny model disagree somewhere');
    await waitTextMatch(page, '[data-testid=disagreements-summary]', new RegExp(`^${d.b + d.c} of 128 test reviews classified differently`));
    // Bucket by bucket, paired: the page's table says what the CLI says.
    const byLength = (cmp.disagreements as { byLength: { label: string; n: number; paired: { pValue: number } | null }[] }).byLength;
    const rows = page.locator('[data-testid=disagreements-by-length] tbody tr');
    assert.equal(await rows.count(), 3);
    for (const [k, bucket] of byLength.entries()) {
      const cells = await rows.nth(k).locator('td').allTextContents();
      assert.deepEqual([cells[0], cells[1], cells[5]], [bucket.label, String(bucket.n), bucket.paired ? bucket.paired.pValue.toPrecision(3) : '—']);
    }
    const first = page.locator('[data-testid=disagreements-item]').first();
    assert.equal(await first.getAttribute('data-index'), String(d.items[0]?.index));
    assert.equal(((await first.locator('p.text').textContent()) ?? '').trim(), d.items[0]?.text);
    assert.ok((d.items[0]?.text.split(' ').length ?? 0) > 5, 'a real review');
    await first.locator('[data-testid=disagreements-explain]').click();
    await waitCount(page, '[data-testid=disagreements-words]', 2, 30_000);
    const words = page.locator('[data-testid=disagreements-words]').first().locator('span');
    assert.equal(await words.count(), d.items[0]?.text.split(' ').length);
    await waitAttrAtLeast(page, '[data-testid=pareto]', 'data-points', 2);
    await screenshot(page, '32-disagreements');
    assert.deepEqual(errors, [], 'no page errors');
  }),
);
