// The layering rules of eslint.config.js fire: each snippet that breaks one is linted as if it lived at the
// given path (the file need not exist) and must be reported by that rule; each allowed snippet must lint clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

// dist/tests/unit/lint/ → the repository root (where eslint.config.js is)
const cwd = fileURLToPath(new URL('../../../../', import.meta.url));
const eslint = new ESLint({ cwd });

const RESTRICTED_IMPORT = '@typescript-eslint/no-restricted-imports';
const RESTRICTED_SYNTAX = 'no-restricted-syntax';

async function lint(filePath: string, code: string): Promise<ESLint.LintResult['messages']> {
  const [result] = await eslint.lintText(code, { filePath });
  assert.ok(result, 'ESLint returned no result');
  return result.messages;
}

/** `code` at `filePath` is reported by `ruleId` with a message containing `says`. */
async function fires(filePath: string, code: string, ruleId: string, says: string): Promise<void> {
  const messages = await lint(filePath, code);
  const hit = messages.find((m) => m.ruleId === ruleId);
  assert.ok(hit, `${filePath}: expected ${ruleId} on\n  ${code}\ngot ${JSON.stringify(messages.map((m) => [m.ruleId, m.message]))}`);
  assert.ok(hit.message.includes(says), `${filePath}: ${ruleId} said "${hit.message}", expected it to mention "${says}"`);
  assert.equal(hit.severity, 2);
}

/** `code` at `filePath` lints without any message at all. */
async function clean(filePath: string, code: string): Promise<void> {
  const messages = await lint(filePath, code);
  assert.deepEqual(messages.map((m) => `${m.ruleId}: ${m.message}`), [], `${filePath}: expected no messages on\n  ${code}`);
}

test('main/: no electron, db/, the shell, the UI or bench/ — statically, by import() or by require()', async () => {
  const f = 'main/service/x.ts';
  await fires(f, "export { app } from 'electron';", RESTRICTED_IMPORT, 'only electron/ imports electron');
  await fires(f, "export const m = await import('electron');", RESTRICTED_SYNTAX, 'only electron/ imports electron');
  await fires(f, "export const m = await import(`electron/main`);", RESTRICTED_SYNTAX, 'only electron/ imports electron');
  await fires(f, "export const m = require('electron');", RESTRICTED_SYNTAX, 'only electron/ imports electron');
  await fires(f, "import electron = require('electron');\nexport default electron;", RESTRICTED_IMPORT, 'only electron/ imports electron');
  await fires(f, "export { openRunStore } from '../../db/index.js';", RESTRICTED_IMPORT, 'db/ implements it');
  await fires(f, "export const m = await import('../../db/index.js');", RESTRICTED_SYNTAX, 'db/ implements it');
  await fires(f, "export const m = require('../../db/index.js');", RESTRICTED_SYNTAX, 'db/ implements it');
  await fires(f, "export const m = await import('../../electron/menu.js');", RESTRICTED_SYNTAX, 'the shell or the UI');
  await fires(f, "export const m = await import('../../renderer/lib/format.js');", RESTRICTED_SYNTAX, 'the shell or the UI');
  await fires(f, "export { runBench } from '../../bench/run.js';", RESTRICTED_IMPORT, 'installers leave bench/ out');
  await fires(f, "export const m = await import('../../bench/run.js');", RESTRICTED_SYNTAX, 'installers leave bench/ out');
  // type-only imports do not cross either
  await fires(f, "export type { RunStoreOptions } from '../../db/index.js';", RESTRICTED_IMPORT, 'db/ implements it');
});

test('main/: Node built-ins, its own folders and optional packages by a computed import() stay allowed', async () => {
  await clean(
    'main/engine/webgpu/x.ts',
    [
      "import { join } from 'node:path';",
      "import { UserError } from '../../errors.js';",
      "import type { ModelSpec } from '../../model/spec.js';",
      "export const pkg = 'webgpu';",
      'export const gpu = await import(pkg);',
      "export const tf = await import('@tensorflow/tfjs');",
      'export { join, UserError, type ModelSpec };',
    ].join('\n'),
  );
  await clean('main/service/x.ts', "export { RunQueue } from '../runs/queue.js';\nexport const d = await import('../data/index.js');");
});

