// E2E harness: starts the real `recurrent-lab serve` (child process, fresh SQLite file and app folders
// in a temp dir, real IMDB via RECURRENT_LAB_DATA) and real Debian Chromium through playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { before, after } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-artifacts', 'screenshots');

/** Why the e2e suite cannot run here (null when it can). */
export function skipReason(): string | null {
  if (!process.env.RECURRENT_LAB_DATA) return 'RECURRENT_LAB_DATA is not set (the folder with imdb.npz)';
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`;
  if (!existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) return 'dist/renderer missing: run `node scripts/build-renderer.mjs`';
  return null;
}

export interface Lab {
  url: string;
  dir: string;
  db: string;
  child: ChildProcess;
  stderr: () => string;
  stop: () => Promise<void>;
}

/** What else a lab is started with: its data folder (default: RECURRENT_LAB_DATA, the real IMDB files) and environment. */
export interface LabOptions {
  /** The data folder `serve --data` gets, from the lab's temp folder (e.g. an empty one to import into). */
  dataDir?: (dir: string) => string;
  /** Extra environment for the serve process (e.g. TMPDIR, where it stages uploads). */
  env?: (dir: string) => Record<string, string>;
}

/** Starts `serve --port 0` with its own database and home (plus `args(dir)`); resolves when it prints its URL. */
export async function startLab(dir = mkdtempSync(join(tmpdir(), 'rl-e2e-')), db = join(dir, 'lab.sqlite'), args: (dir: string) => string[] = () => [], opts: LabOptions = {}): Promise<Lab> {
  const home = join(dir, 'home');
  const cache = join(dir, 'cache');
  mkdirSync(home, { recursive: true });
  mkdirSync(cache, { recursive: true });
  const data = opts.dataDir?.(dir) ?? (process.env.RECURRENT_LAB_DATA as string);
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'recurrent-lab.js'), 'serve', '--port', '0', '--db', db, '--data', data, ...args(dir), '--json'], {
    cwd: ROOT,
    env: { ...process.env, RECURRENT_LAB_HOME: home, RECURRENT_LAB_CACHE: cache, RECURRENT_LAB_DATA: data, ...opts.env?.(dir) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start in 30 s: ${err}`)), 30_000);
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}: ${err}`)));
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      try {
        const j = JSON.parse(line) as { url?: string };
        if (typeof j.url === 'string') {
          clearTimeout(timer);
          ok(j.url);
        }
      } catch {
        /* not the JSON line */
      }
    });
  });
  let stopping = false;
  // A server that dies mid-journey shows up as refused connections: say why it died.
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`serve exited unexpectedly (code ${code}, signal ${signal}); its stderr:\n${err}`);
  });
  const stop = async () => {
    stopping = true;
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  };
  return { url, dir, db, child, stderr: () => err, stop };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A 1280×800 page that fails the test on uncaught page errors (collected in `errors`). */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.setDefaultTimeout(15_000);
  await page.goto(url);
  return { page, errors };
}

/** What a test file gets from `useLabPage`: read its fields inside tests (the `before` hook fills them). */
export interface LabPage {
  /** Why the file's tests must be skipped (null when they can run): pass it to `test(…, { skip })`. */
  readonly skip: string | null;
  readonly lab: Lab;
  readonly page: Page;
  /** Uncaught page errors and console errors seen so far. */
  readonly errors: string[];
  /** `step` on this file's page; `fn` gets the page, its errors and the lab. */
  step(name: string, fn: (open: { page: Page; errors: string[]; lab: Lab }) => Promise<void>): Promise<void>;
}

/**
 * Registers this test file's `before`/`after` hooks: a fresh lab, Chromium and one page on the lab's
 * URL before the tests; browser closed, lab stopped and its folder removed after them. Call once, at
 * the top level of a test file.
 */
export function useLabPage(opts: { serveArgs?: (dir: string) => string[] } & LabOptions = {}): LabPage {
  const skip = skipReason();
  let lab: Lab | undefined;
  let browser: Browser | undefined;
  let opened: { page: Page; errors: string[] } | undefined;
  before(async () => {
    if (skip) return;
    lab = await startLab(undefined, undefined, opts.serveArgs, opts);
    browser = await launchBrowser();
    opened = await openPage(browser, lab.url);
  });
  after(async () => {
    await browser?.close();
    if (lab) {
      await lab.stop();
      cleanup(lab.dir);
    }
  });
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error(skip ?? 'the lab page is not open: read it inside a test, after the before hook');
    return v;
  };
  return {
    skip,
    get lab() {
      return ready(lab);
    },
    get page() {
      return ready(opened).page;
    },
    get errors() {
      return ready(opened).errors;
    },
    step(name, fn) {
      const open = { ...ready(opened), lab: ready(lab) };
      return step(open.page, name, () => fn(open)).catch((e: unknown) => {
        if (open.errors.length === 0) throw e;
        throw new Error(`${e instanceof Error ? e.message : String(e)}\npage errors so far: ${open.errors.join(' | ')}`, { cause: e });
      });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // A full-page capture keeps the scroll position: scroll to the top so the sticky sidebar sits at its top.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path, fullPage: true });
  return path;
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Fills the New-experiment form with a tiny, fast configuration (text fields by data-field). */
export async function fillTiny(page: Page, overrides: Record<string, string> = {}): Promise<void> {
  const values: Record<string, string> = {
    numWords: '1000', maxLen: '40', embeddingDim: '8', units: '8', epochs: '1', batchSize: '32',
    limitTrain: '256', limitTest: '128', ...overrides,
  };
  for (const [k, v] of Object.entries(values)) await page.fill(`[data-field=${k}]`, v);
}

// Page-side predicates are plain functions (the app's CSP forbids evaluating strings); the root
// tsconfig has no DOM lib, so they reach `document` through this minimal shape.
interface Doc {
  querySelectorAll(s: string): { length: number };
  querySelector(s: string): { getAttribute(n: string): string | null; textContent: string | null } | null;
}

/** Waits until exactly `n` elements match `selector`. */
export async function waitCount(page: Page, selector: string, n: number, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (a: { selector: string; n: number }) => (globalThis as unknown as { document: Doc }).document.querySelectorAll(a.selector).length === a.n,
    { selector, n },
    { timeout },
  );
}

/** Waits until the chart with this data-testid shows at least `min` points. */
export async function waitPoints(page: Page, testid: string, min: number, timeout = 15_000): Promise<void> {
  try {
    await page.waitForFunction(
      (a: { testid: string; min: number }) =>
        Number((globalThis as unknown as { document: Doc }).document.querySelector(`[data-testid=${a.testid}]`)?.getAttribute('data-points') ?? 0) >= a.min,
      { testid, min },
      { timeout },
    );
  } catch (e) {
    // Say what the chart held when the wait gave up (a CI log is all there is to read afterwards).
    const now = await page.getAttribute(`[data-testid=${testid}]`, 'data-points').catch(() => 'unreadable');
    const text = ((await page.textContent(`[data-testid=${testid}]`).catch(() => '')) ?? '').replace(/\s+/g, ' ').slice(0, 200);
    throw new Error(`${testid}: data-points=${now} (wanted ≥ ${min}); its text: "${text}"; ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** Waits until the element's text is exactly `text`. */
