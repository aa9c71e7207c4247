// `recurrent-lab annotate`: names, tags and notes of a logged run edited from the CLI on a real SQLite file;
// a refused change (bad or conflicting input, limits) writes nothing, and the stored run is intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerSqliteStore } from '../../../db/index.js';
import { openStore } from '../../../main/runs/store.js';
import { newRun } from '../../unit/db/fixtures.js';
import { cliInProcess, lastJsonLine, tempHome } from './helpers.js';

registerSqliteStore();

test('annotate renames, tags, untags and notes a run; bad input is refused before any write', async () => {
  const h = tempHome();
  try {
    const store = openStore(h.db);
    const run = store.createRun(newRun({ arch: 'gru' }, {}, { tags: ['baseline'], notes: 'first try' }));
    store.close();

    const ok = await cliInProcess(['annotate', run.id, '--name', 'GRU, dropout off', '--tag', 'gru', '--tag', 'keep', '--untag', 'baseline', '--notes', 'beats the RNN', '--json'], h.env);
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(lastJsonLine(ok.stdout), { runId: run.id, name: 'GRU, dropout off', tags: ['gru', 'keep'], notes: 'beats the RNN' });

    // A unique prefix works, and the text output shows what is stored.
    const text = await cliInProcess(['annotate', run.id.slice(0, 6), '--untag', 'keep'], h.env);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /tags gru\nnotes beats the RNN/);

    const peek = openStore(h.db);
    const before = peek.getRun(run.id);
    peek.close();
    const refused: [string[], RegExp][] = [
      [['annotate', run.id], /nothing to change/],
      [['annotate'], /exactly one RUN id/],
      [['annotate', 'abcdef', '--tag', 'x'], /unknown run/],
      [['annotate', run.id, '--name', 'kept?', '--untag', 'nope'], /has no tag "nope"/],
      [['annotate', run.id, '--tag', 'a', '--untag', 'a'], /both added and removed/],
      [['annotate', run.id, '--name', 'kept?', '--tag', 'x'.repeat(41)], /longer than 40 characters/],
      [['annotate', run.id, '--name', 'kept?', ...Array.from({ length: 20 }, (_, i) => ['--tag', `t${i}`]).flat()], /at most 20 tags/],
      [['annotate', run.id, '--name', 'kept?', '--notes', 'n'.repeat(10_001)], /at most 10000 characters/],
      [['annotate', run.id, '--name', '   '], /1 to 200 characters/],
      [['annotate', run.id, '--colour', 'red'], /Unknown option '--colour'/],
    ];
    for (const [args, msg] of refused) {
      const r = await cliInProcess(args, h.env);
      assert.notEqual(r.status, 0, args.join(' '));
      assert.match(r.stderr, msg, args.join(' '));
    }
    const s = openStore(h.db);
    const after = s.getRun(run.id);
    s.close();
    assert.deepEqual({ name: after.name, tags: after.tags, notes: after.notes }, { name: before.name, tags: before.tags, notes: before.notes });
    assert.deepEqual(after.tags, ['gru']);
  } finally {
    h.cleanup();
  }
});