test('main/engine/: nothing from runs, service, cli, serve, contract, data, export or main/paths', async () => {
  const says = 'may import only main/model and main/errors';
  await fires('main/engine/x.ts', "export { RunQueue } from '../runs/queue.js';", RESTRICTED_IMPORT, says);
  await fires('main/engine/tfjs/x.ts', "export type { LabApi } from '../../contract/index.js';", RESTRICTED_IMPORT, says);
  await fires('main/engine/x.ts', "export { loadData } from '../data/index.js';", RESTRICTED_IMPORT, says);
  await fires('main/engine/x.ts', "export { artifactsDir } from '../paths.js';", RESTRICTED_IMPORT, says);
  await fires('main/engine/x.ts', "export const m = await import('../service/index.js');", RESTRICTED_SYNTAX, says);
  await fires('main/engine/kernels/x.ts', "export const m = require('../../cli/index.js');", RESTRICTED_SYNTAX, says);
  await fires('main/engine/x.ts', "export const m = await import('../serve/server.js');", RESTRICTED_SYNTAX, says);
  // the rules of all of main/ hold inside the engine too
  await fires('main/engine/x.ts', "export const m = await import('electron');", RESTRICTED_SYNTAX, 'only electron/ imports electron');
  await clean(
    'main/engine/training/x.ts',
    "export { UserError } from '../../errors.js';\nexport { validate } from '../../model/validate.js';\nexport { layerPlan } from '../plan.js';\nexport { check } from '../data-check.js';",
  );
});

test('main/contract/ and main/model/spec.ts: browser-safe (zod and the spec only)', async () => {
  await fires('main/contract/x.ts', "export { join } from 'node:path';", RESTRICTED_IMPORT, 'no package but zod');
  await fires('main/contract/x.ts', "export { WebSocket } from 'ws';", RESTRICTED_IMPORT, 'no package but zod');
  await fires('main/contract/x.ts', "export { UserError } from '../errors.js';", RESTRICTED_IMPORT, 'only main/model/spec.ts');
  await fires('main/contract/x.ts', "export const m = await import('node:fs');", RESTRICTED_SYNTAX, 'no package but zod');
  await fires('main/model/spec.ts', "export { UserError } from '../errors.js';", RESTRICTED_IMPORT, 'imports zod only');
  await clean('main/contract/x.ts', "export { z } from 'zod';\nexport { ARCHITECTURES } from '../model/spec.js';\nexport { noParams } from './common.js';");
});

test('no file of main/ may import bench/, the CLI commands included (bin/ adds `bench` from bench/)', async () => {
  await fires('main/cli/commands/bench.ts', "export { runBench } from '../../../bench/run.js';", RESTRICTED_IMPORT, 'installers leave bench/ out');
  await fires('main/cli/index.ts', "export const m = await import('../../bench/command.js');", RESTRICTED_SYNTAX, 'installers leave bench/ out');
  await clean('bench/command.ts', "export { main } from '../main/cli/index.js';");
});

test('db/: no electron, shell or UI — statically or dynamically', async () => {
  const says = 'db/ must not import the shell or the UI';
  await fires('db/x.ts', "export { app } from 'electron';", RESTRICTED_IMPORT, says);
  await fires('db/x.ts', "export const m = await import('electron');", RESTRICTED_SYNTAX, says);
  await fires('db/x.ts', "export const m = require('../renderer/lib/format.js');", RESTRICTED_SYNTAX, says);
  await clean('db/x.ts', "export { UserError } from '../main/errors.js';\nexport { join } from 'node:path';\nexport const m = await import('better-sqlite3');");
});