export async function waitText(page: Page, selector: string, text: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (a: { selector: string; text: string }) => (globalThis as unknown as { document: Doc }).document.querySelector(a.selector)?.textContent === a.text,
    { selector, text },
    { timeout },
  );
}

/** Waits until the element's text matches `pattern`. */
export async function waitTextMatch(page: Page, selector: string, pattern: RegExp, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (a: { selector: string; source: string; flags: string }) =>
      new RegExp(a.source, a.flags).test((globalThis as unknown as { document: Doc }).document.querySelector(a.selector)?.textContent ?? ''),
    { selector, source: pattern.source, flags: pattern.flags },
    { timeout },
  );
}

/** Values of all inputs matching a selector. */
export async function inputValues(page: Page, selector: string): Promise<string[]> {
  const loc = page.locator(selector);
  const n = await loc.count();
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(await loc.nth(i).inputValue());
  return out;
}

/** Runs one step of a journey; on failure saves a screenshot named after it (for the CI artifacts). */
export async function step(page: Page, name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    await screenshot(page, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => undefined);
    throw e;
  }
}

/** Polls a test-side check until it holds (for UI updates that follow a server round trip). */
export async function eventually(check: () => Promise<boolean>, what: string, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the numeric attribute of the first element matching `selector` is at least `min`. */
export async function waitAttrAtLeast(page: Page, selector: string, attr: string, min: number, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (a: { selector: string; attr: string; min: number }) =>
      Number((globalThis as unknown as { document: Doc }).document.querySelector(a.selector)?.getAttribute(a.attr) ?? 0) >= a.min,
    { selector, attr, min },
    { timeout },
  );
}
