// Store queries on a real SQLite file: create/list/filter/sort, metric series and down-sampling, resume
// bookkeeping, comparison, tags/notes, delete with files, CSV/JSON export, crash recovery of stale runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { openRunStore } from '../../../db/index.js';
import { isUserError } from '../../../main/errors.js';
import type { RunStore } from '../../../main/runs/store.js';
import { batchPoints, epochRow, newRun, tempDir } from './fixtures.js';

function withStore(fn: (store: RunStore, dir: string, path: string) => void): void {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'lab.sqlite');
  const store = openRunStore(path);
  try {
    fn(store, dir, path);
  } finally {
    store.close();
    cleanup();
  }
}

const device = { engine: 'recurrent-lab' as const, threads: 1, simd: false, gpu: null, description: 'test' };
const start = { device, dataSource: 'npz', dataPath: '/data/imdb.npz', dataFingerprint: 'abc', params: 1234 };

test('runs are created queued with their settings, and found by id or unique prefix', () => {
  withStore((store) => {
    const r = store.createRun(newRun({ arch: 'gru', units: 32 }, { seed: 7 }, { tags: ['a', ' b ', 'a', ''], notes: 'hello' }));
    assert.equal(r.status, 'queued');
    assert.equal(r.arch, 'gru');
    assert.equal(r.model.units, 32);
    assert.equal(r.seed, 7);
    assert.deepEqual(r.tags, ['a', 'b']);
    assert.equal(r.notes, 'hello');
    assert.equal(store.getRun(r.id.slice(0, 6)).id, r.id);
    assert.throws(() => store.getRun('zzzzzz'), (e: unknown) => isUserError(e) && e.code === 'unknown_run');
    assert.throws(() => store.getRun("x' OR 1=1 --"), (e: unknown) => isUserError(e) && e.code === 'unknown_run');
  });
});

test('listing filters by status, architecture, tag, group and text, and sorts with nulls last', () => {
  withStore((store) => {
    const g = store.createGroup('lstm vs gru', 'comparison');
    const a = store.createRun(newRun({ arch: 'lstm' }, {}, { tags: ['baseline'], groupId: g.id, name: 'Alpha run' }));
    const b = store.createRun(newRun({ arch: 'gru' }, {}, { groupId: g.id, notes: 'try reset_after' }));
    const c = store.createRun(newRun({ arch: 'rnn' }, {}, { tags: ['50%_off'] }));
    store.startRun(a.id, start);
    store.setTestMetrics(a.id, { accuracy: 0.8, loss: 0.4, auc: 0.9, tn: 1, fp: 1, fn: 1, tp: 1, n: 4 });
    store.endRun(a.id, { status: 'finished' });
    store.startRun(b.id, start);
    store.setTestMetrics(b.id, { accuracy: 0.85, loss: 0.3, auc: 0.92, tn: 1, fp: 1, fn: 1, tp: 1, n: 4 });
    store.endRun(b.id, { status: 'finished' });
    const ids = (f: Parameters<RunStore['listRuns']>[0]) => store.listRuns(f).map((r) => r.id);
    assert.deepEqual(ids({ status: ['finished'], sort: 'testAccuracy', dir: 'desc' }), [b.id, a.id]);
    assert.deepEqual(ids({ sort: 'testAccuracy', dir: 'asc' }), [a.id, b.id, c.id]); // c has no test metrics: last
    assert.deepEqual(ids({ arch: ['rnn', 'gru'], sort: 'arch', dir: 'asc' }), [b.id, c.id]);
    assert.deepEqual(ids({ tag: 'baseline' }), [a.id]);
    assert.deepEqual(ids({ groupId: g.id, sort: 'name', dir: 'asc' }), [a.id, b.id].sort((x, y) => store.getRun(x).name.localeCompare(store.getRun(y).name)));
    assert.deepEqual(ids({ text: 'alpha' }), [a.id]);
    assert.deepEqual(ids({ text: 'RESET_after' }), [b.id]);
    assert.deepEqual(ids({ text: '50%_' }), [c.id]); // LIKE wildcards in the search text are literal
    assert.deepEqual(ids({ text: '%' }), [c.id]);
    assert.equal(store.countRuns({ status: ['queued'] }), 1);
    assert.equal(store.listRuns({ limit: 2 }).length, 2);
    assert.throws(() => store.listRuns({ status: ['nope' as never] }), (e: unknown) => isUserError(e));
  });
});

