// The run CLI end to end as a real process: train --json on real IMDB slices, runs/show/compare/delete,
// and the one-line errors for bad input and unusable databases (nothing stored is lost).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { LATEST_VERSION, openRunStore } from '../../../db/index.js';
import { DEFAULT_LR, TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../../main/model/spec.js';
import { SKIP, TINY, cli, cliInProcess, lastJsonLine, tempHome } from './helpers.js';

interface EpochJson { epoch: number; loss: number; valLoss: number | null; valAccuracy: number | null }

test('train --json trains a real tiny LSTM and GRU; runs, show, compare and delete read them back', { skip: SKIP }, () => {
  const h = tempHome();
  try {
    const a = cli(['train', ...TINY, '--epochs', '2', '--tag', 'cli-test', '--json'], h.env);
    assert.equal(a.status, 0, a.stderr);
    const ra = lastJsonLine(a.stdout);
    assert.equal(ra.status, 'finished');
    assert.equal(typeof ra.runId, 'string');
    assert.ok((ra.testAccuracy as number) >= 0 && (ra.testAccuracy as number) <= 1);
    assert.ok(Number.isFinite(ra.testLoss));
    assert.ok((ra.msPerStep as number) > 0);
    const epochs = ra.epochs as EpochJson[];
    assert.deepEqual(epochs.map((e) => e.epoch), [1, 2]);
    assert.ok(epochs.every((e) => Number.isFinite(e.loss) && e.valLoss !== null)); // test set as validation by default

    const b = cli(['train', ...TINY, '--arch', 'gru', '--gru-reset-after', 'false', '--epochs', '1', '--validation', 'false', '--threads', '1', '--json'], h.env);
    assert.equal(b.status, 0, b.stderr);
    const rb = lastJsonLine(b.stdout);
    assert.equal((rb.epochs as EpochJson[])[0]?.valLoss, null);

    const list = JSON.parse(cli(['runs', '--json'], h.env).stdout) as { runs: { id: string; arch: string; status: string }[] };
    assert.deepEqual(list.runs.map((r) => r.id).sort(), [ra.runId, rb.runId].sort());
    const tagged = JSON.parse(cli(['runs', '--tag', 'cli-test', '--json'], h.env).stdout) as { runs: { id: string }[] };
    assert.deepEqual(tagged.runs.map((r) => r.id), [ra.runId]);

    const show = JSON.parse(cli(['show', String(ra.runId).slice(0, 6), '--json'], h.env).stdout) as {
      run: { id: string; params: number; dataFingerprint: string; device: { engine: string }; test: { tn: number; fp: number; fn: number; tp: number; auc: number } };
      epochs: EpochJson[];
      artifacts: { kind: string; path: string; bytes: number }[];
    };
    assert.equal(show.run.id, ra.runId);
    assert.ok(show.run.params > 0);
    assert.match(show.run.dataFingerprint, /^[0-9a-f]{16,}$/);
    const t = show.run.test;
    assert.equal(t.tn + t.fp + t.fn + t.tp, 128);
    assert.ok(t.auc >= 0 && t.auc <= 1);
    const files = show.artifacts.filter((x) => x.kind === 'checkpoint' || x.kind === 'weights');
    assert.ok(files.length >= 2 && files.every((x) => existsSync(x.path) && x.bytes > 0));

    const raw = new Database(h.db, { readonly: true });
    // 256 examples / batch 32 = 8 batches per epoch, every one logged.
    assert.equal(raw.prepare('SELECT count(*) FROM batch_metrics WHERE run_id = ?').pluck().get(ra.runId), 16);
    raw.close();

    const cmp = JSON.parse(cli(['compare', String(ra.runId), String(rb.runId), '--json'], h.env).stdout) as {
      config: { key: string; differs: boolean }[];
      metrics: { runId: string; final: EpochJson | null; best: EpochJson | null }[];
    };
    const differing = cmp.config.filter((c) => c.differs).map((c) => c.key);
    for (const k of ['model.arch', 'train.epochs', 'train.validation', 'model.gruResetAfter']) assert.ok(differing.includes(k), k);
    assert.ok(!differing.includes('train.batchSize'));
    assert.ok(!differing.some((k) => /threads/i.test(k)), '--threads is no run setting');
    // --threads 1: the run's device records the one thread it trained on.
    const showB = JSON.parse(cli(['show', String(rb.runId), '--json'], h.env).stdout) as { run: { device: { threads: number; description: string } } };
    assert.equal(showB.run.device.threads, 1);
    assert.match(showB.run.device.description, /1 thread\b/);
    assert.doesNotMatch(showB.run.device.description, /data-parallel/);
    assert.equal(cmp.metrics[0]?.final?.epoch, 2);

    const csv = cli(['runs', '--export', 'csv'], h.env);
    assert.equal(csv.stdout.trim().split('\n').length, 1 + 2 + 1);

    const del = cli(['delete', String(ra.runId), '--json'], h.env);
    assert.equal(del.status, 0, del.stderr);
    assert.ok(files.every((x) => !existsSync(x.path)));
    assert.equal(cli(['show', String(ra.runId)], h.env).status, 2);
  } finally {
    h.cleanup();
  }
});

test('every setting is a train flag: --mask-zero, --merge and the rest are stored in the run', { skip: SKIP }, async () => {
  const h = tempHome();
  try {
    const args = ['train', ...TINY, '--arch', 'bilstm', '--mask-zero', 'true', '--merge', 'sum', '--dropout', '0.1', '--optimizer', 'rmsprop',
      '--momentum', '0.5', '--seed', '7', '--clip-norm', '1', '--early-stopping', '2', '--validation', 'YES', '--epochs', '1', '--json'];
    const r = await cliInProcess(args, h.env);
    assert.equal(r.status, 0, r.stderr);
    const runId = lastJsonLine(r.stdout).runId as string;
    const show = JSON.parse((await cliInProcess(['show', runId, '--json'], h.env)).stdout) as { run: { model: Record<string, unknown>; train: Record<string, unknown> } };
    assert.deepEqual(show.run.model, { ...TUTORIAL_MODEL, arch: 'bilstm', maskZero: true, merge: 'sum', dropout: 0.1, units: 8, embeddingDim: 8, maxLen: 64 });
    assert.deepEqual(show.run.train, {
      ...TUTORIAL_TRAIN, optimizer: 'rmsprop', learningRate: DEFAULT_LR.rmsprop, momentum: 0.5, seed: 7, clipNorm: 1, earlyStopping: 2,
      validation: true, epochs: 1, limitTrain: 256, limitTest: 128, batchSize: 32,
    });
  } finally {
    h.cleanup();
  }
});

test('bad input: invalid flags and unknown runs give one-line errors and exit non-zero', { skip: SKIP }, async () => {
  const h = tempHome();
  try {
    // One real process for the exit status; the rest through the same dispatcher in-process (faster).
    const proc = cli(['train', '--arch', 'transformer', '--json'], h.env);
    assert.equal(proc.status, 2);
    assert.match(proc.stderr, /^recurrent-lab train: invalid model settings: arch: arch must be one of/);
    for (const args of [
      ['train', '--arch', 'transformer'],
      ['train', '--units', '0'],
      ['train', '--dropout', '1.5'],
      ['train', '--validation', 'maybe'],
      ['train', '--epochs', 'two'],
      ['train', '--bogus', '1'],
      ['train', '--data', h.dir], // a folder without IMDB files
    ]) {
      const r = await cliInProcess([...args, '--json'], h.env);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.equal(typeof lastJsonLine(r.stdout).error, 'string');
    }
    assert.equal(existsSync(h.db), false, 'invalid settings touch no database');
    openRunStore(h.db).close(); // an empty lab: reading commands refuse a missing database (folders.test.ts)
    for (const args of [['show', 'abcdef'], ['resume', 'abcdef'], ['delete', 'abcdef'], ['compare', 'abcdef', 'fedcba']]) {
      const r = await cliInProcess(args, h.env);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /unknown run "abcdef"/);
    }
  } finally {
    h.cleanup();
  }
});

