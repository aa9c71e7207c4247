// A real tiny training run driven over the serve-mode WebSocket on real IMDB slices: events stream to the
// client (status, batch/epoch metrics, progress, queue), then the run is read back, charted, compared,
// scored with per-word contributions, exported, probed with the gradient lens, cancelled and deleted.
// Needs the IMDB files: env RECURRENT_LAB_DATA.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestClient } from './client.js';
import { startLab, type Lab } from './setup.js';
import { calls, events as eventSchemas, type CallResult } from '../../../main/contract/index.js';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../../main/model/spec.js';

const dataDir = process.env.RECURRENT_LAB_DATA;
const tiny = {
  model: { ...TUTORIAL_MODEL, numWords: 2000, maxLen: 60, embeddingDim: 8, units: 8 },
  train: { ...TUTORIAL_TRAIN, epochs: 2, batchSize: 32, limitTrain: 256, limitTest: 64, seed: 7 },
};

let lab: Lab;
/** The trained LSTM, once the first test exported it. */
let exported: string | null = null;
let c: TestClient;
before(async () => {
  if (!dataDir) return;
  lab = await startLab({ dataDir });
  c = await TestClient.open(lab.wsUrl());
});
after(async () => {
  c?.close();
  await lab?.close();
});

function result<T>(r: { result?: unknown; error?: { code: string; message: string } }): T {
  assert.equal(r.error, undefined, r.error?.message);
  return r.result as T;
}