test('batch series are complete when small and bucket means when large', () => {
  withStore((store) => {
    const r = store.createRun(newRun());
    store.startRun(r.id, start);
    const points = batchPoints(4, 250); // 1000 points
    for (let i = 0; i < points.length; i += 100) store.appendBatches(r.id, points.slice(i, i + 100));
    const [full] = store.batchSeries([r.id], 5000);
    assert.equal(full?.total, 1000);
    assert.equal(full?.step.length, 1000);
    assert.deepEqual(full?.step.slice(0, 3), [1, 2, 3]);
    const [small] = store.batchSeries([r.id], 100);
    assert.equal(small?.step.length, 100);
    const firstMean = points.slice(0, 10).reduce((s, p) => s + p.loss, 0) / 10;
    assert.ok(Math.abs((small?.loss[0] ?? 0) - firstMean) < 1e-12);
    assert.equal(small?.step[0], 10);
    assert.equal(small?.epoch[99], 4);
    // Coarse buckets come from the 16-step rollup: 63 blocks → 7 blocks (112 steps) per point.
    const [coarse] = store.batchSeries([r.id], 10);
    assert.equal(coarse?.total, 1000);
    assert.equal(coarse?.step.length, 9);
    assert.equal(coarse?.step[0], 112);
    const mean112 = points.slice(0, 112).reduce((s, p) => s + p.loss, 0) / 112;
    assert.ok(Math.abs((coarse?.loss[0] ?? 0) - mean112) < 1e-12);
    assert.equal(coarse?.step[8], 1000);
  });
});

test('epochs, best epoch (lowest val loss) and the run summary', () => {
  withStore((store) => {
    const r = store.createRun(newRun());
    store.startRun(r.id, start);
    store.appendEpoch(r.id, epochRow(1, 0.5, 0.7));
    store.appendEpoch(r.id, epochRow(2, 0.3, 0.8), { kind: 'checkpoint', path: join(store.info.artifactsDir, r.id, 'c2'), bytes: 10, epoch: 2 });
    store.appendEpoch(r.id, epochRow(3, 0.4, 0.82));
    const got = store.getRun(r.id);
    assert.equal(got.epochsDone, 3);
    assert.equal(got.bestEpoch, 2);
    assert.equal(got.bestValLoss, 0.3);
    assert.equal(got.finalValAccuracy, 0.82);
    assert.equal(store.lastCheckpoint(r.id)?.epoch, 2);
    const [s] = store.epochSeries([r.id]);
    assert.deepEqual(s?.epochs.map((e) => e.epoch), [1, 2, 3]);
  });
});

