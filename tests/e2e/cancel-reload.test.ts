// Cancelling a run keeps its partial curves (in the monitor, after a reload, and in the Runs table as
// a resumable run); a page reload restores the queue and runs from the database; error and empty
// states say what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fillTiny, screenshot, useLabPage, waitAttrAtLeast, waitCount, waitPoints } from './lab-server.js';

// this lab may import data from <its folder>/imports, and from nowhere else
const session = useLabPage({
  serveArgs: (dir) => {
    mkdirSync(join(dir, 'imports'), { recursive: true });
    return ['--allow-import-from', join(dir, 'imports')];
  },
});

test('cancel keeps the curves; reload restores them from the database', { skip: session.skip ?? false, timeout: 120_000 }, () =>
  session.step('cancel', async ({ page, errors }) => {
  await page.click('[data-nav=new]');
  await page.click('[data-preset=tutorial]');
  // Far too long to finish during the test (all 25,000 reviews × 200 epochs): it only ends by being cancelled.
  await fillTiny(page, { limitTrain: '25000', batchSize: '16', epochs: '200', maxLen: '60' });
  await page.fill('[data-field=name]', 'to cancel');
  await page.click('[data-testid=start]');
  await page.waitForSelector('[data-testid=run-progress][data-status=running]', { timeout: 30_000 });
  // Wait for one whole epoch (a checkpoint to resume from) and some of the next.
  await waitAttrAtLeast(page, '[data-testid=run-progress]', 'data-epoch', 2, 60_000);
  await waitPoints(page, 'loss-chart', 5, 60_000);
  await screenshot(page, '11-monitor-before-cancel');

  // A reload while it trains: the run, its progress and its curves come back from the database.
  await page.reload();
  await page.waitForSelector('[data-testid=screen-monitor] [data-testid=run-progress]', { timeout: 15_000 });
  await waitPoints(page, 'loss-chart', 5, 15_000);

  await page.click('[data-testid=cancel]');
  await page.waitForSelector('[data-testid=run-progress][data-status=cancelled]', { timeout: 30_000 });
  // Waited for, not read at once: on a loaded CI machine the chart was once seen empty right after the cancel
  // (a WebSocket reconnect, for one, clears every curve and reloads it from the store).
  await waitPoints(page, 'loss-chart', 5, 15_000);
  await screenshot(page, '12-monitor-cancelled');

  await page.reload();
  await page.waitForSelector('[data-testid=run-progress][data-status=cancelled]', { timeout: 15_000 });
  // The store may keep batch curves thinned; what matters is that they are there after a reload.
  await waitPoints(page, 'loss-chart', 5, 15_000);
  await page.click('[data-nav=runs]');
  await waitCount(page, '[data-testid=run-row]', 1);
  assert.equal((await page.textContent('[data-testid=row-status]'))?.trim(), 'cancelled');
  assert.equal(await page.locator('[data-testid=run-row] button', { hasText: 'Resume' }).count(), 1, 'a cancelled run can be resumed');

  // Delete asks first; "Keep" keeps it.
  await page.click('[data-testid=delete]');
  await page.waitForSelector('[data-testid=confirm-delete][open]');
  await screenshot(page, '13-runs-confirm-delete');
  await page.click('[data-testid=confirm-delete] button:has-text("Keep")');
  await waitCount(page, '[data-testid=run-row]', 1);

  // Resume puts it back to training; cancel it again.
  await page.click('[data-testid=run-row] button:has-text("Resume")');
  await page.waitForSelector('[data-testid=screen-monitor] [data-testid=run-progress][data-status=running]', { timeout: 30_000 });
  await page.click('[data-testid=run-progress][data-status=running] [data-testid=cancel]');
  await waitCount(page, '[data-testid=run-progress][data-status=running]', 0, 30_000);

  // Delete everything (pick all, confirm): the table shows its empty state.
  await page.click('[data-nav=runs]');
  await page.waitForSelector('[data-testid=run-row]');
  for (const box of await page.locator('[data-testid=run-row] input[type=checkbox]').all()) await box.check();
  await page.click('[data-testid=screen-runs] button.danger:has-text("Delete")');
  await page.click('[data-testid=confirm-delete-yes]');
  await waitCount(page, '[data-testid=run-row]', 0);
  await page.waitForSelector('[data-testid=screen-runs] [data-testid=state-empty]');
  assert.deepEqual(errors, [], 'no page errors');
  }),
);

test('bad import paths (missing, outside the import folder) are reported and the data stays ready; empty screens say what to do', { skip: session.skip ?? false, timeout: 60_000 }, () =>
  session.step('errors and empty states', async ({ page, errors, lab }) => {
  await page.goto(`${lab.url}#/data`);
  await page.waitForSelector('[data-testid=data-status-state]:text("ready")');
  const alert = page.locator('[data-testid=screen-data] [role=alert]');
  for (const [path, why] of [['imdb.npz', /file not found: .*imports\/imdb\.npz/], ['/etc/passwd', /outside the import folder/], ['../lab.sqlite', /outside the import folder/]] as const) {
    await page.fill('[data-testid=import-path]', path);
    await page.click('[data-testid=screen-data] button[type=submit]:has-text("Import")');
    await page.waitForFunction(
      (re: string) => new RegExp(re).test((globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('[data-testid=screen-data] [role=alert]')?.textContent ?? ''),
      why.source,
    );
    assert.match((await alert.textContent()) ?? '', why, path);
  }
  assert.equal((await page.textContent('[data-testid=data-status-state]'))?.trim(), 'ready');
  await screenshot(page, '15-data-import-error');
  for (const screen of ['try', 'export', 'monitor']) {
    await page.click(`[data-nav=${screen}]`);
    const empty = page.locator(`[data-testid=screen-${screen}] [data-testid=state-empty]`);
    await empty.waitFor();
    assert.match((await empty.textContent()) ?? '', /New experiment/, `${screen}: points to New experiment`);
  }
  await screenshot(page, '16-monitor-empty');
  assert.deepEqual(errors, [], 'no page errors');
  }),
);
