// electron-builder.yml as electron-builder itself reads it (app-builder-lib's config loader, schema check,
// fuse mapping and asarUnpack matcher — electron-builder cannot package here): the Electron fuses that
// close Node-style entry points, and an asarUnpack that leaves out everything that need not be on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
// the package entry first: app-builder-lib's modules import each other in an order only it gets right
import { PlatformPackager, type Configuration, type FuseOptionsV1 } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { FileMatcher } from 'app-builder-lib/out/fileMatcher.js';
import { DebugLogger } from 'builder-util';
import { FuseV1Options } from '@electron/fuses';

const root = process.cwd();

async function config(): Promise<Configuration> {
  const c = await getConfig(root, null, null);
  await validateConfiguration(c, new DebugLogger(false)); // throws on any key electron-builder 26 does not know
  return c;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

test('electron-builder.yml is valid for electron-builder and flips the fuses that close Node entry points', async () => {
  const c = await config();
  const fuses = c.electronFuses as FuseOptionsV1;
  assert.ok(fuses, 'electronFuses is set');
  // what electron-builder hands to @electron/fuses before signing
  const generate = (PlatformPackager.prototype as unknown as { generateFuseConfig(f: FuseOptionsV1): Promise<Record<number, boolean | undefined>> }).generateFuseConfig;
  const wire = await generate.call(null, fuses);
  assert.equal(wire[FuseV1Options.RunAsNode], false, 'ELECTRON_RUN_AS_NODE ignored');
  assert.equal(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable], false, 'NODE_OPTIONS ignored');
  assert.equal(wire[FuseV1Options.EnableNodeCliInspectArguments], false, '--inspect ignored');
  assert.equal(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation], true, 'app.asar integrity validated');
  assert.equal(wire[FuseV1Options.OnlyLoadAppFromAsar], true, 'the app loads only from app.asar');
  assert.notEqual(c.asar, false, 'the app is packed into app.asar');
});

test('asarUnpack holds only the wasm kernels, worker entry files and native addons, not dist/**', async (t) => {
  const c = await config();
  const unpacked = new FileMatcher(root, root, (s) => s, c.asarUnpack ?? null).createFilter();
  const file = { isDirectory: () => false } as Parameters<typeof unpacked>[1];
  const isUnpacked = (rel: string) => unpacked(join(root, rel), file);

  const dist = join(root, 'dist');
  const wasm = walk(join(dist, 'wasm')).filter((f) => f.endsWith('.wasm'));
  assert.ok(wasm.length >= 4, 'the kernels are built');
  // every `new Worker(new URL('./x.js', import.meta.url))` in the compiled app names a worker entry file
  const workers = new Set<string>();
  for (const f of ['main', 'electron', 'db'].flatMap((d) => walk(join(dist, d))).filter((p) => p.endsWith('.js'))) {
    for (const m of readFileSync(f, 'utf8').matchAll(/new Worker\(new URL\('(\.\/[^']+)', import\.meta\.url\)/g)) workers.add(join(dirname(f), m[1] as string));
  }
  assert.ok(workers.size >= 3, `the worker entries are found (${[...workers].join(', ')})`);
  for (const f of [...wasm, ...workers]) {
    const rel = relative(root, f).split(sep).join('/');
    assert.ok(isUnpacked(rel), `${rel} must be unpacked (read by path)`);
  }
  for (const rel of [
    'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    'node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node',
    'node_modules/@tensorflow/tfjs-node/deps/lib/libtensorflow.so.2',
    'node_modules/@tensorflow/tfjs-node-gpu/deps/lib/libtensorflow.so.2',
    'node_modules/@tensorflow/tfjs-node/lib/napi-v8/tensorflow.dll',
    'node_modules/webgpu/dist/linux-x64/dawn.node',
    'node_modules/webgpu/dist/win32-x64/dxcompiler.dll',
  ]) {
    assert.ok(isUnpacked(rel), `${rel} must be unpacked (native code is loaded from disk)`);
  }
  // everything else stays in the archive, where the integrity fuse covers it
  for (const rel of [
    'package.json',
    'dist/electron/main.js',
    'dist/electron/preload.cjs',
    'dist/electron/training-host.js',
    'dist/main/service/index.js',
    'dist/main/engine/kernels/wasm.js',
    'dist/main/runs/queue.js',
    'dist/db/index.js',
    'dist/renderer/index.html',
    'node_modules/better-sqlite3/lib/database.js',
    'node_modules/bindings/bindings.js',
    'node_modules/zod/index.js',
    'node_modules/@tensorflow/tfjs-node/dist/index.js',
  ]) {
    assert.ok(!isUnpacked(rel), `${rel} should stay inside app.asar`);
  }
  t.diagnostic(`unpacked: ${(c.asarUnpack as string[]).join(', ')}`);
});

test('each installer carries only its own platform\'s dawn.node (the webgpu package ships all of them)', async () => {
  const c = await config();
  const platforms = ['linux-x64', 'linux-arm64', 'win32-x64', 'win32-arm64', 'darwin-universal'];
  // The top-level patterns apply to every platform, then the platform's own (electron-builder appends them
  // and expands ${arch} per target); its loader keeps the top-level list as one {filter} entry.
  const global = (c.files as (string | { filter?: string[] })[]).flatMap((f) => (typeof f === 'string' ? [f] : (f.filter ?? [])));
  assert.ok(global.includes('!node_modules/webgpu/dist/**'), 'no dawn.node by default');
  const included = (os: 'linux' | 'win' | 'mac', arch: string) => {
    const own = ((c[os] as { files?: string[] } | null | undefined)?.files ?? []).map((p) => p.replace('${arch}', arch));
    const filter = new FileMatcher(root, root, (s) => s, [...global, ...own]).createFilter();
    const file = { isDirectory: () => false } as Parameters<typeof filter>[1];
    return platforms.filter((p) => filter(join(root, `node_modules/webgpu/dist/${p}/dawn.node`), file));
  };
  assert.deepEqual(included('linux', 'x64'), ['linux-x64']);
  assert.deepEqual(included('linux', 'arm64'), ['linux-arm64']);
  assert.deepEqual(included('win', 'x64'), ['win32-x64']);
  assert.deepEqual(included('mac', 'universal'), ['darwin-universal']);
});
