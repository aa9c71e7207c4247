// User presets in the database: saved from a run (on all the reviews, the held-out validation kept, a sweep's
// best epoch count), unique by name in any case, listed in order, deleted by id or name; a deleted source run
// leaves the preset without its link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openRunStore } from '../../../db/index.js';
import { presetStoreFor } from '../../../main/presets/store.js';
import { savePresetFromRun } from '../../../main/presets/from-run.js';
import { isUserError } from '../../../main/errors.js';
import { newRun, tempDir } from './fixtures.js';

test('presets: save from a run, unique names, list, delete; the source link survives its run\'s deletion as null', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'lab.sqlite');
    const runs = openRunStore(path);
    const run = runs.createRun(newRun({ arch: 'gru', units: 48 }, { limitTrain: 2000, limitTest: 500, validationSplit: 0.2, epochs: 8 }));
    runs.setStatus(run.id, 'cancelled');
    const presets = presetStoreFor(runs);
    const p = savePresetFromRun(runs, presets, { name: ' Tuned ', runId: run.id.slice(0, 6), epochs: 3 });
    assert.equal(p.name, 'Tuned');
    assert.equal(p.model.arch, 'gru');
    assert.equal(p.model.units, 48);
    assert.deepEqual([p.train.limitTrain, p.train.limitTest, p.train.validationSplit, p.train.epochs], [null, null, 0.2, 3]);
    assert.equal(p.sourceRunId, run.id);
    assert.throws(() => savePresetFromRun(runs, presets, { name: 'tuned', runId: run.id }), (e: unknown) => isUserError(e) && e.code === 'conflict' && /a preset named "tuned" exists already/.test(e.message));
    assert.throws(() => savePresetFromRun(runs, presets, { name: '  ', runId: run.id }), /a preset needs a name/);
    assert.throws(() => savePresetFromRun(runs, presets, { name: 'x', runId: run.id, epochs: 0 }), /epochs must be a whole number ≥ 1/);
    assert.throws(() => savePresetFromRun(runs, presets, { name: 'x', runId: 'nope' }), /unknown run "nope"/);
    savePresetFromRun(runs, presets, { name: 'Second', runId: run.id });
    runs.close();

    const again = openRunStore(path);
    const ps = presetStoreFor(again);
    assert.deepEqual(ps.listPresets().map((x) => [x.name, x.train.epochs]), [['Tuned', 3], ['Second', 8]]);
    again.deleteRuns([run.id]);
    assert.equal(ps.listPresets()[0]?.sourceRunId, null);
    assert.equal(ps.deletePreset('Second').name, 'Second');
    assert.equal(ps.deletePreset(p.id).name, 'Tuned');
    assert.throws(() => ps.deletePreset('Tuned'), (e: unknown) => isUserError(e) && /unknown preset "Tuned"/.test(e.message));
    assert.deepEqual(ps.listPresets(), []);
    again.close();
  } finally {
    cleanup();
  }
});
