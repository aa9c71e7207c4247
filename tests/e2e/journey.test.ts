// The user journey in real Chromium against the real `serve` mode, real SQLite and real IMDB slices:
// open → data ready → invalid input starts nothing → tiny LSTM + GRU → watch both finish → compare
// → try a review → gradient lens → export (files exist and load with the exporter's loader) →
// reload restores everything from the database. Screenshots of each screen go to test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { eventually, fillTiny, inputValues, screenshot, step, useLabPage, waitCount, waitPoints, waitText, waitTextMatch } from './lab-server.js';
import { predictText } from '../../main/export/index.js';
import { ARCHITECTURES } from '../../main/model/spec.js';
import { SETTINGS, appliesTo } from '../../main/model/spec-settings.js';

const session = useLabPage();

const nav = (p: Page, id: string) => p.click(`[data-nav=${id}]`);

test('the user journey: data → train LSTM and GRU → compare → try → export → reload', { skip: session.skip ?? false, timeout: 150_000 }, async (t) => {
  const { page, errors, lab } = session;
  const s = (name: string, fn: () => Promise<void>) => t.test(name, () => step(page, name, fn));
  await s('data is ready, with statistics and a decoded review', async () => {
    await page.waitForSelector('[data-testid=data-status-state]:text("ready")', { timeout: 20_000 });
    await page.waitForSelector('[data-testid=data-stats]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid=review-text]');
    const text = await page.textContent('[data-testid=review-text]');
    assert.ok(text && text.split(' ').length > 5, 'a decoded review is shown');
    const bars = await page.getAttribute('[data-testid=length-histogram]', 'data-testid');
    assert.equal(bars, 'length-histogram');
    // started without --allow-import-from: no path field, a note on how to turn importing on
    assert.match((await page.textContent('[data-testid=import-off]')) ?? '', /--allow-import-from DIR/);
    assert.equal(await page.locator('[data-testid=import-path]').count(), 0);
    await screenshot(page, '01-data');
  });

  await s('the form has a control for every setting of every architecture', async () => {
    await nav(page, 'new');
    await page.waitForSelector('[data-testid=total-params]');
    for (const arch of ARCHITECTURES) {
      await page.check(`[data-arch=${arch}]`);
      // validation is the 'validate on' choice; validationSplit's field is enabled only for 'a part held out'.
      for (const st of SETTINGS.filter((x) => x.key !== 'arch' && x.key !== 'validation')) {
        const control = page.locator(`[data-testid=experiment-form] [data-field=${st.key}]`);
        if (st.kind === 'int' || st.kind === 'number') {
          assert.equal(await control.count(), 1, `${arch}: ${st.key}`);
          const applies = st.key === 'validationSplit' ? false : appliesTo(st, arch);
          assert.equal(await control.isDisabled(), !applies, `${arch}: ${st.key} enabled where it applies`);
        } else assert.equal(await control.count(), appliesTo(st, arch) ? 1 : 0, `${arch}: ${st.key}`);
      }
      assert.equal(await page.locator('[data-testid=experiment-form] [data-field=validateOn]').count(), 1, `${arch}: validate on`);
      if (arch === 'stacked-lstm') assert.equal(await page.inputValue('[data-field=layers]'), '2');
    }
    // The tutorial validates on the test set (noted); a held-out part enables its fraction, 0.2 by default.
    assert.equal(await page.inputValue('[data-field=validateOn]'), 'test');
    await page.waitForSelector('[data-testid=validate-on-test-note]');
    await page.selectOption('[data-field=validateOn]', 'held-out');
    assert.equal(await page.isDisabled('[data-field=validationSplit]'), false);
    assert.equal(await page.inputValue('[data-field=validationSplit]'), '0.2');
    assert.equal(await page.locator('[data-testid=validate-on-test-note]').count(), 0);
    await page.click('[data-preset=tutorial]');
  });

  await s('invalid input shows errors inline and starts nothing', async () => {
    await nav(page, 'new');
    await page.waitForSelector('[data-testid=total-params]');
    await page.fill('[data-field=units]', '0');
    await page.fill('[data-field=learningRate]', 'fast');
    await page.fill('[data-field=limitTrain]', '30000');
    await page.click('[data-testid=start]');
    await page.waitForSelector('[data-testid=form-invalid]');
    assert.match((await page.textContent('[data-error=units]')) ?? '', /at least 1/);
    assert.equal(await page.textContent('[data-error=learningRate]'), 'must be a number');
    assert.match((await page.textContent('[data-error=limitTrain]')) ?? '', /25000/);
    assert.equal(await page.getAttribute('[data-field=units]', 'aria-invalid'), 'true');
    await screenshot(page, '02-new-experiment-invalid');
    await nav(page, 'runs');
    await page.waitForSelector('[data-testid=screen-runs] [data-testid=state-empty]');
    assert.equal(await page.locator('[data-testid=run-row]').count(), 0, 'no run was created');
  });

  await s('a tiny LSTM and GRU, queued together, both finish while we watch', async () => {
    await nav(page, 'new');
    await page.click('[data-preset=tutorial]');
    await fillTiny(page);
    // Keras: Embedding 1000×8 + LSTM 4·(8·(8+8)+8) + Dense 8+1.
    const params = (1000 * 8 + 4 * (8 * (8 + 8) + 8) + 8 + 1).toLocaleString('en-US');
    await waitText(page, '[data-testid=total-params]', params);
    // The engine's speed is measured (or learned from past runs), so the time estimate is a duration.
    // The probe shares the CPU with whatever else runs there (other training slows it several times).
    await waitTextMatch(page, '[data-testid=eta]', /s per batch of 64/, 90_000);
    assert.doesNotMatch((await page.textContent('[data-testid=eta]')) ?? '', /unknown/);
    await page.click('[data-group=archs]');
    for (const a of ['bilstm']) await page.uncheck(`[data-group-arch=${a}]`);
    await page.check('[data-group-arch=lstm]');
    await page.check('[data-group-arch=gru]');
    await page.fill('[data-field=tags]', 'e2e');
    await screenshot(page, '03-new-experiment');
    await page.click('[data-testid=start]');
    await page.waitForSelector('[data-testid=screen-monitor]');
    await waitCount(page, '[data-testid=run-progress]', 2, 10_000);
    await waitPoints(page, 'loss-chart', 1, 60_000);
    await screenshot(page, '04-monitor-training');
    await waitCount(page, '[data-testid=run-progress][data-status=finished]', 2, 100_000);
    // Validation points (one epoch each) reached the charts too.
    const pts = Number(await page.getAttribute('[data-testid=accuracy-chart]', 'data-points'));
    assert.ok(pts >= 4, `accuracy chart has batch and val points (${pts})`);
    await screenshot(page, '05-monitor-finished');
  });

  await s('runs table lists both with test accuracy; compare shows the architecture differing', async () => {
    await nav(page, 'runs');
    await waitCount(page, '[data-testid=run-row]', 2);
    const statuses = await page.locator('[data-testid=row-status]').allTextContents();
    assert.deepEqual(statuses.map((s) => s.trim()), ['finished', 'finished']);
    const tags = await inputValues(page, '[data-testid=tags-input]');
    assert.deepEqual(tags, ['e2e', 'e2e']);
    // Sorting by test accuracy (descending first) orders the rows by it.
    await page.click('[data-testid=runs-table] th button:text-is("Test")');
    await page.waitForSelector('[data-testid=runs-table] th[aria-sort=descending]:has-text("Test")');
    await waitCount(page, '[data-testid=run-row]', 2);
    const testCol = await page.locator('[data-testid=runs-table] thead th').allTextContents();
    const col = testCol.findIndex((h) => h.trim().startsWith('Test'));
    const accs = async () => (await page.locator(`[data-testid=run-row] td:nth-child(${col + 1})`).allTextContents()).map((a) => parseFloat(a));
    assert.ok((await accs()).every((n) => Number.isFinite(n)), 'test accuracies shown');
    // Both validated on the test set (the tutorial): their best val is marked as selected on it.
    assert.equal(await page.locator('[data-testid=run-row] [data-testid=selected-on-test]').count(), 2);
    await eventually(async () => {
      const [a = NaN, b = NaN] = await accs();
      return a >= b;
    }, 'rows are sorted by test accuracy, descending');
    await page.fill('[data-testid=notes-input] >> nth=0', 'first note');
    await page.press('[data-testid=notes-input] >> nth=0', 'Tab');
    for (const box of await page.locator('[data-testid=run-row] input[type=checkbox]').all()) await box.check();
    await screenshot(page, '06-runs');
    await page.click('[data-testid=compare-picked]');
    await page.waitForSelector('[data-testid=diff-table]');
    const diffRows = page.locator('[data-testid=diff-table] tr[data-differs=true]');
    const differing: string[] = [];
    for (let i = 0; i < (await diffRows.count()); i++) differing.push((await diffRows.nth(i).getAttribute('data-key')) ?? '');
    assert.ok(differing.includes('model.arch'), `arch differs: ${differing.join(', ')}`);
    assert.ok(!differing.includes('model.units'), 'units are the same');
    assert.equal(await page.locator('[data-testid=best-last] tbody tr').count(), 2);
    assert.equal(await page.locator('[data-testid=best-last] [data-testid=selected-on-test]').count(), 2);
    // Two finished runs on the same 128 test reviews: paired review by review, b + c + agreeing = n.
    await waitText(page, '[data-testid=paired-n]', '128');
    const pairedB = Number(await page.textContent('[data-testid=paired-b]'));
    const pairedC = Number(await page.textContent('[data-testid=paired-c]'));
    assert.ok(Number.isInteger(pairedB) && Number.isInteger(pairedC) && pairedB + pairedC <= 128, `b ${pairedB}, c ${pairedC}`);
    assert.match((await page.textContent('[data-testid=paired]')) ?? '', /McNemar exact p-value/);
    await page.selectOption('[data-testid=compare-metric]', 'loss');
    await waitPoints(page, 'compare-chart', 3);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    const csvPath = await download.path();
    const csv = readFileSync(csvPath, 'utf8').split('\r\n');
    assert.match(csv[0] ?? '', /^run,name,arch,status,best_epoch/);
    assert.equal(csv.filter((l) => l !== '').length, 3, 'header + one row per run');
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-png]')]);
    assert.ok(statSync(await png.path()).size > 1000, 'chart PNG saved');
    await screenshot(page, '07-compare');
  });

  let probability = NaN;
  const review = 'An absolutely wonderful film with brilliant acting and a moving story. I loved every minute of it.';
  await s('try a review on both models', async () => {
    await nav(page, 'try');
    await page.fill('[data-testid=review-input]', review);
    await waitCount(page, '[data-testid=run-picker] input:checked', 2);
    await page.click('[data-testid=predict]');
    await waitCount(page, '[data-testid=prediction]', 2, 30_000);
    const probs = await page.locator('[data-testid=probability]').allTextContents();
    for (const p of probs) assert.match(p, /^\d{1,3}\.\d%$/);
    const words = await page.locator('[data-testid=prediction] >> nth=0 >> [data-testid=words] span').count();
    assert.ok(words >= 15, `words shown (${words})`);
    const lstmCard = page.locator('[data-testid=prediction]', { hasText: 'LSTM' }).filter({ hasNotText: 'GRU' }).first();
    probability = parseFloat((await lstmCard.locator('[data-testid=probability]').textContent()) ?? 'NaN') / 100;
    await screenshot(page, '08-try-it');
  });

  await s('gradient lens draws ‖∂L/∂h_t‖ per timestep for both', async () => {
    await nav(page, 'gradients');
    await page.click('[data-testid=compute-gradients]');
    await waitPoints(page, 'gradient-chart', 2 * 40, 30_000);
    // The words describe these curves, one line each (a run's layers are told apart by dashes).
    await waitCount(page, '[data-testid=gradient-text] li', 2);
    for (const line of await page.locator('[data-testid=gradient-text] li').allTextContents()) assert.match(line, /(falls|grows) \d+\.\d orders of magnitude|stays within one order of magnitude/);
    // At initialization vs after training (the default view): a chart and its words for each.
    await waitPoints(page, 'gradient-chart-initial', 2 * 40, 30_000);
    await waitCount(page, '[data-testid=gradient-text-initial] li', 2);
    assert.deepEqual(await page.locator('[data-weights] h2').allTextContents(), ['At initialization (the seed’s weights, before training)', 'After training']);
    await screenshot(page, '09-gradient-lens');
  });

  await s('export the LSTM model by name into the exports folder; the files exist and load', async () => {
    await nav(page, 'export');
    // serve's exports folder: RECURRENT_LAB_HOME (lab.dir/home) → artifacts/exports/<name>
    const out = join(lab.dir, 'home', 'artifacts', 'exports', 'exported-lstm');
    // The run list arrives after navigation: wait for it before reading the options.
    // (A locator, not a string predicate: page scripts may not eval under the app's CSP, and a string
    // predicate that has to poll is evaluated that way.)
    await page.locator('[data-testid=export-run] option').filter({ hasText: /LSTM/ }).filter({ hasNotText: /GRU/ }).first().waitFor({ state: 'attached', timeout: 15_000 });
    const opts = page.locator('[data-testid=export-run] option');
    const options: { v: string; t: string }[] = [];
    for (let i = 0; i < (await opts.count()); i++) options.push({ v: (await opts.nth(i).getAttribute('value')) ?? '', t: (await opts.nth(i).textContent()) ?? '' });
    const lstm = options.find((o) => /LSTM/.test(o.t) && !/GRU/.test(o.t));
    assert.ok(lstm, 'the LSTM run can be exported');
    await page.selectOption('[data-testid=export-run]', lstm.v);
    await page.fill('[data-testid=export-name]', 'exported-lstm');
    await page.click('[data-testid=export]');
    await page.waitForSelector('[data-testid=export-result]', { timeout: 30_000 });
    assert.equal(await page.textContent('[data-testid=export-out-dir]'), out);
    await screenshot(page, '10-export');
    assert.ok(existsSync(join(out, 'model.json')), 'model.json written');
    const loaded = await predictText(out, review);
    assert.ok(loaded.probability >= 0 && loaded.probability <= 1);
    assert.ok(Math.abs(loaded.probability - probability) < 0.002, `exported model predicts like the run (${loaded.probability} vs ${probability})`);
  });

  await s('a reload restores runs, tags, notes and curves from the database', async () => {
    await page.goto(`${lab.url}#/runs`);
    await waitCount(page, '[data-testid=run-row]', 2);
    const notes = await inputValues(page, '[data-testid=notes-input]');
    assert.ok(notes.includes('first note'), 'the note survived');
    await nav(page, 'monitor');
    await waitPoints(page, 'loss-chart', 1, 10_000);
    // Keyboard: a focused nav link opens its screen with Enter.
    await page.focus('[data-nav=compare]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=screen-compare] [data-testid=diff-table]');
    // The theme follows the OS: dark mode gives a dark page.
    await page.emulateMedia({ colorScheme: 'dark' });
    const bg = await page.locator('body').evaluate((body) => {
      const w = globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } };
      return w.getComputedStyle(body).backgroundColor;
    });
    const [r = 255, g = 255, b = 255] = (bg.match(/\d+/g) ?? []).map(Number);
    assert.ok(r + g + b < 150, `dark background in dark mode (${bg})`);
    await screenshot(page, '14-compare-dark');
    assert.deepEqual(errors, [], 'no page errors');
  });
});