test('a resume keeps the re-trained part as superseded rows and continues the same curve', () => {
  withStore((store, _dir, path) => {
    const r = store.createRun(newRun({}, { epochs: 3 }));
    store.startRun(r.id, start);
    store.appendBatches(r.id, batchPoints(2, 10));
    store.appendEpoch(r.id, epochRow(1, 0.5), { kind: 'checkpoint', path: join(store.info.artifactsDir, r.id, 'c1'), bytes: 1, epoch: 1 });
    store.endRun(r.id, { status: 'cancelled' }); // stopped in the middle of epoch 2
    const q = store.beginResume(r.id, 1);
    assert.equal(q.status, 'queued');
    assert.equal(q.attempt, 2);
    assert.equal(q.epochsDone, 1);
    assert.equal(store.batchSeries([r.id])[0]?.total, 10); // epoch 2's first try is hidden…
    store.startRun(r.id, start);
    store.appendBatches(r.id, batchPoints(3, 10, 2));
    store.appendEpoch(r.id, epochRow(2, 0.4));
    store.appendEpoch(r.id, epochRow(3, 0.35));
    store.endRun(r.id, { status: 'finished' });
    const [s] = store.batchSeries([r.id]);
    assert.equal(s?.total, 30);
    assert.deepEqual(s?.step, Array.from({ length: 30 }, (_, i) => i + 1));
    // The rollup was rebuilt too: one coarse point = the mean of the 30 current points.
    const current = [...batchPoints(1, 10), ...batchPoints(3, 10, 2)];
    const [one] = store.batchSeries([r.id], 1);
    assert.equal(one?.total, 30);
    assert.ok(Math.abs((one?.loss[0] ?? 0) - current.reduce((a, p) => a + p.loss, 0) / 30) < 1e-12);
    const raw = new Database(path, { readonly: true });
    assert.equal(raw.prepare('SELECT count(*) FROM batch_metrics WHERE run_id = ?').pluck().get(r.id), 40); // …but kept
    raw.close();
  });
});

test('compare: every hyperparameter side by side with differences flagged, final and best metrics', () => {
  withStore((store) => {
    const a = store.createRun(newRun({ arch: 'lstm' }));
    const b = store.createRun(newRun({ arch: 'gru' }));
    store.appendEpoch(a.id, epochRow(1, 0.4, 0.8));
    store.appendEpoch(a.id, epochRow(2, 0.5, 0.81));
    const c = store.compare([a.id, b.id]);
    const arch = c.config.find((r) => r.key === 'model.arch');
    assert.deepEqual(arch, { key: 'model.arch', values: ['lstm', 'gru'], differs: true });
    assert.equal(c.config.find((r) => r.key === 'train.batchSize')?.differs, false);
    assert.equal(c.metrics[0]?.best?.epoch, 1);
    assert.equal(c.metrics[0]?.final?.epoch, 2);
    assert.equal(c.metrics[1]?.final, null);
    assert.throws(() => store.compare([a.id, 'nope1234']), (e: unknown) => isUserError(e) && e.code === 'unknown_run');
  });
});

test('tags, notes and names are edited; bad values are refused', () => {
  withStore((store) => {
    const r = store.createRun(newRun());
    assert.deepEqual(store.setTags(r.id, ['z', 'y', 'z']).tags, ['y', 'z']);
    assert.equal(store.setNotes(r.id, 'note').notes, 'note');
    assert.equal(store.rename(r.id, ' New ').name, 'New');
    assert.throws(() => store.rename(r.id, '  '), (e: unknown) => isUserError(e));
    assert.throws(() => store.setTags(r.id, ['x'.repeat(65)]), (e: unknown) => isUserError(e));
  });
});

test('deleting runs removes rows, metrics and our files, but not exported models elsewhere', () => {
  withStore((store, dir, path) => {
    const r = store.createRun(newRun());
    const keep = store.createRun(newRun());
    const runDir = join(store.info.artifactsDir, r.id);
    mkdirSync(runDir, { recursive: true });
    const ck = join(runDir, 'checkpoint.rlck');
    writeFileSync(ck, 'x');
    const exportDir = join(dir, 'my-export');
    mkdirSync(exportDir);
    writeFileSync(join(exportDir, 'model.json'), '{}');
    store.appendBatches(r.id, batchPoints(1, 5));
    store.appendEpoch(r.id, epochRow(1, 0.5), { kind: 'checkpoint', path: ck, bytes: 1, epoch: 1 });
    store.addArtifact(r.id, { kind: 'export', path: exportDir, bytes: 2 });
    store.endRun(r.id, { status: 'finished' });
    store.startRun(keep.id, start); // running in this (live) process: refused
    assert.throws(() => store.deleteRuns([keep.id]), (e: unknown) => isUserError(e) && e.code === 'bad_state');
    const res = store.deleteRuns([r.id]);
    assert.deepEqual(res.deleted, [r.id]);
    assert.equal(existsSync(ck), false);
    assert.equal(existsSync(runDir), false);
    assert.equal(existsSync(join(exportDir, 'model.json')), true);
    assert.throws(() => store.getRun(r.id), (e: unknown) => isUserError(e));
    const raw = new Database(path, { readonly: true });
    for (const t of ['batch_metrics', 'epoch_metrics', 'artifacts', 'run_tags']) {
      assert.equal(raw.prepare(`SELECT count(*) FROM ${t} WHERE run_id = ?`).pluck().get(r.id), 0, t);
    }
    raw.close();
  });
});

