// The run queue in process, on real IMDB slices: a group trains one run at a time in a worker thread,
// progress events carry ETAs, cancelling a running run keeps its curves, a queued one never starts,
// and a cancelled run resumes to the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openRunStore } from '../../../db/index.js';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../../main/model/spec.js';
import { RunQueue, architectureGroup, seedGroup, type RunProgress, type RunRequest } from '../../../main/runs/queue.js';
import { isUserError } from '../../../main/errors.js';
import { loadRunWeights } from '../../../main/runs/weights.js';
import { loadData, toDataset } from '../../../main/data/index.js';
import { createModel } from '../../../main/engine/index.js';
import { CACHE_DIR, DATA_DIR, SKIP, tempHome } from './helpers.js';

const base: RunRequest = {
  model: { ...TUTORIAL_MODEL, units: 8, embeddingDim: 8, maxLen: 64 },
  train: { ...TUTORIAL_TRAIN, batchSize: 32, epochs: 3, limitTrain: 256, limitTest: 128 },
};

test('a queued group trains one at a time; cancel keeps a running run\'s curves; resume completes it', { skip: SKIP, timeout: 120_000 }, async () => {
  const h = tempHome();
  process.env.RECURRENT_LAB_CACHE = CACHE_DIR;
  const store = openRunStore(h.db);
  const queue = new RunQueue(store, { dataDir: DATA_DIR ?? '' });
  try {
    const seen = { maxRunning: 0, started: [] as string[], finished: [] as string[], progress: [] as RunProgress[], epochs: 0 };
    queue.events.on('queue', (s) => (seen.maxRunning = Math.max(seen.maxRunning, s.running.length)));
    queue.events.on('started', (e) => seen.started.push(e.runId));
    queue.events.on('finished', (e) => seen.finished.push(e.runId));
    queue.events.on('batch', (e) => seen.progress.push(e.progress));

    const { group, runs } = queue.enqueueGroup(architectureGroup(base, ['lstm', 'gru', 'rnn']), { name: 'arch comparison', kind: 'comparison' });
    const [a, b, c] = runs;
    assert.ok(a && b && c);
    assert.deepEqual(runs.map((r) => r.arch), ['lstm', 'gru', 'rnn']);
    assert.deepEqual(queue.state().queued.length + queue.state().running.length, 3);

    // Cancel A as soon as its first epoch is stored; B never starts.
    queue.events.on('epoch', (e) => {
      if (e.runId === a.id && e.metrics.epoch === 1) {
        seen.epochs++;
        assert.equal(queue.cancel(a.id), true);
      }
    });
    assert.equal(queue.cancel(b.id), true);
    await queue.idle();

    const ra = store.getRun(a.id);
    assert.equal(ra.status, 'cancelled');
    assert.ok(ra.epochsDone >= 1 && ra.epochsDone < 3, `partial run kept (${ra.epochsDone} epochs)`);
    assert.ok((store.batchSeries([a.id])[0]?.total ?? 0) >= 8, 'its batch curve is kept');
    assert.equal(ra.test, null);
    const rb = store.getRun(b.id);
    assert.equal(rb.status, 'cancelled');
    assert.equal(rb.startedAt, null);
    assert.equal(store.batchSeries([b.id])[0]?.total, 0);
    const rc = store.getRun(c.id);
    assert.equal(rc.status, 'finished', rc.error ?? '');
    assert.equal(rc.epochsDone, 3);
    assert.ok(rc.test && rc.test.n === 128);
    assert.equal(rc.groupId, group.id);
    assert.deepEqual(store.listRuns({ groupId: group.id }).length, 3);

    assert.equal(seen.maxRunning, 1, 'one run at a time');
    assert.deepEqual(seen.started, [a.id, c.id]);
    assert.deepEqual(new Set(seen.finished), new Set([a.id, b.id, c.id]));
    const cProgress = seen.progress.filter((p) => p.runId === c.id);
    assert.equal(cProgress.length, 24); // 8 batches × 3 epochs
    const lastP = cProgress[cProgress.length - 1];
    assert.equal(lastP?.fraction, 1);
    assert.ok(cProgress.slice(1).every((p) => p.etaMs !== null && p.etaMs >= 0 && p.queueEtaMs !== null));

    // The saved final weights reproduce the stored test metrics.
    const w = loadRunWeights(store, c.id);
    assert.equal(w.source, 'final');
    const data = await loadData(DATA_DIR ?? '', { numWords: rc.model.numWords });
    const model = await createModel(rc.model, { seed: 999 });
    model.setWeights(w.weights);
    const ev = await model.evaluate(toDataset(data.xTest, data.yTest, rc.model.maxLen, 128));
    model.dispose();
    assert.ok(Math.abs(ev.accuracy - rc.test.accuracy) < 1e-9 && Math.abs(ev.loss - rc.test.loss) < 1e-5);

    // Resume the cancelled run: same id, continues after its last checkpoint.
    const resumed = queue.resume(a.id);
    assert.equal(resumed.status, 'queued');
    assert.throws(() => queue.resume(a.id), (e: unknown) => isUserError(e) && e.code === 'bad_state');
    const done = await queue.wait(a.id);
    assert.equal(done.status, 'finished', done.error ?? '');
    assert.equal(done.epochsDone, 3);
    assert.deepEqual(store.epochSeries([a.id])[0]?.epochs.map((e) => e.epoch), [1, 2, 3]);
    assert.equal(store.batchSeries([a.id])[0]?.total, 24);
    assert.throws(() => queue.resume(c.id), (e: unknown) => isUserError(e) && /re-run/.test(e.message));
    // Only the newest checkpoint is kept on disk.
    assert.equal(store.listArtifacts(a.id, 'checkpoint').length, 1);
  } finally {
    await queue.close();
    store.close();
    h.cleanup();
  }
});

