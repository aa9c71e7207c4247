// Schema v4: studies. A study is a grid (architectures × seeds on shared settings) whose runs live in one run
// group; the grid is kept as JSON so a study can be resumed or re-reported exactly as it was asked for. Its
// status is not stored: it is derived from its runs, so it can never disagree with them.
import type { Migration } from './types.js';

export const migration0004: Migration = {
  version: 4,
  name: 'studies',
  up(db) {
    db.exec(`
      CREATE TABLE studies (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        group_id TEXT NOT NULL UNIQUE REFERENCES run_groups(id) ON DELETE CASCADE,
        grid TEXT NOT NULL CHECK (json_valid(grid)),
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
