// Drop-to-import in a browser, against the real `serve` with an EMPTY data folder: dataset files dropped on the
// Data screen are uploaded (POST /api/upload, with progress) and imported by the lab's importer; the screen then
// shows the data's status and the data folder holds the files. Files of other kinds and folders are refused
// with the reason; other screens refuse a drop instead of letting the browser open the file. Two kinds of
// drop: a `drop` event dispatched on the drop zone with a DataTransfer of real Files (read from
// RECURRENT_LAB_DATA through a file input of the test's own), and Chromium's own drag and drop of paths from
// disk (CDP Input.dispatchDragEvent), as a file manager does — the only way to drop a folder. Screenshots of
// the drop zone before and after, light and dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot, useLabPage, waitAttrAtLeast, waitText, waitTextMatch } from './lab-server.js';

const session = useLabPage({
  dataDir: (dir) => {
    mkdirSync(join(dir, 'data'), { recursive: true });
    return join(dir, 'data');
  },
  // the serve process stages uploads in its temp folder: this one, to check nothing is left there
  env: (dir) => {
    mkdirSync(join(dir, 'tmp'), { recursive: true });
    return { TMPDIR: join(dir, 'tmp') };
  },
});
const source = (name: string) => join(process.env.RECURRENT_LAB_DATA as string, name);
const dataFiles = () => readdirSync(join(session.lab.dir, 'data')).sort();
const staged = () => readdirSync(join(session.lab.dir, 'tmp')).filter((n) => n.startsWith('recurrent-lab-upload-'));

// Page-side functions reach the DOM through minimal shapes (the root tsconfig has no DOM lib).
interface TestInput { type: string; multiple: boolean; id: string; hidden: boolean; files: unknown }
type G = {
  document: {
    createElement(t: 'input'): TestInput;
    body: { append(e: TestInput): void };
    querySelector(s: string): ({ files: Iterable<unknown> } & { dispatchEvent(e: unknown): boolean }) | null;
  };
  DataTransfer: new () => { items: { add(f: unknown): void }; dropEffect: string };
  DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => unknown;
};

