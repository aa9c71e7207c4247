// Flag parsing as a user meets it in a real process: a single-valued flag given twice is refused (repeatable
// ones like --tag still repeat), and a negative number is read as the flag's value and checked like any other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { openRunStore } from '../../../db/index.js';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../../main/model/spec.js';
import { cli, tempHome } from '../runs/helpers.js';

test('a repeated option is refused with a clear error; --tag and --untag stay repeatable', () => {
  const h = tempHome();
  try {
    const r = cli(['train', '--epochs', '1', '--epochs', '2'], h.env);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, 'recurrent-lab train: --epochs is given 2 times ("1", "2"); give it once\n');
    assert.equal(existsSync(h.db), false, 'nothing was created');
    const inline = cli(['train', '--epochs=1', '--limit-train', '64', '--epochs=3'], h.env);
    assert.equal(inline.status, 2);
    assert.match(inline.stderr, /--epochs is given 2 times \("1", "3"\)/);
    const bools = cli(['runs', '--asc', '--asc'], h.env);
    assert.equal(bools.status, 2);
    assert.match(bools.stderr, /^recurrent-lab runs: --asc is given 2 times; give it once\n$/);

    const store = openRunStore(h.db);
    const run = store.createRun({ model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN, appVersion: 'test', name: 'before' });
    store.close();
    const twice = cli(['annotate', run.id, '--name', 'one', '--name', 'two'], h.env);
    assert.equal(twice.status, 2);
    assert.match(twice.stderr, /--name is given 2 times \("one", "two"\); give it once/);
    const tags = cli(['annotate', run.id, '--tag', 'a', '--tag', 'b', '--json'], h.env);
    assert.equal(tags.status, 0, tags.stderr);
    const out = JSON.parse(tags.stdout) as { name: string; tags: string[] };
    assert.deepEqual(out, { ...out, name: 'before', tags: ['a', 'b'] });
  } finally {
    h.cleanup();
  }
});

test('a negative number is the option\'s value: --epochs -1 says epochs must be at least 1', () => {
  const h = tempHome();
  try {
    const r = cli(['train', '--epochs', '-1'], h.env);
    assert.equal(r.status, 2);
    assert.doesNotMatch(r.stderr, /ambiguous/);
    assert.match(r.stderr, /^recurrent-lab train: .*epochs must be at least 1\n$/);
    const units = cli(['train', '--units', '-8', '--json'], h.env);
    assert.equal(units.status, 2);
    assert.match(units.stderr, /units must be at least 1/);
    assert.match(JSON.parse(units.stdout.trim()).error as string, /units must be at least 1/);
    const limit = cli(['runs', '--limit', '-5'], h.env);
    assert.equal(limit.status, 2);
    assert.match(limit.stderr, /--limit must be at least 1/);
    assert.equal(existsSync(h.db), false, 'nothing was created');
  } finally {
    h.cleanup();
  }
});