test('a tiny LSTM vs GRU comparison trains over the WebSocket with events streamed', { timeout: 240_000 }, async (t) => {
  if (!dataDir) return t.skip('set RECURRENT_LAB_DATA to the folder with imdb.npz to run real training');
  const started = result<CallResult<'startRuns'>>(await c.call('startRuns', { ...tiny, name: 'tiny', tags: ['ci'], group: { kind: 'archs', archs: ['lstm', 'gru'] } }));
  assert.equal(started.runIds.length, 2);
  assert.ok(started.groupId);
  const [lstmId, gruId] = started.runIds as [string, string];
  for (const id of started.runIds) {
    const done = await c.waitFor((e) => e.event === 'runStatus' && e.payload.runId === id && e.payload.status !== 'queued' && e.payload.status !== 'running', 200_000, `run ${id} to end`);
    assert.equal(done.event === 'runStatus' && done.payload.status, 'finished', JSON.stringify(done.payload));
  }
  // every streamed event matches its contract schema
  for (const e of c.events) assert.ok(eventSchemas[e.event].safeParse(e.payload).success, `bad ${e.event} payload`);
  const of = (id: string, name: string) => c.events.filter((e) => e.event === name && 'runId' in e.payload && e.payload.runId === id);
  const batchesPerEpoch = Math.ceil(256 / 32);
  assert.equal(of(lstmId, 'batchMetrics').length, 2 * batchesPerEpoch);
  assert.equal(of(lstmId, 'epochMetrics').length, 2);
  // progress is throttled, but every epoch end is reported and the last one says "done"
  const prog = of(lstmId, 'runProgress');
  assert.ok(prog.length >= 2 && prog.length <= 2 * batchesPerEpoch + 2);
  const lastProg = prog.at(-1);
  assert.ok(lastProg?.event === 'runProgress' && lastProg.payload.fraction === 1 && lastProg.payload.epoch === 2);
  assert.deepEqual(of(gruId, 'runStatus').map((e) => e.event === 'runStatus' && e.payload.status), ['queued', 'running', 'finished']);
  assert.ok(c.events.some((e) => e.event === 'queueChanged'));
  const lastEpoch = of(lstmId, 'epochMetrics').at(-1);
  assert.ok(lastEpoch?.event === 'epochMetrics' && lastEpoch.payload.valAccuracy !== null && lastEpoch.payload.valAccuracy > 0);

  const run = result<CallResult<'getRun'>>(await c.call('getRun', { runId: lstmId }));
  assert.ok(calls.getRun.result.safeParse(run).success);
  assert.equal(run.run.status, 'finished');
  assert.equal(run.run.groupId, started.groupId);
  assert.deepEqual(run.run.tags, ['ci']);
  assert.equal(run.epochs.length, 2);
  assert.ok(run.test && run.test.accuracy >= 0 && run.test.accuracy <= 1);
  assert.equal(run.test.confusion.tp + run.test.confusion.fp + run.test.confusion.tn + run.test.confusion.fn, 64);

  const list = result<CallResult<'listRuns'>>(await c.call('listRuns', { groupId: started.groupId, sortBy: 'arch', sortDir: 'asc' }));
  assert.deepEqual(list.runs.map((r) => r.arch), ['gru', 'lstm']);
  assert.equal(list.total, 2);

  const series = result<CallResult<'getMetricSeries'>>(await c.call('getMetricSeries', { runIds: started.runIds, metric: 'loss', maxPoints: 100 }));
  assert.equal(series.series.length, 2);
  assert.equal(series.series[0]?.y.length, 2 * batchesPerEpoch);
  assert.ok(Math.abs((series.series[0]?.x.at(-1) ?? 0) - 2) < 1e-9, 'x runs in fractional epochs up to 2');
  const val = result<CallResult<'getMetricSeries'>>(await c.call('getMetricSeries', { runIds: [lstmId], metric: 'val_accuracy', level: 'epoch' }));
  assert.deepEqual(val.series[0]?.x, [1, 2]);
  const refused = await c.call('getMetricSeries', { runIds: [lstmId], metric: 'val_loss', level: 'batch' });
  assert.equal(refused.error?.code, 'bad_input');

  const cmp = result<CallResult<'compareRuns'>>(await c.call('compareRuns', { runIds: started.runIds }));
  const archRow = cmp.diff.find((d) => d.key === 'model.arch');
  assert.deepEqual(archRow, { key: 'model.arch', values: ['lstm', 'gru'], differs: true });
  assert.equal(cmp.diff.find((d) => d.key === 'model.units')?.differs, false);
  assert.equal(cmp.epochs.length, 2);

  const tags = result<CallResult<'setTags'>>(await c.call('setTags', { runId: lstmId, tags: ['ci', 'lstm', 'ci'] }));
  assert.deepEqual(tags.tags, ['ci', 'lstm']);
  assert.equal(result<CallResult<'setNotes'>>(await c.call('setNotes', { runId: lstmId, notes: 'tiny' })).notes, 'tiny');
  const csv = result<CallResult<'exportRunsCsv'>>(await c.call('exportRunsCsv', { runIds: started.runIds }));
  assert.equal(csv.mime, 'text/csv');
  assert.ok(csv.content.split('\n').filter((l) => l.trim()).length >= 5, 'header + 2 epochs × 2 runs');

  const pred = result<CallResult<'predict'>>(await c.call('predict', { text: 'A wonderful, moving film. The acting was superb; zzyzxqq!', runIds: started.runIds }));
  assert.equal(pred.results.length, 2);
  for (const r of pred.results) {
    assert.ok(r.probability >= 0 && r.probability <= 1);
    assert.equal(r.label, r.probability >= 0.5 ? 'positive' : 'negative');
    assert.deepEqual(r.tokens.map((x) => x.word), ['a', 'wonderful', 'moving', 'film', 'the', 'acting', 'was', 'superb', 'zzyzxqq']);
    const oov = r.tokens.find((x) => x.word === 'zzyzxqq');
    assert.ok(oov?.oov && oov.contribution === null);
    assert.ok(r.tokens.filter((x) => !x.oov).every((x) => typeof x.contribution === 'number'));
    assert.ok(r.oovCount >= 1);
    assert.equal(r.truncated, false);
  }
  const longText = Array.from({ length: 100 }, () => 'good').join(' ');
  const trunc = result<CallResult<'predict'>>(await c.call('predict', { text: longText, runIds: [lstmId], occlusion: false }));
  assert.equal(trunc.results[0]?.truncated, true);
  assert.equal(trunc.results[0]?.tokens[0]?.index, null, 'words cut by truncation are marked');

  const out = join(lab.dir, 'artifacts', 'exports', 'export-lstm');
  const ex = result<CallResult<'exportModel'>>(await c.call('exportModel', { runId: lstmId, name: 'export-lstm' }));
  assert.equal(ex.dir, out);
  for (const f of ['model.json', 'tokenizer.json', 'model-card.json']) {
    assert.ok(ex.files.some((x) => x.name === f), f);
    assert.ok(existsSync(join(out, f)), f);
  }
  assert.deepEqual(ex.warnings, []);
  const again = await c.call('exportModel', { runId: lstmId, name: 'export-lstm' });
  assert.ok(again.error, 'refuses to overwrite a non-empty folder unless asked');
  assert.ok((await c.call('exportModel', { runId: lstmId, name: 'export-lstm', overwrite: true })).result);
  exported = lstmId;

  const grads = result<CallResult<'gradientNorms'>>(await c.call('gradientNorms', { runIds: [lstmId], samples: 8 }));
  const layer = grads.series[0]?.layers[0];
  assert.equal(grads.series[0]?.weights, 'trained');
  assert.equal(layer?.norms.length, 60);
  assert.ok(layer.norms.every((v) => Number.isFinite(v) && v >= 0));
  // At initialization vs after training: the same run, its seed's initial weights first; they differ from the trained ones.
  const both = result<CallResult<'gradientNorms'>>(await c.call('gradientNorms', { runIds: [lstmId], samples: 8, weights: 'both' }));
  assert.deepEqual(both.series.map((s) => s.weights), ['initial', 'trained']);
  assert.deepEqual(both.series[1]?.layers, grads.series[0]?.layers, 'trained norms are the same computation');
  const init = both.series[0]!.layers[0]!.norms;
  assert.equal(init.length, 60);
  assert.ok(init.some((v, t) => Math.abs(v - layer.norms[t]!) > 1e-6 * Math.max(v, 1e-12)), 'initial weights give other gradients than trained ones');
});

