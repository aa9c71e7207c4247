// The sweep runner in process, on real IMDB slices and a real SQLite file: cancelling keeps the trials and
// resuming continues them; the time budget stops a trial in flight (kept, marked `budget`); trials that fail
// are recorded as failed while the sweep goes on, and five failures in a row end it as failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRunStore, registerSqliteStore } from '../../../db/index.js';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../../main/model/spec.js';
import { RunQueue } from '../../../main/runs/queue.js';
import { planSweep, type SweepRequest } from '../../../main/sweeps/plan.js';
import { MAX_CONSECUTIVE_FAILURES, SweepRunner } from '../../../main/sweeps/runner.js';
import { sweepStoreFor } from '../../../main/sweeps/store.js';
import { leaderboard } from '../../../main/sweeps/leaderboard.js';
import { CACHE_DIR, DATA_DIR, SKIP, tempHome } from '../runs/helpers.js';

registerSqliteStore();
process.env.RECURRENT_LAB_CACHE = CACHE_DIR;

function request(over: Partial<SweepRequest> & { train?: Partial<typeof TUTORIAL_TRAIN> } = {}): SweepRequest {
  const { train, ...rest } = over;
  return {
    space: { units: [4, 8, 12], dropout: { min: 0, max: 0.3 } },
    scheduler: 'random',
    trials: 2,
    budgetMinutes: null,
    seed: 3,
    parallel: 1,
    eta: 3,
    minEpochs: 1,
    rungs: null,
    base: {
      model: { ...TUTORIAL_MODEL, embeddingDim: 8, maxLen: 64 },
      train: { ...TUTORIAL_TRAIN, batchSize: 32, epochs: 2, limitTrain: 256, limitTest: 64, validationSplit: 0.25, ...train },
    },
    fixed: ['embeddingDim', 'maxLen', 'batchSize', 'epochs', 'limitTrain', 'limitTest', 'validationSplit'],
    ...rest,
  };
}

test('cancel keeps the sweep and its trials; resume continues the cancelled trial\'s run and finishes the budget', { skip: SKIP, timeout: 180_000 }, async () => {
  const h = tempHome();
  const store = openRunStore(h.db);
  const queue = new RunQueue(store, { dataDir: DATA_DIR ?? '', threads: 1, engine: 'cpu' });
  try {
    const sweeps = sweepStoreFor(store);
    // 96 batches an epoch: the cancel reaches the trial well before its last epoch ends.
    const runner = SweepRunner.create(queue, sweeps, planSweep(request({ train: { limitTrain: 2048, batchSize: 16 } })));
    // Cancel once the first trial has stored an epoch.
    const off = queue.events.on('epoch', () => runner.cancel());
    const cancelled = await runner.run();
    off();
    assert.equal(cancelled.status, 'cancelled');
    const [t0, ...rest] = sweeps.trials(cancelled.id);
    assert.equal(rest.length, 0, 'no trial after the cancel');
    assert.equal(t0?.status, 'cancelled');
    assert.equal(store.getRun(t0.runId!).status, 'cancelled');

    const resumed = await SweepRunner.resume(queue, sweeps, cancelled.id.slice(0, 5)).run();
    assert.equal(resumed.status, 'finished');
    const board = leaderboard(store, sweeps, resumed.id);
    assert.deepEqual(board.trials.map((t) => [t.index, t.status, t.epochs]), [[0, 'finished', 2], [1, 'finished', 2]]);
    assert.equal(store.getRun(t0.runId!).attempt, 2, 'the cancelled trial continued its own run');
    assert.ok(resumed.elapsedMs > cancelled.elapsedMs, 'elapsed time adds up over sessions');
    assert.ok(board.best && board.best.valAccuracy === Math.max(...board.trials.map((t) => t.valAccuracy ?? -1)));
    assert.throws(() => SweepRunner.resume(queue, sweeps, resumed.id), /cannot be resumed: it has finished/);
  } finally {
    await queue.close();
    store.close();
    h.cleanup();
  }
});

test('a random search over a space of lists trains each model once and ends when every one has been tried', { skip: SKIP, timeout: 180_000 }, async () => {
  const h = tempHome();
  const store = openRunStore(h.db);
  const queue = new RunQueue(store, { dataDir: DATA_DIR ?? '', threads: 1, engine: 'cpu' });
  try {
    const sweeps = sweepStoreFor(store);
    const s = await SweepRunner.create(queue, sweeps, planSweep(request({ space: { units: [4, 8], maskZero: [false, true] }, trials: 10, train: { epochs: 1 } }))).run();
    assert.equal(s.status, 'finished');
    const configs = sweeps.trials(s.id).map((t) => JSON.stringify(t.config));
    assert.equal(configs.length, 4, 'four models, then the space is exhausted (not ten trials)');
    assert.equal(new Set(configs).size, 4);
  } finally {
    await queue.close();
    store.close();
    h.cleanup();
  }
});