test('newer, locked and read-only databases: clear errors, and the stored runs survive', { skip: SKIP }, () => {
  const h = tempHome();
  try {
    const first = cli(['train', ...TINY, '--epochs', '1', '--json'], h.env);
    assert.equal(first.status, 0, first.stderr);
    const runId = lastJsonLine(first.stdout).runId as string;

    // Locked: another connection holds the write lock for the whole command.
    const holder = new Database(h.db);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const r = cli(['train', ...TINY, '--epochs', '1'], { ...h.env, RECURRENT_LAB_DB_TIMEOUT_MS: '100' });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /locked by another process/);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }

    // Read-only: a chmod'ed copy (as an unprivileged user when we are root, who ignores permissions).
    const ro = join(h.dir, 'ro.sqlite');
    copyFileSync(h.db, ro);
    chmodSync(ro, 0o444);
    chmodSync(h.dir, 0o755);
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const env = { ...h.env, RECURRENT_LAB_DB: ro };
    const w = cli(['train', ...TINY, '--epochs', '1'], env, as);
    assert.equal(w.status, 2, w.stderr);
    assert.match(w.stderr, /read-only/);
    const list = cli(['runs', '--json'], env, as);
    assert.equal(list.status, 0, list.stderr);
    assert.deepEqual((JSON.parse(list.stdout) as { runs: { id: string }[] }).runs.map((r) => r.id), [runId]);

    // Newer schema.
    const newer = join(h.dir, 'newer.sqlite');
    copyFileSync(h.db, newer);
    const raw = new Database(newer);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    const n = cli(['runs', '--db', newer], h.env);
    assert.equal(n.status, 2);
    assert.match(n.stderr, /newer Recurrent Lab/);

    const check = new Database(h.db, { readonly: true });
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal(check.prepare("SELECT count(*) FROM runs WHERE status = 'finished'").pluck().get(), 1);
    check.close();
  } finally {
    h.cleanup();
  }
});
