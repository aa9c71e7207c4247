// Studies in the UI: the "study" preset queues architectures × seeds as one study (validated on a held-out
// part), the Studies screen shows each architecture's mean with its 95% CI and one verdict per pair, and the
// report downloads as one HTML file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fillTiny, screenshot, useLabPage, waitCount, waitPoints } from './lab-server.js';

const session = useLabPage();

test('a tiny study: verdicts, means with 95% CIs, the report', { skip: session.skip ?? false, timeout: 180_000 }, () =>
  session.step('study', async ({ page, errors }) => {
    await page.click('[data-nav=new]');
    await page.click('[data-preset=study]');
    await fillTiny(page, { limitTrain: '160', limitTest: '64' });
    // Two architectures × two seeds keep it quick.
    await page.uncheck('[data-group-arch=bilstm]');
    await page.fill('#f-seedCount', '2');
    assert.equal(await page.textContent('[data-testid=start]'), 'Start 4 runs');
    assert.match((await page.textContent('[data-testid=study-hint]')) ?? '', /95% CI/);
    await page.click('[data-testid=start]');

    await page.waitForSelector('[data-testid=study]');
    await page.waitForSelector('[data-testid=study][data-study-status=finished]', { timeout: 150_000 });
    await waitCount(page, '[data-testid=study-cells] tr[data-cell-status=finished]', 4);
    assert.match(((await page.textContent('[data-testid=study-status]')) ?? '').replace(/\s+/g, ' '), /4 of 4 runs finished · validated on 20% held out/);
    const verdicts = await page.locator('[data-testid=verdict]').allTextContents();
    assert.equal(verdicts.length, 1, 'one pair');
    assert.match(verdicts[0] ?? '', /^(LSTM vs GRU|GRU vs LSTM): [+−]?\d+\.\d\d points .*over 2 seeds each — (no evidence of a difference|evidence that|every seed gave)/);
    for (const arch of ['lstm', 'gru']) {
      const row = page.locator(`[data-testid=study-groups] tr[data-arm=${arch}]`);
      assert.match((await row.locator('[data-testid=group-mean]').textContent()) ?? '', /^\d+\.\d\d%$/);
      assert.match((await row.locator('[data-testid=group-ci]').textContent()) ?? '', /^\d+\.\d\d% – \d+\.\d\d%$|^—$/);
    }
    // Bands and whiskers: mean validation curves with a 95% CI band per architecture; bars with t whiskers whose
    // numbers are the study's own means.
    await waitPoints(page, 'study-curves-chart', 2);
    assert.equal(await page.getAttribute('[data-testid=study-curves]', 'data-band'), 'ci95');
    const rows = (await page.textContent('[data-testid=study-bars-rows]')) ?? '';
    for (const arch of ['lstm', 'gru']) {
      const mean = (await page.locator(`[data-testid=study-groups] tr[data-arm=${arch}] [data-testid=group-mean]`).textContent()) ?? '?';
      assert.ok(rows.includes(`${mean} 95% CI`), `the bars say ${mean} for ${arch}: ${rows}`);
    }
    await screenshot(page, '24-study');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=study-report]')]);
    const html = readFileSync((await download.path())!, 'utf8');
    assert.match(download.suggestedFilename(), /\.html$/);
    assert.ok(html.includes('Verdicts') && html.includes('<svg'), 'a report with verdicts and charts');

    // The study is listed; Runs holds its four runs.
    assert.equal(await page.locator('[data-study]').count(), 1);
    await page.click('[data-nav=runs]');
    await waitCount(page, '[data-testid=run-row]', 4);
    // Runs lists the study, and leads back to it.
    await page.click('[data-testid=runs-studies] [data-runs-study]');
    await page.waitForSelector('[data-testid=study][data-study-status=finished]');
    assert.deepEqual(errors, [], 'no page errors');
  }),
);
