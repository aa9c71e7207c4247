// The SQLite sweep store: a sweep with its trials ↔ runs and ASHA's rung records survives reopening; a sweep
// left running by a dead process reads interrupted (even read-only) and exactly one process can claim it back;
// a stop by ASHA is recorded with its rung in one transaction; deleting a trial's run keeps the trial.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { openRunStore } from '../../../db/index.js';
import { sweepStoreFor, type NewSweep } from '../../../main/sweeps/store.js';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../../main/model/spec.js';
import { isUserError } from '../../../main/errors.js';
import { newRun, tempDir } from './fixtures.js';

function plan(groupId: string): NewSweep {
  return {
    name: 'asha sweep',
    space: { units: { values: [8, 16] } },
    settings: { scheduler: 'asha', trials: 4, budgetMinutes: null, seed: 1, parallel: 1, eta: 3, rungs: [1, 3] },
    base: { model: TUTORIAL_MODEL, train: { ...TUTORIAL_TRAIN, validationSplit: 0.2 } },
    fixed: ['epochs'],
    groupId,
  };
}

test('a sweep, its trials and rung records round-trip through a reopen; a stop is one transaction', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'lab.sqlite');
    const runs = openRunStore(path);
    const sweeps = sweepStoreFor(runs);
    const g = runs.createGroup('Sweep: asha sweep', 'custom');
    const s = sweeps.createSweep(plan(g.id));
    assert.equal(s.status, 'running');
    assert.deepEqual(s.settings.rungs, [1, 3]);
    const a = runs.createRun(newRun({ units: 8 }, {}, { groupId: g.id }));
    const b = runs.createRun(newRun({ units: 16 }, {}, { groupId: g.id }));
    sweeps.addTrial(s.id, { index: 0, runId: a.id, config: { units: 8 }, status: 'running' });
    sweeps.addTrial(s.id, { index: 1, runId: b.id, config: { units: 16 }, status: 'running' });
    sweeps.addTrial(s.id, { index: 2, runId: null, config: { units: 8 }, status: 'failed', error: 'refused' });
    assert.throws(() => sweeps.addTrial(s.id, { index: 3, runId: a.id, config: {}, status: 'queued' }), /UNIQUE/, 'a run is one trial at most');
    sweeps.recordRung(s.id, { rung: 1, index: 0, value: 0.7, decision: 'continue' });
    sweeps.recordRung(s.id, { rung: 1, index: 1, value: 0.6, decision: 'stop' });
    sweeps.recordRung(s.id, { rung: 3, index: 0, value: NaN, decision: 'stop' });
    sweeps.setElapsed(s.id, 1234);
    runs.setStatus(b.id, 'cancelled'); // never trained: deletable below
    runs.close();

    const again = openRunStore(path);
    const sw = sweepStoreFor(again);
    const t = sw.trials(s.id);
    assert.deepEqual(t.map((x) => [x.index, x.runId, x.status, x.stoppedAtEpoch, x.error]), [
      [0, a.id, 'stopped', 3, null],
      [1, b.id, 'stopped', 1, null],
      [2, null, 'failed', null, 'refused'],
    ]);
    assert.deepEqual(sw.rungResults(s.id).map((r) => [r.rung, r.index, r.value, r.decision]), [[1, 0, 0.7, 'continue'], [1, 1, 0.6, 'stop'], [3, 0, null, 'stop']]);
    assert.equal(sw.getSweep(s.id.slice(0, 5)).elapsedMs, 1234);
    assert.equal(sw.trialOfRun(b.id)?.index, 1);
    assert.equal(sw.trialOfRun('nope'), null);
    assert.throws(() => sw.getSweep('zzzz'), (e: unknown) => isUserError(e) && /unknown sweep "zzzz"/.test(e.message));
    // Deleting a trial's run keeps the trial (the sweep's history), without its run.
    again.deleteRuns([b.id]);
    assert.equal(sw.trials(s.id)[1]?.runId, null);
    assert.equal(sw.endSweep(s.id, 'finished').status, 'finished');
    assert.throws(() => sw.beginResume(s.id), /cannot be resumed: it has finished/);
    again.close();
  } finally {
    cleanup();
  }
});

test('a sweep left running by a dead process reads interrupted, even read-only; one claim wins', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'lab.sqlite');
    const runs = openRunStore(path);
    const g = runs.createGroup('g', 'custom');
    const s = sweepStoreFor(runs).createSweep(plan(g.id));
    // Live owner (this process): resuming is refused and names it.
    assert.throws(() => sweepStoreFor(runs).beginResume(s.id), (e: unknown) => isUserError(e) && e.code === 'bad_state' && /being run by process \d+ on /.test(e.message));
    runs.close();
    const raw = new Database(path);
    raw.prepare('UPDATE sweeps SET owner = ? WHERE id = ?').run(`${hostname()}:999999999`, s.id);
    raw.close();

    const ro = openRunStore(path, { readonly: true });
    assert.equal(sweepStoreFor(ro).getSweep(s.id).status, 'interrupted', 'read-only: computed, not written');
    ro.close();
    const one = openRunStore(path);
    const two = openRunStore(path);
    assert.equal(sweepStoreFor(one).getSweep(s.id).status, 'interrupted');
    assert.equal(sweepStoreFor(one).beginResume(s.id).status, 'running');
    assert.throws(() => sweepStoreFor(two).beginResume(s.id), /cannot be resumed: it is being run by process/);
    one.close();
    two.close();
  } finally {
    cleanup();
  }
});
