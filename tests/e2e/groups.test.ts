// Run groups: "N seeds" queues repeats of one configuration, Compare shows them as mean ± spread;
// Re-run queues a fresh copy of a finished run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillTiny, screenshot, useLabPage, waitCount, waitPoints } from './lab-server.js';

const session = useLabPage();

test('three seeds → mean ± spread in Compare; re-run adds a run', { skip: session.skip ?? false, timeout: 120_000 }, () =>
  session.step('seed groups', async ({ page, errors }) => {
    await page.click('[data-nav=new]');
    await page.click('[data-preset=seeds]');
    await fillTiny(page, { limitTrain: '128', limitTest: '64' });
    assert.equal(await page.textContent('[data-testid=start]'), 'Start 3 runs');
    await page.click('[data-testid=start]');
    await page.waitForSelector('[data-testid=screen-monitor]');
    await waitCount(page, '[data-testid=run-progress][data-status=finished]', 3, 90_000);

    await page.click('[data-nav=runs]');
    await waitCount(page, '[data-testid=run-row]', 3);
    for (const box of await page.locator('[data-testid=run-row] input[type=checkbox]').all()) await box.check();
    await page.click('[data-testid=compare-picked]');
    const groups = page.locator('[data-testid=seed-groups] tbody tr');
    await groups.first().waitFor();
    assert.equal(await groups.count(), 1, 'one configuration');
    const cells = await groups.first().locator('td').allTextContents();
    assert.equal(cells[1], '3');
    assert.match(cells[2] ?? '', /%\s±\s\d/, `best val acc as mean ± sd: ${cells[2]}`);
    const seedRow = page.locator('[data-testid=diff-table] tr[data-key="train.seed"]');
    assert.equal(await seedRow.getAttribute('data-differs'), 'true', 'only the seed differs');
    assert.equal(await page.locator('[data-testid=diff-table] tr[data-differs=true]').count(), 1);
    await waitPoints(page, 'compare-chart', 1);
    await screenshot(page, '17-compare-seeds');

    await page.click('[data-nav=runs]');
    await page.locator('[data-testid=run-row] button:has-text("Re-run")').first().click();
    await page.waitForSelector('[data-testid=screen-monitor]');
    await waitCount(page, '[data-testid=run-progress][data-status=finished]', 4, 60_000);
    await page.click('[data-nav=runs]');
    await waitCount(page, '[data-testid=run-row]', 4);
    assert.deepEqual(errors, [], 'no page errors');
  }),
);
