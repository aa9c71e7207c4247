// A damaged or foreign export folder gives a clear UserError, never a crash or a read outside the folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportModel } from '../../../main/export/export.js';
import { loadExportedModel } from '../../../main/export/artifacts.js';
import { predictText } from '../../../main/export/predict.js';
import { isUserError } from '../../../main/errors.js';
import { engineModel, tempDir, tinySpec, WORDS } from './helpers.js';

test('damaged exports: bad JSON, missing shard, short shard, manifest escaping the folder, wrong tokenizer', async (t) => {
  const spec = tinySpec({ arch: 'gru', gruResetAfter: false });
  const root = tempDir(t);
  const fresh = async (name: string) => {
    const dir = join(root, name);
    await exportModel({ spec, weights: engineModel(spec).getWeights(), outDir: dir, card: { appVersion: 't' }, tokenizer: { wordIndex: WORDS } });
    return dir;
  };
  const code = (c: string, re: RegExp) => (e: unknown) => isUserError(e) && e.code === c && re.test(e.message);

  const badJson = await fresh('a');
  writeFileSync(join(badJson, 'model.json'), '{"format": "layers-model", ');
  await assert.rejects(loadExportedModel(badJson), code('corrupt_file', /not valid JSON/));

  const noShard = await fresh('b');
  rmSync(join(noShard, 'group1-shard1of1.bin'));
  await assert.rejects(loadExportedModel(noShard), code('not_found', /group1-shard1of1\.bin not found/));
  await assert.rejects(predictText(noShard, 'good'), code('not_found', /not found/));

  const short = await fresh('c');
  const bin = readFileSync(join(short, 'group1-shard1of1.bin'));
  writeFileSync(join(short, 'group1-shard1of1.bin'), bin.subarray(0, bin.length - 8));
  await assert.rejects(predictText(short, 'good', 'engine'), code('corrupt_file', /shorter/));

  const escape = await fresh('d');
  const mj = JSON.parse(readFileSync(join(escape, 'model.json'), 'utf8'));
  mj.weightsManifest[0].paths = ['../a/group1-shard1of1.bin'];
  writeFileSync(join(escape, 'model.json'), JSON.stringify(mj));
  await assert.rejects(loadExportedModel(escape), code('corrupt_file', /outside its folder/));
  mj.weightsManifest = [{ paths: 'x.bin' }];
  writeFileSync(join(escape, 'model.json'), JSON.stringify(mj));
  await assert.rejects(loadExportedModel(escape), code('corrupt_file', /malformed weightsManifest/));

  const tok = await fresh('e');
  const tj = JSON.parse(readFileSync(join(tok, 'tokenizer.json'), 'utf8'));
  writeFileSync(join(tok, 'tokenizer.json'), JSON.stringify({ ...tj, maxLen: 99 }));
  await assert.rejects(predictText(tok, 'good'), code('corrupt_file', /does not match the model/));
  writeFileSync(join(tok, 'tokenizer.json'), JSON.stringify({ ...tj, oovChar: -1 }));
  await assert.rejects(predictText(tok, 'good'), code('bad_input', /oovChar/));
  rmSync(join(tok, 'model-card.json'));
  await assert.rejects(predictText(tok, 'good'), code('not_found', /model-card\.json not found/));
});