/** Drops these files (real bytes, read from disk into Files) on `selector` with a dispatched `drop` event. */
async function dropFiles(page: Page, selector: string, paths: string[]): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as G;
    if (g.document.querySelector('#test-files')) return;
    const input = g.document.createElement('input');
    Object.assign(input, { type: 'file', multiple: true, id: 'test-files', hidden: true });
    g.document.body.append(input);
  });
  await page.setInputFiles('#test-files', paths);
  await page.evaluate((target: string) => {
    const g = globalThis as unknown as G;
    const dt = new g.DataTransfer();
    for (const f of g.document.querySelector('#test-files')?.files ?? []) dt.items.add(f);
    g.document.querySelector(target)?.dispatchEvent(new g.DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, selector);
}

/** Chromium's own drag and drop of these paths from disk onto the middle of `selector` (enter, over, drop). */
async function dragFromDisk(page: Page, selector: string, paths: string[]): Promise<void> {
  const box = await page.locator(selector).boundingBox();
  assert.ok(box, `${selector} is on screen`);
  const cdp = await page.context().newCDPSession(page);
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  await cdp.detach();
}

async function bothThemes(page: Page, name: string): Promise<string[]> {
  const shots: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    shots.push(await screenshot(page, `${name}-${scheme}`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return shots;
}

const alert = '[data-testid=screen-data] [role=alert]';
/** When the word index was imported (a later drop elsewhere must not import it again). */
let wordIndexTime = 0;

test('an empty data folder: the Data screen offers the drop zone (screenshots light and dark)', { skip: session.skip ?? false, timeout: 60_000 }, () =>
  session.step('drop zone before', async ({ page }) => {
    await page.click('[data-nav=data]');
    await waitText(page, '[data-testid=data-status-state]', 'missing');
    assert.match((await page.textContent('[data-testid=import-drop]')) ?? '', /drop the files here, or anywhere on this window/);
    assert.match((await page.textContent('[data-testid=import-off]')) ?? '', /recurrent-lab data import DIR/);
    await bothThemes(page, '40-drop-zone-empty');
  }),
);

test('a file of another kind, a folder and a lone tarball are refused in the page, bytes that are no IMDB data by the lab; each says why, nothing is left', { skip: session.skip ?? false, timeout: 60_000 }, () =>
  session.step('refused drops', async ({ page, lab, errors }) => {
    const notes = join(lab.dir, 'notes.txt');
    writeFileSync(notes, 'not a dataset\n');
    await dropFiles(page, '[data-testid=import-drop]', [notes]);
    await waitTextMatch(page, alert, /^notes\.txt is not an IMDB dataset file: upload the Keras imdb\.npz .*\.npz, \.tar\.gz, \.tgz or \.json$/);
    await screenshot(page, '41-drop-refused-file');

    const folder = join(lab.dir, 'aclImdb');
    mkdirSync(join(folder, 'train', 'pos'), { recursive: true });
    writeFileSync(join(folder, 'train', 'pos', '0_9.txt'), 'a fine film');
    await dragFromDisk(page, '[data-testid=import-drop]', [folder]);
    await waitTextMatch(page, alert, /^aclImdb: a folder cannot be uploaded from a browser: .*desktop app.*`recurrent-lab data import DIR`/);
    await screenshot(page, '41-drop-refused-folder');

    assert.equal((await page.textContent('[data-testid=data-status-state]'))?.trim(), 'missing');
    assert.deepEqual(dataFiles(), [], 'nothing reached the data folder');
    assert.deepEqual(staged(), [], 'nothing was staged');

    // A tarball needs the word index (none in the data folder yet): the page says so before sending 28 MB.
    await dropFiles(page, '[data-testid=import-drop]', [source('aclImdb_labeled.tar.gz')]);
    await waitText(page, alert, 'aclImdb_labeled.tar.gz needs imdb_word_index.json (the Keras word ranks) to be imported: drop both together');

    // A file named like the data but holding something else: the page sends it, the lab's importer refuses it.
    mkdirSync(join(lab.dir, 'fake'));
    writeFileSync(join(lab.dir, 'fake', 'imdb.npz'), 'not a numpy zip\n');
    await dropFiles(page, '[data-testid=import-drop]', [join(lab.dir, 'fake', 'imdb.npz')]);
    await waitText(page, alert, 'imdb.npz is not IMDB data: expected a Keras imdb.npz, an aclImdb .tar.gz, an aclImdb folder or imdb_word_index.json', 30_000);
    assert.equal(await page.locator('[data-testid=upload-progress]').count(), 0, 'the progress bar is gone');
    await screenshot(page, '41-drop-refused-by-lab');
    assert.deepEqual(dataFiles(), [], 'nothing reached the data folder');
    assert.deepEqual(staged(), [], 'the staging copy is gone');
    // Chromium logs the refused request (HTTP 422) to the console: the only console error here
    assert.deepEqual(errors.splice(0), ['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
  }),
);

test('imdb.npz dragged from disk onto the window (not the zone) is uploaded and imported; without its word index the screen says what is missing', { skip: session.skip ?? false, timeout: 120_000 }, () =>
  session.step('npz alone', async ({ page }) => {
    await dragFromDisk(page, '[data-testid=screen-data] h1', [source('imdb.npz')]);
    await waitText(page, '[data-testid=import-done]', 'Imported imdb.npz.', 60_000);
    assert.equal(await page.locator(alert).count(), 0, 'no error');
    await waitTextMatch(page, '[data-testid=data-message]', /^imdb\.npz is here, but imdb_word_index\.json \(the Keras word ranks\) is missing/);
    assert.equal((await page.textContent('[data-testid=data-status-state]'))?.trim(), 'missing');
    assert.deepEqual(dataFiles(), ['imdb.npz']);
    assert.equal(statSync(join(session.lab.dir, 'data', 'imdb.npz')).size, statSync(source('imdb.npz')).size);
    assert.deepEqual(staged(), [], 'the staging copy is gone');
  }),
);

test('the aclImdb tarball and the word index dropped together on the zone: uploaded with progress, word index first, and the data is ready (screenshots light and dark)', { skip: session.skip ?? false, timeout: 180_000 }, () =>
  session.step('tarball and word index', async ({ page, errors }) => {
    // a slow upload link (Chromium's network emulation), so that the progress bar can be seen and captured
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 8 * 1024 * 1024 });
    // the tarball first: the lab needs the word index in place to import it, so the page must send that first
    await dropFiles(page, '[data-testid=import-drop]', [source('aclImdb_labeled.tar.gz'), source('imdb_word_index.json')]);
    await waitTextMatch(page, '[data-testid=upload-progress]', /Uploading aclImdb_labeled\.tar\.gz \(2 of 2\)\d.* of 27\.5 MiB/, 30_000);
    assert.equal(await page.isDisabled('[data-testid=upload-pick]'), true, 'no second import while one is under way');
    await waitAttrAtLeast(page, '[data-testid=upload-progress] [role=progressbar]', 'aria-valuenow', 25, 30_000);
    await screenshot(page, '42-drop-uploading');
    await waitText(page, '[data-testid=import-done]', 'Imported imdb_word_index.json and aclImdb_labeled.tar.gz.', 120_000);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
    assert.equal(await page.locator(alert).count(), 0, 'no error');
    await waitText(page, '[data-testid=data-status-state]', 'ready');
    await page.waitForSelector('[data-testid=data-stats]', { timeout: 60_000 });
    assert.match((await page.textContent('[data-testid=data-stats]')) ?? '', /12,500 positive · 12,500 negative/);
    assert.match((await page.textContent('[data-testid=data-status]')) ?? '', /aclImdb_labeled\.tar\.gz/);
    assert.deepEqual(dataFiles(), ['aclImdb_labeled.tar.gz', 'imdb.npz', 'imdb_word_index.json']);
    for (const f of ['aclImdb_labeled.tar.gz', 'imdb_word_index.json']) assert.equal(statSync(join(session.lab.dir, 'data', f)).size, statSync(source(f)).size, f);
    assert.deepEqual(staged(), [], 'the staging copies are gone');
    wordIndexTime = statSync(join(session.lab.dir, 'data', 'imdb_word_index.json')).mtimeMs;
    await bothThemes(page, '43-drop-imported');
    assert.deepEqual(errors, [], 'no page errors');
  }),
);

test('other screens refuse a dropped file: the browser does not open it in place of the lab', { skip: session.skip ?? false, timeout: 60_000 }, () =>
  session.step('drop elsewhere', async ({ page, errors }) => {
    await page.click('[data-nav=runs]');
    await page.waitForSelector('[data-testid=screen-runs]');
    // A browser opens a dropped file in the tab unless the page cancels dragover and drop; a cancelled dragover
    // with dropEffect 'none' is a refused drop (the no-drop cursor). Headless Chromium never opens the file
    // itself, so what the page answers is what is checked.
    await page.setInputFiles('#test-files', [source('imdb_word_index.json')]);
    const answers = await page.evaluate(() => {
      const g = globalThis as unknown as G;
      const target = g.document.querySelector('[data-testid=screen-runs]');
      return (['dragover', 'drop'] as const).map((type) => {
        const dt = new g.DataTransfer();
        for (const f of g.document.querySelector('#test-files')?.files ?? []) dt.items.add(f);
        const e = new g.DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }) as { defaultPrevented: boolean };
        target?.dispatchEvent(e);
        return { type, cancelled: e.defaultPrevented, dropEffect: dt.dropEffect };
      });
    });
    assert.deepEqual(answers, [{ type: 'dragover', cancelled: true, dropEffect: 'none' }, { type: 'drop', cancelled: true, dropEffect: 'none' }]);
    // and Chromium's own drag from disk neither imports it nor leaves the lab
    const url = page.url();
    await dragFromDisk(page, '[data-testid=screen-runs]', [source('imdb_word_index.json')]);
    await page.waitForTimeout(500);
    assert.equal(page.url(), url, 'still the lab');
    await page.waitForSelector('[data-testid=screen-runs]');
    assert.deepEqual(staged(), []);
    assert.deepEqual(dataFiles(), ['aclImdb_labeled.tar.gz', 'imdb.npz', 'imdb_word_index.json']);
    assert.equal(statSync(join(session.lab.dir, 'data', 'imdb_word_index.json')).mtimeMs, wordIndexTime, 'not imported again');
    assert.deepEqual(errors, [], 'no page errors');
  }),
);