test('the time budget stops the trial in flight where it is; nothing starts after it', { skip: SKIP, timeout: 180_000 }, async () => {
  const h = tempHome();
  const store = openRunStore(h.db);
  const queue = new RunQueue(store, { dataDir: DATA_DIR ?? '', threads: 1, engine: 'cpu' });
  try {
    const sweeps = sweepStoreFor(store);
    // 1.2 s of budget; a trial of 40 epochs on 2,048 reviews takes far longer.
    const plan = planSweep(request({ trials: null, budgetMinutes: 0.02, train: { epochs: 40, limitTrain: 2048, batchSize: 16 } }));
    const started = Date.now();
    const s = await SweepRunner.create(queue, sweeps, plan).run();
    assert.equal(s.status, 'finished');
    assert.ok(Date.now() - started < 60_000);
    assert.ok(s.elapsedMs >= 1200, String(s.elapsedMs));
    const trials = sweeps.trials(s.id);
    assert.equal(trials.length, 1);
    assert.equal(trials[0]?.status, 'budget');
    const run = store.getRun(trials[0]!.runId!);
    assert.equal(run.status, 'cancelled');
    assert.ok(run.epochsDone < 40);
  } finally {
    await queue.close();
    store.close();
    h.cleanup();
  }
});

test('failed trials are recorded as failed and the sweep goes on; five in a row end it as failed', { skip: SKIP, timeout: 180_000 }, async () => {
  const h = tempHome();
  // A data folder without IMDB: every trial's run fails while loading its data — a real failure, no mock.
  const empty = mkdtempSync(join(tmpdir(), 'rl-no-data-'));
  const store = openRunStore(h.db);
  const queue = new RunQueue(store, { dataDir: empty, threads: 1, engine: 'cpu' });
  try {
    const sweeps = sweepStoreFor(store);
    const few = await SweepRunner.create(queue, sweeps, planSweep(request({ trials: 3 }))).run();
    assert.equal(few.status, 'finished', 'three failures are not the end of a sweep');
    const t = leaderboard(store, sweeps, few.id).trials;
    assert.deepEqual(t.map((x) => x.status), ['failed', 'failed', 'failed']);
    for (const x of t) assert.ok(x.error && x.error.length > 0, 'each failure says why');

    const many = await SweepRunner.create(queue, sweeps, planSweep(request({ trials: 20 }))).run();
    assert.equal(many.status, 'failed');
    assert.equal(sweeps.trials(many.id).length, MAX_CONSECUTIVE_FAILURES);
    assert.match(many.error ?? '', new RegExp(`${MAX_CONSECUTIVE_FAILURES} trials failed in a row; the last: `));
  } finally {
    await queue.close();
    store.close();
    h.cleanup();
    rmSync(empty, { recursive: true, force: true });
  }
});

test('--parallel 2 on 2 cores with the CPU engine: two trials train side by side, one thread each', { skip: SKIP, timeout: 180_000 }, async () => {
  const h = tempHome();
  const store = openRunStore(h.db);
  const queue = new RunQueue(store, { dataDir: DATA_DIR ?? '', engine: 'cpu', cores: 2 });
  try {
    let most = 0;
    queue.events.on('queue', (q) => (most = Math.max(most, q.running.length)));
    const runner = SweepRunner.create(queue, sweepStoreFor(store), planSweep(request({ trials: 4, parallel: 2, train: { epochs: 1 } })));
    await runner.shareCores(2);
    assert.equal(runner.trialThreads, 1);
    const s = await runner.run();
    assert.equal(s.status, 'finished');
    assert.equal(most, 2, 'two trials at once');
    for (const t of sweepStoreFor(store).trials(s.id)) assert.equal(store.getRun(t.runId!).device?.threads, 1);
    // With one trial at a time nothing is shared: the trials take the machine in turn.
    const one = SweepRunner.create(queue, sweepStoreFor(store), planSweep(request({ trials: 1 })));
    await one.shareCores(2);
    assert.equal(one.trialThreads, undefined);
  } finally {
    await queue.close();
    store.close();
    h.cleanup();
  }
});
