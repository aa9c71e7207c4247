// User-given text printed by the real CLI (run names, tags, notes, error messages quoting an id, data paths)
// carries no terminal control sequence to the terminal; --json output stays exact JSON of the same values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openRunStore } from '../../../db/index.js';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../../main/model/spec.js';
import { cli, tempHome } from '../runs/helpers.js';

// Clear screen, a window title (OSC … BEL), a colour, an 8-bit CSI, a carriage return and a backspace.
const EVIL_NAME = 'good\x1b[2J\x1b]0;pwned\x07 run\x1b[31m red\x9b1A\r over\x08';
const EVIL_TAG = 'tag\x1b[1;1H';
const EVIL_NOTES = 'line one\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\nline two\r\x1b[K';
/** Any C0 (but tab, newline and, when allowed, carriage return), DEL or C1 character: what a terminal acts on. */
function hasControl(text: string, allowCr = false): boolean {
  return [...text].some((ch) => {
    const c = ch.charCodeAt(0);
    if (c === 0x09 || c === 0x0a || (allowCr && c === 0x0d)) return false;
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  });
}

function assertSafe(text: string, what: string, allowCr = false): void {
  assert.ok(!hasControl(text, allowCr), `${what} holds a control character: ${JSON.stringify(text)}`);
}

test('run names, tags, notes, ids and paths are printed without terminal control sequences; --json stays exact', () => {
  const h = tempHome();
  try {
    const store = openRunStore(h.db);
    const run = store.createRun({ model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN, appVersion: 'test', name: EVIL_NAME, tags: [EVIL_TAG], notes: EVIL_NOTES });
    store.close();

    const list = cli(['runs'], h.env);
    assert.equal(list.status, 0, list.stderr);
    assertSafe(list.stdout, 'runs');
    assert.match(list.stdout, /good run red +over \[tag\]/);

    const show = cli(['show', run.id], h.env);
    assert.equal(show.status, 0, show.stderr);
    assertSafe(show.stdout, 'show');
    assert.match(show.stdout, /good run red +over/);
    assert.match(show.stdout, /notes: line onelink\nline two\n/);

    const csv = cli(['runs', '--export', 'csv'], h.env);
    // CSV keeps a quoted field's line breaks (they are data); nothing else.
    assertSafe(csv.stdout, 'runs --export csv', true);
    assert.match(csv.stdout, /"good run red\r over"/);
    const exported = cli(['runs', '--export', 'json'], h.env);
    assertSafe(exported.stdout, 'runs --export json');
    assert.equal((JSON.parse(exported.stdout) as { runs: { name: string }[] }).runs[0]?.name, EVIL_NAME);

    const annotate = cli(['annotate', run.id, '--tag', 'x\x1b[2Jy'], h.env);
    assert.equal(annotate.status, 0, annotate.stderr);
    assertSafe(annotate.stdout, 'annotate');
    assert.match(annotate.stdout, /tags tag, xy/);

    // --json: exact JSON of the very same strings.
    const json = cli(['show', run.id, '--json'], h.env);
    assert.equal(json.status, 0);
    assertSafe(json.stdout, 'show --json');
    const doc = JSON.parse(json.stdout) as { run: { name: string; tags: string[]; notes: string } };
    assert.equal(doc.run.name, EVIL_NAME);
    assert.deepEqual(doc.run.tags, [EVIL_TAG, 'x\x1b[2Jy']);
    assert.equal(doc.run.notes, EVIL_NOTES);

    // Error messages quote what the user typed.
    const unknown = cli(['show', 'ab\x1b[2Jcd'], h.env);
    assert.equal(unknown.status, 2);
    assertSafe(unknown.stderr, 'show error');
    assert.match(unknown.stderr, /unknown run "abcd"/);
    const flag = cli(['runs', '--\x1b]0;x\x07evil'], h.env);
    assert.equal(flag.status, 2);
    assertSafe(flag.stderr, 'unknown flag error');

    // A data folder path.
    const dir = join(h.dir, 'data\x1b[2J\x1b]0;title\x07');
    const status = cli(['data', 'status', '--data', dir], h.env);
    assert.equal(status.status, 0, status.stderr);
    assertSafe(status.stdout, 'data status');
    assert.ok(status.stdout.startsWith(join(h.dir, 'data')), status.stdout);
  } finally {
    h.cleanup();
  }
});
