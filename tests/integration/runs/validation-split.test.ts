// Keras' validation_split through the CLI on a real IMDB slice: `--validation-split` holds out the last part of
// the training reviews, the epochs validate on it, the test split is evaluated once at the end, and the runs
// that validated on the test set (the tutorial) carry selectedOnTest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { SKIP, TINY, cliInProcess, lastJsonLine, tempHome } from './helpers.js';

interface Epoch { epoch: number; loss: number; valLoss: number | null; valAccuracy: number | null }
interface Shown {
  run: { train: Record<string, unknown>; selectedOnTest: boolean; test: { loss: number; accuracy: number } | null; bestEpoch: number | null };
  epochs: Epoch[];
}

test('--validation-split: recorded, validated on the held-out part, tested once at the end, not selected on test', { skip: SKIP }, async () => {
  const h = tempHome();
  try {
    const held = await cliInProcess(['train', ...TINY, '--validation-split', '0.25', '--epochs', '2', '--early-stopping', '1', '--json'], h.env);
    assert.equal(held.status, 0, held.stderr);
    const heldId = lastJsonLine(held.stdout).runId as string;
    const tut = await cliInProcess(['train', ...TINY, '--epochs', '1', '--json'], h.env);
    assert.equal(tut.status, 0, tut.stderr);
    const tutId = lastJsonLine(tut.stdout).runId as string;

    const show = async (id: string) => JSON.parse((await cliInProcess(['show', id, '--json'], h.env)).stdout) as Shown;
    const a = await show(heldId);
    assert.equal(a.run.train.validationSplit, 0.25);
    assert.equal(a.run.train.validation, true);
    assert.equal(a.run.selectedOnTest, false);
    assert.ok(a.epochs.length >= 1);
    for (const e of a.epochs) assert.ok(Number.isFinite(e.valLoss) && Number.isFinite(e.valAccuracy), `epoch ${e.epoch} has val metrics`);
    assert.ok(a.run.test && Number.isFinite(a.run.test.loss), 'test metrics stored at the end');
    // The validation was on 64 held-out training reviews, not the 128 test ones: a different loss.
    const last = a.epochs.at(-1)!;
    assert.notEqual(last.valLoss, a.run.test.loss);
    // 64 held-out reviews: accuracies are multiples of 1/64.
    assert.ok(Math.abs(last.valAccuracy! * 64 - Math.round(last.valAccuracy! * 64)) < 1e-6, String(last.valAccuracy));

    const b = await show(tutId);
    assert.equal(b.run.train.validationSplit, null);
    assert.equal(b.run.selectedOnTest, true);
    // The tutorial validates on the test split: the last epoch's val loss is the stored test loss.
    assert.ok(Math.abs(b.epochs.at(-1)!.valLoss! - b.run.test!.loss) < 1e-5);

    const list = JSON.parse((await cliInProcess(['runs', '--json'], h.env)).stdout) as { runs: { id: string; selectedOnTest: boolean }[] };
    assert.deepEqual(Object.fromEntries(list.runs.map((r) => [r.id, r.selectedOnTest])), { [heldId]: false, [tutId]: true });
    const text = await cliInProcess(['runs'], h.env);
    assert.match(text.stdout, /\* validated on the test set/);
    const shownText = await cliInProcess(['show', tutId], h.env);
    assert.match(shownText.stdout, /validated on the test set/);
    assert.match(shownText.stdout, /\(best, selected on the test set\)/);
    assert.match((await cliInProcess(['show', heldId], h.env)).stdout, /validated on the last 0\.25 of the training reviews \(held out\)/);
  } finally {
    h.cleanup();
  }
});

test('--validation-split: a bad value is refused with a clear error before any database is touched', { skip: SKIP }, async () => {
  const h = tempHome();
  try {
    for (const [v, msg] of [['1', /validationSplit must be in \(0, 1\)/], ['-0.1', /validationSplit must be in \(0, 1\)/], ['0', /validationSplit must be in \(0, 1\)/], ['x', /validation-split/]] as const) {
      const r = await cliInProcess(['train', ...TINY, '--validation-split', v, '--json'], h.env);
      assert.equal(r.status, 2, `${v}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, msg);
    }
    const off = await cliInProcess(['train', ...TINY, '--validation', 'false', '--validation-split', '0.2', '--json'], h.env);
    assert.equal(off.status, 2, off.stderr);
    assert.match(off.stderr, /validationSplit needs validation/);
    const tiny = await cliInProcess(['train', '--limit-train', '1', '--validation-split', '0.5', '--json'], h.env);
    assert.equal(tiny.status, 2, tiny.stderr);
    assert.match(tiny.stderr, /validationSplit 0\.5 of 1 training reviews leaves none to train on/);
    assert.equal(existsSync(h.db), false, 'invalid settings touch no database');
  } finally {
    h.cleanup();
  }
});