test('invalid requests queue nothing; seed groups vary only the seed', () => {
  const h = tempHome();
  const store = openRunStore(h.db);
  const queue = new RunQueue(store, { dataDir: DATA_DIR ?? '' });
  try {
    const bad = { ...base, model: { ...base.model, units: -1 } };
    assert.throws(() => queue.enqueueGroup([base, bad], { name: 'x', kind: 'custom' }), (e: unknown) => isUserError(e) && /units/.test(e.message));
    assert.equal(store.countRuns(), 0);
    const seeds = seedGroup(base, [1, 2, 3]);
    assert.deepEqual(seeds.map((s) => s.train.seed), [1, 2, 3]);
    assert.ok(seeds.every((s) => s.model === base.model));
  } finally {
    void queue.close();
    store.close();
    h.cleanup();
  }
});

test('the disk fills up during training: the run stops as failed with a clear error, logged metrics intact', { skip: SKIP, timeout: 120_000 }, async () => {
  const h = tempHome();
  process.env.RECURRENT_LAB_CACHE = CACHE_DIR;
  // Learn how big the file is with one queued run, then cap it a few pages above that.
  const probe = openRunStore(h.db);
  probe.createRun({ ...base, appVersion: 'probe' });
  probe.close();
  const Database = (await import('better-sqlite3')).default;
  const raw = new Database(h.db);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  const pages = raw.pragma('page_count', { simple: true }) as number;
  raw.close();
  const store = openRunStore(h.db, { maxPageCount: pages + 2 });
  const queue = new RunQueue(store, { dataDir: DATA_DIR ?? '', flushEvery: 20 });
  const errors: string[] = [];
  queue.events.on('error', (e) => errors.push(e.message));
  try {
    const run = queue.enqueue({ ...base, train: { ...base.train, limitTrain: 2048, batchSize: 8, epochs: 2 } });
    const done = await queue.wait(run.id);
    assert.equal(done.status, 'failed');
    assert.match(done.error ?? '', /disk .* is full/);
    assert.ok(errors.some((m) => /full/.test(m)));
    const kept = store.batchSeries([run.id], 100_000)[0]?.total ?? 0;
    assert.ok(kept > 0 && kept < 512, `metrics logged before the disk filled are kept (${kept})`);
    const check = new Database(h.db, { readonly: true });
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    check.close();
  } finally {
    await queue.close();
    store.close();
    h.cleanup();
  }
});

test('runs that name their threads train side by side while threads fit the cores; others take the machine alone', { skip: SKIP, timeout: 180_000 }, async () => {
  const h = tempHome();
  process.env.RECURRENT_LAB_CACHE = CACHE_DIR;
  const store = openRunStore(h.db);
  const queue = new RunQueue(store, { dataDir: DATA_DIR ?? '', cores: 2, engine: 'cpu' });
  try {
    let maxRunning = 0;
    queue.events.on('queue', (s) => (maxRunning = Math.max(maxRunning, s.running.length)));
    const shared = seedGroup({ ...base, threads: 1 }, [1, 2, 3]).map((r) => queue.enqueue(r));
    await queue.idle();
    assert.equal(maxRunning, 2, 'two 1-thread runs at once on 2 cores, never three');
    for (const r of shared) {
      const rec = store.getRun(r.id);
      assert.equal(rec.status, 'finished', rec.error ?? '');
      assert.equal(rec.device?.threads, 1);
    }

    maxRunning = 0;
    queue.enqueue(base);
    queue.enqueue({ ...base, threads: 1 });
    await queue.idle();
    assert.equal(maxRunning, 1, 'a run without threads takes every core: nothing beside it');

    assert.throws(() => queue.enqueue({ ...base, threads: 0 }), (e) => isUserError(e) && /threads must be an integer in 1\.\.64, got 0/.test(e.message));
    assert.equal(store.listRuns().length, 5, 'a bad threads value stores no run');
  } finally {
    await queue.close();
    store.close();
    h.cleanup();
  }
});
