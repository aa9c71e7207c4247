// Specs stored before a setting existed read as the behaviour of their time: a run logged before
// validationSplit validated on the test split (or not at all), one before the pooled heads read the last state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openRunStore } from '../../../db/index.js';
import { selectedOnTest } from '../../../main/model/spec.js';
import { newRun, tempDir } from './fixtures.js';

test('a train spec stored without validationSplit reads null (validated on the test split)', () => {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'lab.sqlite');
  try {
    let store = openRunStore(path);
    const tut = store.createRun(newRun());
    const off = store.createRun(newRun({}, { validation: false }));
    store.close();
    const db = new Database(path);
    for (const id of [tut.id, off.id]) {
      const row = db.prepare('SELECT train_spec FROM runs WHERE id = ?').get(id) as { train_spec: string };
      const { validationSplit: _, ...old } = JSON.parse(row.train_spec) as Record<string, unknown>;
      db.prepare('UPDATE runs SET train_spec = ? WHERE id = ?').run(JSON.stringify(old), id);
    }
    db.close();
    store = openRunStore(path);
    try {
      const a = store.getRun(tut.id);
      assert.equal(a.train.validationSplit, null);
      assert.equal(selectedOnTest(a.train), true);
      const b = store.getRun(off.id);
      assert.equal(b.train.validationSplit, null);
      assert.equal(selectedOnTest(b.train), false);
    } finally {
      store.close();
    }
  } finally {
    cleanup();
  }
});