test('renderer/: no Node built-ins, electron or db/, main/ only through main/contract', async () => {
  const browser = 'renderer/ runs in the browser';
  await fires('renderer/src/x.ts', "export { readFile } from 'node:fs/promises';", RESTRICTED_IMPORT, browser);
  await fires('renderer/src/x.ts', "export { readFile } from 'fs/promises';", RESTRICTED_IMPORT, browser);
  await fires('renderer/lib/x.ts', "export const m = await import('fs');", RESTRICTED_SYNTAX, browser);
  await fires('renderer/lib/x.ts', "export const m = await import('node:path');", RESTRICTED_SYNTAX, browser);
  await fires('renderer/src/x.ts', "export const m = await import('electron');", RESTRICTED_SYNTAX, browser);
  await fires('renderer/src/x.ts', "export const m = await import('../../db/index.js');", RESTRICTED_SYNTAX, browser);
  await fires('renderer/src/x.ts', "export const m = require('os');", RESTRICTED_SYNTAX, 'there is no require()');
  await fires('renderer/src/x.ts', "const name = 'fs';\nexport const m = await import(name);", RESTRICTED_SYNTAX, 'takes a literal path');
  const onlyContract = 'only the contract (main/contract)';
  await fires('renderer/src/x.ts', "export { ARCH_LABELS } from '../../main/model/spec.js';", RESTRICTED_IMPORT, onlyContract);
  await fires('renderer/lib/x.ts', "export type { ModelSpec } from '../../main/model/spec.js';", RESTRICTED_IMPORT, onlyContract);
  await fires('renderer/src/x.ts', "export { UserError } from '../../main/errors.js';", RESTRICTED_IMPORT, onlyContract);
  await fires('renderer/src/x.ts', "export const m = await import('../../main/engine/index.js');", RESTRICTED_SYNTAX, onlyContract);
  await clean(
    'renderer/src/x.ts',
    [
      "export { ARCH_LABELS, type ModelSpec } from '../../main/contract/index.js';",
      "export { API_PATH } from '../../main/contract/protocol.js';",
      "export { formatBytes } from '../lib/format.js';",
      "export const charts = await import('chart.js');",
    ].join('\n'),
  );
});

test('main/model/spec-settings.ts: browser-safe too (zod and the spec only)', async () => {
  await fires('main/model/spec-settings.ts', "export { join } from 'node:path';", RESTRICTED_IMPORT, 'zod and spec.ts only');
  await fires('main/model/spec-settings.ts', "export { UserError } from '../errors.js';", RESTRICTED_IMPORT, 'zod and spec.ts only');
  await clean('main/model/spec-settings.ts', "export { z } from 'zod';\nexport { ARCHITECTURES } from './spec.js';");
});

test('main/model/sweep-space.ts and sweep-kinds.ts: browser-safe (bundled through the contract)', async () => {
  await fires('main/model/sweep-space.ts', "export { join } from 'node:path';", RESTRICTED_IMPORT, 'sweep-kinds.ts only');
  await fires('main/model/sweep-kinds.ts', "export { UserError } from '../errors.js';", RESTRICTED_IMPORT, 'sweep-kinds.ts only');
  await fires('main/model/sweep-space.ts', "export { SweepRunner } from '../sweeps/runner.js';", RESTRICTED_IMPORT, 'sweep-kinds.ts only');
  await clean('main/model/sweep-space.ts', "export { z } from 'zod';\nexport { ARCHITECTURES } from './spec.js';\nexport { SETTINGS } from './spec-settings.js';\nexport { SCHEDULERS } from './sweep-kinds.js';");
  await clean('main/contract/x.ts', "export { DEFAULT_SPACE } from '../model/sweep-space.js';\nexport { SCHEDULERS } from '../model/sweep-kinds.js';");
  await fires('main/contract/x.ts', "export { planSweep } from '../sweeps/plan.js';", RESTRICTED_IMPORT, 'only main/model/spec.ts');
});
