// `recurrent-lab runs | head -1`: the reader closes stdout after the first line; the real CLI process must
// end quietly with status 0 (as `git log | head` does), not with an EPIPE stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { openRunStore } from '../../../db/index.js';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../../main/model/spec.js';
import { cliAsync, tempHome } from '../runs/helpers.js';

test('a closed stdout (runs | head -1) ends the command quietly with status 0', async () => {
  const h = tempHome();
  try {
    // Far more output than a pipe buffers (64 KiB), so the writer must meet the closed pipe.
    const store = openRunStore(h.db);
    for (let i = 0; i < 1500; i++) store.createRun({ model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN, appVersion: 'test', name: `run ${i} ${'x'.repeat(80)}` });
    store.close();
    for (const args of [['runs'], ['runs', '--json'], ['runs', '--export', 'csv']]) {
      const child = cliAsync(args, h.env);
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = once(child, 'exit');
      const [first] = (await once(child.stdout!, 'data')) as [Buffer];
      assert.ok(first.length > 0);
      child.stdout!.destroy(); // what `head -1` does after its line
      const [code, signal] = (await exited) as [number | null, string | null];
      assert.equal(signal, null, args.join(' '));
      assert.equal(code, 0, `${args.join(' ')}: ${stderr}`);
      assert.equal(stderr, '', args.join(' '));
    }
  } finally {
    h.cleanup();
  }
});
