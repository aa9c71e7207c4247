// Desktop feel in the browser UI: dark mode follows the OS (prefers-color-scheme) unless the user picks
// Light or Dark (remembered across reloads); the keyboard shortcuts of the desktop menu work as keydown
// handlers in serve mode and are named in tooltips. Saves light and dark screenshots of every screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { fillTiny, screenshot, useLabPage, waitPoints } from './lab-server.js';

const session = useLabPage();

const LIGHT_BG = 'rgb(247, 247, 248)';
const DARK_BG = 'rgb(22, 24, 28)';

// Page-side functions reach the DOM through minimal shapes (the root tsconfig has no DOM lib).
type G = { getComputedStyle(e: unknown): { backgroundColor: string }; document: { body: unknown; documentElement: { getAttribute(n: string): string | null }; activeElement: { getAttribute(n: string): string | null } | null } };
const background = (page: Page) => page.evaluate(() => (globalThis as unknown as G).getComputedStyle((globalThis as unknown as G).document.body).backgroundColor);
const themeAttr = (page: Page) => page.evaluate(() => (globalThis as unknown as G).document.documentElement.getAttribute('data-theme'));
const focusedTestId = (page: Page) => page.evaluate(() => (globalThis as unknown as G).document.activeElement?.getAttribute('data-testid') ?? null);

test('dark mode follows the OS; the Light/Dark override wins and survives a reload', { skip: session.skip ?? false, timeout: 60_000 }, () =>
  session.step('dark mode', async ({ page, errors }) => {
    await page.waitForSelector('[data-testid=theme-select]');
    assert.equal(await page.inputValue('[data-testid=theme-select]'), 'system');
    await page.emulateMedia({ colorScheme: 'light' });
    assert.equal(await background(page), LIGHT_BG);
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.equal(await background(page), DARK_BG, 'follows the OS');

    await page.selectOption('[data-testid=theme-select]', 'light');
    assert.equal(await themeAttr(page), 'light');
    assert.equal(await background(page), LIGHT_BG, 'Light wins over a dark OS');
    await page.reload();
    await page.waitForSelector('[data-testid=theme-select]');
    assert.equal(await page.inputValue('[data-testid=theme-select]'), 'light', 'remembered');
    assert.equal(await background(page), LIGHT_BG);

    await page.emulateMedia({ colorScheme: 'light' });
    await page.selectOption('[data-testid=theme-select]', 'dark');
    assert.equal(await background(page), DARK_BG, 'Dark wins over a light OS');
    await page.reload();
    await page.waitForSelector('[data-testid=theme-select]');
    assert.equal(await background(page), DARK_BG);

    await page.selectOption('[data-testid=theme-select]', 'system');
    assert.equal(await themeAttr(page), null);
    assert.equal(await background(page), LIGHT_BG, 'back to the OS');
    assert.deepEqual(errors, [], 'no page errors');
  }),
);

test('shortcuts: Ctrl+N, Ctrl+Enter, Ctrl+., Ctrl+F, Ctrl+Shift+D; named in tooltips; screenshots light and dark', { skip: session.skip ?? false, timeout: 120_000 }, () =>
  session.step('shortcuts', async ({ page, errors }) => {
    await page.click('[data-nav=data]');
    await page.keyboard.press('Control+n');
    await page.waitForSelector('[data-testid=screen-new]');
    assert.match((await page.getAttribute('[data-nav=new]', 'title')) ?? '', /Ctrl\+N/);
    assert.match((await page.getAttribute('[data-testid=start]', 'title')) ?? '', /Ctrl\+Enter/);

    // Ctrl+Enter starts the form's run; long enough that Ctrl+. cancels it while it trains.
    await page.click('[data-preset=tutorial]');
    await fillTiny(page, { limitTrain: '25000', batchSize: '16', epochs: '200', maxLen: '60' });
    await page.fill('[data-field=name]', 'by shortcut');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-testid=run-progress][data-status=running]', { timeout: 30_000 });
    await waitPoints(page, 'loss-chart', 3, 60_000);
    assert.match((await page.getAttribute('[data-testid=cancel]', 'title')) ?? '', /Ctrl\+\./);
    await page.keyboard.press('Control+.');
    await page.waitForSelector('[data-testid=run-progress][data-status=cancelled]', { timeout: 30_000 });

    await page.keyboard.press('Control+f');
    await page.waitForSelector('[data-testid=screen-runs]');
    await page.waitForFunction(() => (globalThis as unknown as G).document.activeElement?.getAttribute('data-testid') === 'runs-search');
    assert.equal(await focusedTestId(page), 'runs-search');
    assert.match((await page.getAttribute('[data-testid=compare-picked]', 'title')) ?? '', /Ctrl\+Shift\+D/);
    await page.locator('[data-testid=run-row] input[type=checkbox]').first().check();
    await page.keyboard.press('Control+Shift+D');
    await page.waitForSelector('[data-testid=screen-compare]');

    // Every screen in both themes (charts read their colours from the CSS theme).
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const screen of ['data', 'new', 'monitor', 'runs', 'compare', 'studies', 'sweeps', 'try', 'gradients', 'export'] as const) {
        await page.click(`[data-nav=${screen}]`);
        await page.waitForSelector(`[data-testid=screen-${screen}]`);
        if (screen === 'monitor') await waitPoints(page, 'loss-chart', 3);
        assert.equal(await background(page), scheme === 'dark' ? DARK_BG : LIGHT_BG);
        await screenshot(page, `30-theme-${scheme}-${screen}`);
      }
    }
    assert.deepEqual(errors, [], 'no page errors');
  }),
);
