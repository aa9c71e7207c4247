// Schema v2: batch_rollup — sums over fixed blocks of 16 training steps per run, kept in step with
// batch_metrics on every write, so charts of many long runs read ~16× fewer rows.
import type { Migration } from './types.js';
import { ROLLUP_BLOCK } from '../rollup.js';

export const migration0002: Migration = {
  version: 2,
  name: 'batch-rollup',
  up(db) {
    db.exec(`
      CREATE TABLE batch_rollup (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        block INTEGER NOT NULL, -- (step - 1) / ${ROLLUP_BLOCK}
        n INTEGER NOT NULL,
        last_step INTEGER NOT NULL,
        last_epoch INTEGER NOT NULL,
        loss_sum REAL NOT NULL,
        accuracy_sum REAL NOT NULL,
        examples_per_sec_sum REAL NOT NULL,
        PRIMARY KEY (run_id, block)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO batch_rollup (run_id, block, n, last_step, last_epoch, loss_sum, accuracy_sum, examples_per_sec_sum)
      SELECT run_id, (step - 1) / ${ROLLUP_BLOCK}, count(*), max(step), max(epoch), sum(loss), sum(accuracy), sum(examples_per_sec)
      FROM batch_metrics WHERE superseded = 0 GROUP BY run_id, (step - 1) / ${ROLLUP_BLOCK};
    `);
  },
};
