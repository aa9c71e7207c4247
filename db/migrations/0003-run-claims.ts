// Schema v3: who holds a run. `claim` is the random id of the store connection (one per process) that
// created, started or resumed the run — set by one conditional UPDATE, so two processes can never both hold
// it — and `claimed_at` when it did. With `owner` (host:pid) they tell a loser who trains the run.
import type { Migration } from './types.js';

export const migration0003: Migration = {
  version: 3,
  name: 'run-claims',
  up(db) {
    db.exec(`
      ALTER TABLE runs ADD COLUMN claim TEXT;
      ALTER TABLE runs ADD COLUMN claimed_at TEXT;
    `);
  },
};
