// `data status` checks what it claims: a truncated imdb.npz, a cut-off word index or tarball is `damaged`
// with the reason (real CLI process, real files cut from the real data), the intact folder is `ready`, and
// the API's dataStatus says the same in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { data, SKIP, tempDir } from './helpers.js';
import { cli, tempHome } from '../runs/helpers.js';
import { startLab } from '../serve/setup.js';
import { TestClient } from '../serve/client.js';

interface StatusJson { ready: boolean; source: string | null; damaged?: { name: string; reason: string }[] }

test('data status: damaged for a truncated npz, word index or tarball, with the reason; ready when whole', { skip: SKIP }, async () => {
  const h = tempHome();
  const root = tempDir('status');
  try {
    const status = (dir: string) => {
      const human = cli(['data', 'status', '--data', dir], h.env);
      const json = cli(['data', 'status', '--data', dir, '--json'], h.env);
      assert.equal(human.status, 0, human.stderr);
      assert.equal(json.status, 0, json.stderr);
      return { out: human.stdout, json: JSON.parse(json.stdout) as StatusJson };
    };

    const whole = status(data());
    assert.equal(whole.json.ready, true);
    assert.equal(whole.json.damaged, undefined);
    assert.match(whole.out, /: ready \(source: npz\)/);

    // imdb.npz cut in half, beside an intact word index.
    const cut = join(root, 'cut');
    mkdirSync(cut);
    const npz = readFileSync(join(data(), 'imdb.npz'));
    writeFileSync(join(cut, 'imdb.npz'), npz.subarray(0, Math.floor(npz.length / 2)));
    copyFileSync(join(data(), 'imdb_word_index.json'), join(cut, 'imdb_word_index.json'));
    const t = status(cut);
    assert.equal(t.json.ready, false);
    assert.deepEqual(t.json.damaged?.map((d) => d.name), ['imdb.npz']);
    assert.match(t.json.damaged?.[0]?.reason ?? '', /not a valid zip\/npz file \(no end of central directory\) — is it truncated or corrupt\?/);
    assert.match(t.out, /: damaged — run `recurrent-lab data download` or `data import PATH` again\n/);
    assert.match(t.out, /imdb\.npz +\d+ bytes — damaged: the file is not a valid zip\/npz file/);

    // Only the last bytes missing: the zip directory is gone with them.
    writeFileSync(join(cut, 'imdb.npz'), npz.subarray(0, npz.length - 100));
    assert.equal(status(cut).json.ready, false);
    // Whole again (a copy that is not byte-equal to the official file): ready through the structural check.
    writeFileSync(join(cut, 'imdb.npz'), npz);
    assert.equal(status(cut).json.ready, true);

    // A cut-off word index beside an intact npz.
    const wi = readFileSync(join(data(), 'imdb_word_index.json'));
    writeFileSync(join(cut, 'imdb_word_index.json'), wi.subarray(0, 1000));
    const w = status(cut);
    assert.equal(w.json.ready, false);
    assert.deepEqual(w.json.damaged?.map((d) => d.name), ['imdb_word_index.json']);
    assert.match(w.json.damaged?.[0]?.reason ?? '', /not valid JSON/);

    // A tarball source (no npz) cut short.
    const tar = join(root, 'tar');
    mkdirSync(tar);
    copyFileSync(join(data(), 'imdb_word_index.json'), join(tar, 'imdb_word_index.json'));
    const tgz = readFileSync(join(data(), 'aclImdb_labeled.tar.gz'));
    writeFileSync(join(tar, 'aclImdb_labeled.tar.gz'), tgz.subarray(0, tgz.length - 777));
    const g = status(tar);
    assert.equal(g.json.ready, false);
    assert.equal(g.json.source, 'aclImdb');
    assert.match(g.json.damaged?.[0]?.reason ?? '', /truncated/);

    // The API reports the same, in words.
    const lab = await startLab({ dataDir: cut });
    const c = await TestClient.open(lab.wsUrl());
    try {
      const r = (await c.call('dataStatus', {})).result as { state: string; message: string };
      assert.equal(r.state, 'missing');
      assert.match(r.message, /^imdb_word_index\.json is damaged \(.*not valid JSON.*\): download or import the data again$/);
    } finally {
      c.close();
      await lab.close();
    }
  } finally {
    h.cleanup();
  }
});