test('runs export as JSON (with epochs) and CSV (one row per epoch, quoted)', () => {
  withStore((store) => {
    const r = store.createRun(newRun({}, {}, { name: 'with, comma "quoted"' }));
    store.appendEpoch(r.id, epochRow(1, 0.5, 0.7));
    store.appendEpoch(r.id, epochRow(2, 0.4, 0.75));
    const empty = store.createRun(newRun());
    const json = JSON.parse(store.exportRuns([r.id, empty.id], 'json')) as { runs: { id: string; epochs: unknown[] }[] };
    assert.equal(json.runs.length, 2);
    assert.equal(json.runs[0]?.epochs.length, 2);
    const csv = store.exportRuns([r.id, empty.id], 'csv').trim().split('\n');
    assert.equal(csv.length, 1 + 2 + 1);
    assert.ok(csv[1]?.includes('"with, comma ""quoted"""'));
    const header = csv[0]?.split(',') ?? [];
    assert.equal(csv[2]?.split(',').length, header.length + 1); // the quoted comma adds one split
  });
});

test('on open, runs left running or queued by a dead process become interrupted; live owners are left alone', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'lab.sqlite');
    const s = openRunStore(path);
    const dead = s.createRun(newRun());
    const deadQueued = s.createRun(newRun());
    const live = s.createRun(newRun());
    s.startRun(dead.id, start);
    s.startRun(live.id, start);
    s.appendBatches(dead.id, batchPoints(1, 7));
    s.close();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const raw = new Database(path);
    raw.prepare('UPDATE runs SET owner = ? WHERE id IN (?, ?)').run(`${hostname()}:${gone.stdout}`, dead.id, deadQueued.id);
    raw.close();
    const s2 = openRunStore(path);
    assert.equal(s2.getRun(dead.id).status, 'interrupted');
    assert.match(s2.getRun(dead.id).error ?? '', /stopped unexpectedly/);
    assert.equal(s2.getRun(deadQueued.id).status, 'interrupted');
    assert.equal(s2.getRun(live.id).status, 'running');
    assert.equal(s2.batchSeries([dead.id])[0]?.total, 7);
    s2.close();
  } finally {
    cleanup();
  }
});

test('a diverging run (NaN loss) and an undefined AUC are stored, not refused', () => {
  withStore((store) => {
    const r = store.createRun(newRun());
    store.startRun(r.id, start);
    store.appendBatches(r.id, [{ epoch: 1, batch: 1, batches: 2, loss: 0.7, accuracy: 0.5, examplesPerSec: 1, elapsedMs: 1 }, { epoch: 1, batch: 2, batches: 2, loss: NaN, accuracy: NaN, examplesPerSec: 1, elapsedMs: 2 }]);
    store.appendEpoch(r.id, { ...epochRow(1, null), loss: NaN });
    store.setTestMetrics(r.id, { accuracy: 1, loss: NaN, auc: NaN, tn: 0, fp: 0, fn: 0, tp: 3, n: 3 });
    const [s] = store.batchSeries([r.id]);
    assert.equal(s?.total, 2);
    assert.ok(Number.isNaN(s?.loss[1]));
    assert.ok(Number.isNaN(store.epochSeries([r.id])[0]?.epochs[0]?.loss));
    assert.ok(Number.isNaN(store.getRun(r.id).test?.auc));
    assert.equal(store.getRun(r.id).bestEpoch, null);
  });
});
