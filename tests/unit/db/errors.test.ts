// Database conditions a user can hit — locked by another process, read-only, disk full — give one-line
// UserErrors and lose nothing already stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRunStore } from '../../../db/index.js';
import { isUserError } from '../../../main/errors.js';
import { batchPoints, newRun, tempDir } from './fixtures.js';

const oneLine = (code: string) => (e: unknown) => isUserError(e) && e.code === code && !e.message.includes('\n');

test('a database locked by another connection: writes fail with db_locked and nothing is lost', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'lab.sqlite');
    const store = openRunStore(path, { busyTimeoutMs: 50 });
    const r = store.createRun(newRun());
    store.appendBatches(r.id, batchPoints(1, 20));
    const holder = new Database(path);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      assert.throws(() => store.createRun(newRun()), oneLine('db_locked'));
      assert.throws(() => store.appendBatches(r.id, batchPoints(2, 20, 2)), oneLine('db_locked'));
      // Reading still works while another process writes (WAL).
      assert.equal(store.batchSeries([r.id])[0]?.total, 20);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    store.appendBatches(r.id, batchPoints(2, 20, 2));
    assert.equal(store.batchSeries([r.id])[0]?.total, 40);
    store.close();
  } finally {
    cleanup();
  }
});

test('a full disk (SQLITE_FULL): the write is rolled back with db_full, earlier data intact', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'lab.sqlite');
    const store = openRunStore(path, { maxPageCount: 40 });
    const r = store.createRun(newRun());
    store.appendBatches(r.id, batchPoints(1, 50));
    let full = false;
    for (let e = 2; e < 500 && !full; e++) {
      try {
        store.appendBatches(r.id, batchPoints(e, 50, e));
      } catch (err) {
        assert.ok(oneLine('db_full')(err), String(err));
        full = true;
      }
    }
    assert.ok(full, 'the cap was reached');
    const total = store.batchSeries([r.id])[0]?.total ?? 0;
    assert.ok(total >= 50 && total % 50 === 0, `whole batches of points kept (${total})`);
    store.close();
    const raw = new Database(path, { readonly: true });
    assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
    raw.close();
  } finally {
    cleanup();
  }
});

test('a read-only database file: opening for writing fails with db_readonly; reading works', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'lab.sqlite');
    const s = openRunStore(path);
    const id = s.createRun(newRun()).id;
    s.close();
    const ro = join(dir, 'ro.sqlite');
    copyFileSync(path, ro);
    chmodSync(ro, 0o444);
    chmodSync(dir, 0o755);
    const root = process.getuid?.() === 0;
    // Root ignores file permissions: check as an unprivileged user in a child process.
    const script = `
      const { openRunStore } = await import(${JSON.stringify(new URL('../../../db/index.js', import.meta.url).href)});
      const out = {};
      try { openRunStore(${JSON.stringify(ro)}); out.write = 'opened'; } catch (e) { out.write = e.code; out.msg = e.message; }
      try { const s = openRunStore(${JSON.stringify(ro)}, { readonly: true }); out.ids = s.listRuns().map((r) => r.id); s.close(); } catch (e) { out.read = e.code; }
      console.log(JSON.stringify(out));`;
    const scriptFile = join(dir, 'check.mjs');
    writeFileSync(scriptFile, script);
    chmodSync(scriptFile, 0o644);
    const r = spawnSync(process.execPath, [scriptFile], { encoding: 'utf8', ...(root ? { uid: 65534, gid: 65534 } : {}) });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim()) as { write: string; msg: string; ids?: string[] };
    assert.equal(out.write, 'db_readonly');
    assert.match(out.msg, /read-only/);
    assert.deepEqual(out.ids, [id]);
  } finally {
    cleanup();
  }
});