test('exportModel over the WebSocket writes only into the exports folder: a name, never a path or a link out', { timeout: 60_000 }, async (t) => {
  if (!exported) return t.skip('needs the trained run of the test above');
  const exports = join(lab.dir, 'artifacts', 'exports');
  const byId = result<CallResult<'exportModel'>>(await c.call('exportModel', { runId: exported }));
  assert.equal(byId.dir, join(exports, exported), 'no name: the run id');
  const elsewhere = join(lab.dir, 'elsewhere');
  for (const params of [{ outDir: elsewhere }, { outDir: elsewhere, overwrite: true }, { name: elsewhere }, { name: '../elsewhere' }, { name: '..' }, { name: 'a/../../elsewhere' }]) {
    const r: { error?: { code: string; message: string } } = await c.call('exportModel', { runId: exported, ...params });
    assert.equal(r.error?.code, 'bad_input', JSON.stringify(params));
  }
  assert.equal(existsSync(elsewhere), false, 'nothing was written outside');
  // a link inside the exports folder that leads out is not followed, with or without overwrite
  const outside = join(lab.dir, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'keep.txt'), 'mine');
  symlinkSync(outside, join(exports, 'linked'), 'dir');
  for (const overwrite of [false, true]) {
    const r: { error?: { code: string; message: string } } = await c.call('exportModel', { runId: exported, name: 'linked', overwrite });
    assert.equal(r.error?.code, 'bad_path', r.error?.message);
    assert.match(r.error?.message ?? '', /symbolic link/);
  }
  assert.deepEqual(readdirSync(outside), ['keep.txt']);
});

test('cancelling a running run keeps its logged batches; deleting removes it', { timeout: 240_000 }, async (t) => {
  if (!dataDir) return t.skip('set RECURRENT_LAB_DATA to the folder with imdb.npz to run real training');
  const long = { ...tiny, train: { ...tiny.train, epochs: 50, limitTrain: 2048 } };
  const { runIds } = result<CallResult<'startRuns'>>(await c.call('startRuns', long));
  const id = runIds[0] as string;
  await c.waitFor((e) => e.event === 'batchMetrics' && e.payload.runId === id && e.payload.batch >= 3, 200_000, 'first batches');
  const q = result<CallResult<'getQueue'>>(await c.call('getQueue', {}));
  assert.equal(q.running[0]?.runId, id);
  assert.ok(calls.getQueue.result.safeParse(q).success);
  const busy = await c.call('deleteRuns', { runIds: [id] });
  assert.equal(busy.error?.code, 'bad_state', 'a training run is not deleted under its worker');
  // a seed set queues behind the running run; queued runs cancel at once
  const seeds = result<CallResult<'startRuns'>>(await c.call('startRuns', { ...long, group: { kind: 'seeds', count: 2, firstSeed: 100 } }));
  const members = result<CallResult<'listRuns'>>(await c.call('listRuns', { groupId: seeds.groupId ?? '', sortBy: 'createdAt', sortDir: 'asc' }));
  assert.deepEqual(members.runs.map((r) => r.train.seed).sort(), [100, 101]);
  assert.ok(members.runs.every((r) => r.status === 'queued'));
  const q2 = result<CallResult<'getQueue'>>(await c.call('getQueue', {}));
  assert.deepEqual(q2.queued.map((x) => x.runId), seeds.runIds);
  for (const sid of seeds.runIds) assert.equal(result<CallResult<'cancelRun'>>(await c.call('cancelRun', { runId: sid })).status, 'cancelled');
  assert.equal(result<CallResult<'cancelRun'>>(await c.call('cancelRun', { runId: id })).runId, id);
  const end = await c.waitFor((e) => e.event === 'runStatus' && e.payload.runId === id && e.payload.status === 'cancelled', 100_000, 'cancelled');
  assert.ok(end);
  const s = result<CallResult<'getMetricSeries'>>(await c.call('getMetricSeries', { runIds: [id], metric: 'accuracy' }));
  assert.ok((s.series[0]?.y.length ?? 0) >= 3, 'the partial curve is kept');
  const again = await c.call('cancelRun', { runId: id });
  assert.equal(again.error?.code, 'bad_state');

  const del = result<CallResult<'deleteRuns'>>(await c.call('deleteRuns', { runIds: [id] }));
  assert.deepEqual(del.deleted, [id]);
  assert.ok((await c.call('getRun', { runId: id })).error);
});
