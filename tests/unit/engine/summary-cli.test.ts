// `recurrent-lab summary --json` in-process: the Keras numbers per architecture and clear errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summaryCommand } from '../../../main/cli/commands/summary.js';
import type { CliIO } from '../../../main/cli/io.js';
import { UserError } from '../../../main/errors.js';

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIO = { out: (t) => void (out += t), err: () => {}, isTTY: false, env: {} };
  const code = await summaryCommand.run(argv, io);
  return { code, out };
}

test('summary --json prints one document with Keras counts', async () => {
  const r = await run(['--arch', 'stacked-lstm', '--layers', '3', '--json']);
  assert.equal(r.code, 0);
  const doc = JSON.parse(r.out) as { layers: { name: string; params: number; outputShape: (number | null)[] }[]; totalParams: number };
  assert.deepEqual(doc.layers.map((l) => l.name), ['embedding', 'lstm', 'lstm_1', 'lstm_2', 'dense']);
  assert.equal(doc.totalParams, 1280000 + 49408 + 33024 * 2 + 65);
  const gru = JSON.parse((await run(['--arch', 'gru', '--units', '32', '--embedding-dim', '16', '--num-words', '500', '--max-len', '50', '--gru-reset-after', 'false', '--json'])).out);
  assert.equal(gru.totalParams, 500 * 16 + 3 * (16 * 32 + 32 * 32 + 32) + 33);
  assert.deepEqual(gru.layers[0].outputShape, [null, 50, 16]);
});

test('summary takes every model setting as a flag, booleans in any of the accepted words', async () => {
  const bi = JSON.parse((await run(['--arch', 'bilstm', '--units', '8', '--merge', 'sum', '--mask-zero', 'Yes', '--dropout', '0.5', '--json'])).out);
  // merge=sum: the Bidirectional layer outputs `units`, not 2·units.
  assert.deepEqual(bi.layers.find((l: { type: string }) => l.type === 'Bidirectional').outputShape, [null, 8]);
  const gru = JSON.parse((await run(['--arch', 'gru', '--units', '8', '--embedding-dim', '8', '--gru-reset-after', '0', '--json'])).out);
  assert.equal(gru.totalParams, 10000 * 8 + 3 * (8 * 8 + 8 * 8 + 8) + 9);
});

test('summary refuses bad flags with UserErrors', async () => {
  await assert.rejects(() => run(['--arch', 'transformer']), UserError);
  await assert.rejects(() => run(['--units', '0']), UserError);
  await assert.rejects(() => run(['--max-len', 'abc']), UserError);
  await assert.rejects(() => run(['--gru-reset-after', 'maybe']), UserError);
  await assert.rejects(() => run(['--merge', 'max']), /merge/);
  await assert.rejects(() => run(['--epochs', '3']), /Unknown option '--epochs'/);
});
