// The Sweep screen in Chromium against `serve`: a bad budget is named before anything starts; a tiny ASHA
// sweep over a space edited in the form trains to the end, its live leaderboard ranks the trials by held-out
// validation accuracy (ASHA's stops marked), the parallel-coordinates chart draws, and the trials are
// ordinary runs in the Runs table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useLabPage, waitCount, waitText, waitTextMatch } from './lab-server.js';

const session = useLabPage({ serveArgs: () => ['--engine', 'cpu', '--threads', '1'] });

test('a tiny ASHA sweep from the Sweep screen: leaderboard, chart, runs', { skip: session.skip ?? false, timeout: 180_000 }, () =>
  session.step('sweeps', async ({ page, errors }) => {
    await page.click('[data-nav=sweeps]');
    await page.waitForSelector('[data-testid=sweep-form]');
    await page.waitForSelector('text=the test set is not used during the search');

    // Everything fixed and tiny, then search the architecture and a log-scale learning rate.
    for (const sel of await page.locator('[data-mode]').all()) await sel.selectOption('fixed');
    const fixed: Record<string, string> = { numWords: '1000', maxLen: '40', embeddingDim: '8', units: '8', batchSize: '32' };
    for (const [k, v] of Object.entries(fixed)) await page.fill(`[data-value=${k}]`, v);
    await page.selectOption('[data-mode=arch]', 'list');
    await page.fill('[data-values=arch]', 'lstm, gru');
    await page.selectOption('[data-mode=learningRate]', 'range');
    await page.fill('[data-min=learningRate]', '0.0001');
    await page.fill('[data-max=learningRate]', '0.05');
    await page.check('[data-log=learningRate]');
    const fields: Record<string, string> = { trials: '0', epochs: '3', eta: '2', limitTrain: '256', limitTest: '128' };
    for (const [k, v] of Object.entries(fields)) await page.fill(`[data-field=${k}]`, v);

    await page.click('[data-testid=start-sweep]');
    await waitText(page, '[data-testid=sweep-form-error]', 'trials: a whole number of at least 1 (or empty for none)');
    assert.equal(await page.locator('[data-testid=sweeps-table]').count(), 0, 'nothing started');

    await page.fill('[data-field=trials]', '4');
    await page.click('[data-testid=start-sweep]');
    await page.waitForSelector('[data-testid=sweep-view]');
    await waitText(page, '[data-testid=sweep-status]', 'finished', 150_000);
    await waitTextMatch(page, '[data-testid=sweep-summary]', /· finished ·/);
    await waitCount(page, '[data-testid=leaderboard] tbody tr', 4);

    const statuses = await page.locator('[data-testid=trial-status]').allTextContents();
    for (const s of statuses) assert.match(s, /^(finished|stopped by ASHA at epoch [12])/, s);
    const vals = (await page.locator('[data-testid=leaderboard] tbody tr td:nth-child(3)').allTextContents()).map((t) => parseFloat(t));
    assert.deepEqual(vals, [...vals].sort((a, b) => b - a), 'ranked by validation accuracy');
    assert.match(await page.textContent('[data-testid=sweep-summary]') ?? '', /asha \(rungs at epochs 1, 2, η = 2\)/);
    assert.match(await page.textContent('[data-testid=sweep-summary]') ?? '', /held-out last 0\.2 of the training reviews/);
    await page.waitForSelector('[data-testid=sweep-best]');
    await page.waitForSelector('[data-testid=pcp-chart] canvas');
    // One marginal plot per searched setting.
    await waitCount(page, '[data-testid=marginal-chart]', 2);
    assert.deepEqual(await page.locator('[data-testid=marginal-chart]').evaluateAll((els) => els.map((e) => e.getAttribute('data-setting'))), ['arch', 'learningRate']);
    await screenshot(page, '30-sweep');

    // Save the best as a preset; New experiment lists it and fills the form from it.
    await page.fill('[data-testid=preset-name]', 'Tuned');
    await page.click('[data-testid=save-preset]');
    await waitTextMatch(page, '[data-testid=preset-note]', /Saved "Tuned"/);
    const bestEpoch = (await page.textContent('[data-testid=sweep-best]'))?.match(/at epoch (\d+)/)?.[1];

    // Confirm: the best and the tutorial as a study on all the reviews (stopped here at once: that is minutes).
    await page.fill('[data-testid=confirm-seeds]', '2');
    await page.click('[data-testid=confirm-best]');
    await page.waitForSelector('[data-testid=study]');
    const arms = await page.locator('[data-testid=study-groups] tbody tr td:first-child').allTextContents();
    assert.equal(arms.length, 2);
    assert.match(arms[0] ?? '', /^Sweep winner \(trial \d\)$/);
    assert.equal(arms[1], 'Keras tutorial');
    await page.click('[data-testid=study-stop]');
    await page.waitForSelector('[data-testid=study][data-study-status=incomplete]', { timeout: 60_000 });
    await page.click('[data-nav=new]');
    await page.click('[data-user-preset=Tuned]');
    assert.equal(await page.inputValue('[data-field=units]'), '8');
    assert.equal(await page.inputValue('[data-field=epochs]'), bestEpoch);
    assert.equal(await page.inputValue('[data-field=limitTrain]'), '', 'all the training reviews');

    await page.click('[data-nav=runs]');
    await waitCount(page, '[data-testid=run-row]', 8); // 4 trials, 4 runs of the stopped confirmation
    const stopped = statuses.filter((s) => s.startsWith('stopped')).length;
    assert.equal(await page.locator('[data-testid=row-status]:has-text("stopped by ASHA")').count(), stopped);
    assert.deepEqual(errors, [], 'no page errors');
  }),
);
