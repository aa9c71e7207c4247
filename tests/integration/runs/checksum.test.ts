// Checkpoints, final weights and exported weights carry a SHA-256 of their payload: 2,000 overwritten floats
// are refused with an error naming the file (resume, export, predict), the run and its curves stay as they
// were, and files written before the checksum existed still open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRunStore } from '../../../db/index.js';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../../main/model/spec.js';
import { RunQueue, type RunRequest } from '../../../main/runs/queue.js';
import { readCheckpointFile } from '../../../main/runs/checkpoint-file.js';
import { CACHE_DIR, DATA_DIR, SKIP, cli, lastJsonLine, tempHome } from './helpers.js';

const base: RunRequest = {
  model: { ...TUTORIAL_MODEL, units: 8, embeddingDim: 8, maxLen: 64 },
  train: { ...TUTORIAL_TRAIN, batchSize: 32, epochs: 3, limitTrain: 256, limitTest: 128 },
};

/** Overwrites `count` float32 values of a checkpoint's data section; returns the original bytes. */
function damageCheckpoint(path: string, count = 2000): Buffer {
  const original = readFileSync(path);
  const buf = Buffer.from(original);
  const end = 12 + buf.readUInt32LE(8);
  const dataStart = end + ((4 - (end % 4)) % 4);
  for (let i = 0; i < count; i++) buf.writeFloatLE(0.25 + i / count, dataStart + 4 * i);
  writeFileSync(path, buf);
  return original;
}

/** The same file as an older version wrote it: no sha256 in the header. */
function withoutChecksum(original: Buffer): Buffer {
  const len = original.readUInt32LE(8);
  const header = JSON.parse(original.toString('utf8', 12, 12 + len)) as Record<string, unknown>;
  const oldEnd = 12 + len;
  const data = original.subarray(oldEnd + ((4 - (oldEnd % 4)) % 4));
  delete header.sha256;
  const json = Buffer.from(JSON.stringify(header));
  const head = Buffer.alloc(12 + json.length + ((4 - ((12 + json.length) % 4)) % 4));
  original.copy(head, 0, 0, 8);
  head.writeUInt32LE(json.length, 8);
  json.copy(head, 12);
  return Buffer.concat([head, data]);
}

test('a damaged checkpoint, final weights file or exported shard is refused naming the file; curves stay; old files open', { skip: SKIP, timeout: 300_000 }, async () => {
  const h = tempHome();
  process.env.RECURRENT_LAB_CACHE = CACHE_DIR;
  const store = openRunStore(h.db);
  const queue = new RunQueue(store, { dataDir: DATA_DIR ?? '' });
  let runId: string;
  try {
    const run = queue.enqueue(base);
    runId = run.id;
    queue.events.on('epoch', (e) => {
      if (e.runId === run.id && e.metrics.epoch === 1) queue.cancel(run.id);
    });
    assert.equal((await queue.wait(run.id)).status, 'cancelled');
  } finally {
    await queue.close();
    store.close();
  }
  try {
    const before = openRunStore(h.db);
    const ck = before.lastCheckpoint(runId);
    assert.ok(ck);
    const epochs = before.epochSeries([runId]);
    const batches = before.batchSeries([runId], 100_000);
    const attempt = before.getRun(runId).attempt;
    before.close();

    // 1. resume refuses the damaged checkpoint and changes nothing.
    const original = damageCheckpoint(ck.path);
    const resume = cli(['resume', runId, '--json'], h.env);
    assert.equal(resume.status, 2, resume.stderr);
    assert.equal(resume.stderr, `recurrent-lab resume: checkpoint ${ck.path} is damaged: its weights do not match the SHA-256 in its header (the file was changed after it was written)\n`);
    assert.equal(lastJsonLine(resume.stdout).code, 'checkpoint_corrupt');
    const after = openRunStore(h.db);
    const r = after.getRun(runId);
    assert.equal(r.status, 'cancelled');
    assert.equal(r.attempt, attempt);
    assert.deepEqual(after.epochSeries([runId]), epochs);
    assert.deepEqual(after.batchSeries([runId], 100_000), batches);
    after.close();

    // 2. A checkpoint of an older version (no checksum) still opens, with the same weights.
    writeFileSync(ck.path, withoutChecksum(original));
    assert.deepEqual(readCheckpointFile(ck.path), (() => {
      writeFileSync(ck.path, original);
      return readCheckpointFile(ck.path);
    })());

    // The intact checkpoint resumes to the end.
    const ok = cli(['resume', runId, '--json'], h.env);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(lastJsonLine(ok.stdout).status, 'finished');

    // 3. Export refuses damaged final weights.
    const s = openRunStore(h.db);
    const weights = s.listArtifacts(runId, 'weights')[0];
    s.close();
    assert.ok(weights);
    const intact = damageCheckpoint(weights.path);
    const out = join(h.dir, 'export');
    const bad = cli(['export', runId, '--out', out], h.env);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, new RegExp(`checkpoint ${weights.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged`));
    writeFileSync(weights.path, intact);
    const exp = cli(['export', runId, '--out', out, '--json'], h.env);
    assert.equal(exp.status, 0, exp.stderr);

    // 4. The export's model card holds the shard's SHA-256; predict refuses a changed shard, naming it.
    const card = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8')) as { files: { name: string; sha256?: string }[] };
    assert.match(card.files.find((f) => f.name === 'group1-shard1of1.bin')?.sha256 ?? '', /^[0-9a-f]{64}$/);
    const good = cli(['predict', '--model', out, '--text', 'a great film', '--json'], h.env);
    assert.equal(good.status, 0, good.stderr);
    const shard = join(out, 'group1-shard1of1.bin');
    const bytes = readFileSync(shard);
    const changed = Buffer.from(bytes);
    for (let i = 0; i < 2000; i++) changed.writeFloatLE(0.5, 4 * i);
    writeFileSync(shard, changed);
    for (const runtime of ['engine', 'tfjs']) {
      const p = cli(['predict', '--model', out, '--text', 'a great film', '--runtime', runtime], h.env);
      assert.equal(p.status, 2, `${runtime}: ${p.stdout}`);
      assert.equal(p.stderr, `recurrent-lab predict: ${shard} is damaged: its SHA-256 does not match the one in model-card.json (the weights were changed after export)\n`);
    }
    // An export of an older version (no checksum in its card) still scores.
    writeFileSync(shard, bytes);
    for (const f of card.files) delete f.sha256;
    writeFileSync(join(out, 'model-card.json'), JSON.stringify(card));
    const old = cli(['predict', '--model', out, '--text', 'a great film', '--json'], h.env);
    assert.equal(old.status, 0, old.stderr);
    assert.equal(JSON.parse(old.stdout).probability, JSON.parse(good.stdout).probability);
  } finally {
    h.cleanup();
  }
});
