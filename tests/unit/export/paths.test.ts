// Export folder checks: no overwriting a non-empty folder unless asked, no path escapes, clear errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportModel } from '../../../main/export/export.js';
import { prepareExportDir } from '../../../main/export/paths.js';
import { isUserError } from '../../../main/errors.js';
import { engineModel, tempDir, tinySpec, WORDS } from './helpers.js';

const card = { appVersion: '0.0.0-test' };
const codeIs = (code: string, re?: RegExp) => (e: unknown) => isUserError(e) && e.code === code && (!re || re.test(e.message));

test('an existing non-empty folder is refused unless overwrite; overwrite replaces the export and keeps other files', async (t) => {
  const spec = tinySpec({ arch: 'lstm' });
  const dir = join(tempDir(t), 'out');
  mkdirSync(dir);
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  const w1 = engineModel(spec, 1).getWeights();
  await assert.rejects(exportModel({ spec, weights: w1, outDir: dir, card, tokenizer: { wordIndex: WORDS } }), codeIs('exists', /not empty.*--overwrite/));
  assert.deepEqual(readdirSync(dir), ['notes.txt'], 'nothing written on refusal');
  await exportModel({ spec, weights: w1, outDir: dir, overwrite: true, card, tokenizer: { wordIndex: WORDS } });
  const first = readFileSync(join(dir, 'group1-shard1of1.bin'));
  await assert.rejects(exportModel({ spec, weights: w1, outDir: dir, card, tokenizer: { wordIndex: WORDS } }), codeIs('exists'));
  const w2 = engineModel(spec, 2).getWeights();
  await exportModel({ spec, weights: w2, outDir: dir, overwrite: true, card, tokenizer: { wordIndex: WORDS } });
  assert.notDeepEqual(readFileSync(join(dir, 'group1-shard1of1.bin')), first, 'weights replaced');
  assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine');
  assert.deepEqual(readdirSync(dir).sort(), ['group1-shard1of1.bin', 'model-card.json', 'model.json', 'notes.txt', 'tokenizer.json'], 'no temp files left');
});

test('an empty existing folder is used; a file in the way is a clear error', async (t) => {
  const root = tempDir(t);
  const empty = join(root, 'empty');
  mkdirSync(empty);
  assert.equal(await prepareExportDir(empty), empty);
  writeFileSync(join(root, 'file'), 'x');
  await assert.rejects(prepareExportDir(join(root, 'file')), codeIs('exists', /not a folder/));
  await assert.rejects(prepareExportDir(join(root, 'file', 'sub')), codeIs('bad_path'));
});

test('path escapes are refused: ".." anywhere, absolute or escaping names under a base folder, empty names', async (t) => {
  const root = tempDir(t);
  for (const bad of ['../x', 'a/../../x', `${root}/../x`, 'a\\..\\x', '..']) {
    await assert.rejects(prepareExportDir(bad), codeIs('bad_path', /\.\./), bad);
  }
  await assert.rejects(prepareExportDir(''), codeIs('bad_path', /empty/));
  await assert.rejects(prepareExportDir('a\0b'), codeIs('bad_path', /NUL/));
  const base = join(root, 'exports');
  mkdirSync(base);
  assert.equal(await prepareExportDir('run-1', { base }), join(base, 'run-1'));
  assert.equal(await prepareExportDir('nested/run-2', { base }), join(base, 'nested', 'run-2'));
  await assert.rejects(prepareExportDir(join(root, 'elsewhere'), { base }), codeIs('bad_path', /relative/));
  await assert.rejects(prepareExportDir('.', { base }), codeIs('bad_path', /escapes/));
  const spec = tinySpec({ arch: 'rnn' });
  await assert.rejects(
    exportModel({ spec, weights: engineModel(spec).getWeights(), outDir: '../../etc/x', base, card, tokenizer: { wordIndex: WORDS } }),
    codeIs('bad_path'),
  );
});

test('under a base folder, a symbolic link that leads out is refused before anything is read or written', async (t) => {
  const root = tempDir(t);
  const base = join(root, 'exports');
  const outside = join(root, 'outside');
  mkdirSync(base);
  mkdirSync(outside);
  writeFileSync(join(outside, 'keep.txt'), 'mine');
  symlinkSync(outside, join(base, 'linked'), 'dir');
  symlinkSync(join(root, 'nowhere-yet'), join(base, 'dangling'), 'dir');
  for (const overwrite of [false, true]) {
    await assert.rejects(prepareExportDir('linked', { base, overwrite }), codeIs('bad_path', /symbolic link/));
    await assert.rejects(prepareExportDir('linked/sub', { base, overwrite }), codeIs('bad_path', /symbolic link/), 'a folder above it');
  }
  await assert.rejects(prepareExportDir('dangling/sub', { base }), codeIs('bad_path', /symbolic link/));
  await assert.rejects(prepareExportDir('dangling', { base }), codeIs('bad_path', /symbolic link/));
  assert.deepEqual(readdirSync(outside), ['keep.txt'], 'nothing written outside');
  assert.ok(!existsSync(join(root, 'nowhere-yet')), 'nothing created outside');
  // a link that stays inside the base folder is fine
  mkdirSync(join(base, 'real'));
  symlinkSync(join(base, 'real'), join(base, 'alias'), 'dir');
  assert.equal(await prepareExportDir('alias', { base }), join(base, 'alias'));
});
