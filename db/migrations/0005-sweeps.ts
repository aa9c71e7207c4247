// Schema v5: sweeps. A sweep stores its search space, settings and base run settings (JSON), who drives it
// (owner host:pid, as runs), and the wall time spent; each trial links the sweep to an ordinary run with
// the configuration it trains and why it ended (`stopped` = stopped by ASHA, `budget` = by the time budget:
// its run reads `cancelled`, so only this table tells them from a user's cancel); sweep_rungs holds every
// value ASHA recorded at a rung and its decision — the scheduler's whole state, so a resume decides the same.
// presets: the user's own run settings (e.g. a sweep's best), listed by the New-experiment screen.
// (v4 is the studies migration, on another branch; versions may have gaps.)
import type { Migration } from './types.js';

export const migration0005: Migration = {
  version: 5,
  name: 'sweeps',
  up(db) {
    db.exec(`
      CREATE TABLE sweeps (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        scheduler TEXT NOT NULL CHECK (scheduler IN ('random', 'grid', 'asha')),
        space TEXT NOT NULL CHECK (json_valid(space)),
        settings TEXT NOT NULL CHECK (json_valid(settings)),
        base TEXT NOT NULL CHECK (json_valid(base)),
        fixed TEXT NOT NULL CHECK (json_valid(fixed)),
        group_id TEXT NOT NULL REFERENCES run_groups(id),
        status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'cancelled', 'failed', 'interrupted')),
        error TEXT,
        owner TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT,
        elapsed_ms REAL NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX sweeps_created ON sweeps (created_at);

      CREATE TABLE sweep_trials (
        sweep_id TEXT NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
        config TEXT NOT NULL CHECK (json_valid(config)),
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'finished', 'stopped', 'budget', 'failed', 'cancelled', 'interrupted')),
        stopped_at_epoch INTEGER,
        error TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (sweep_id, idx)
      ) STRICT;
      CREATE UNIQUE INDEX sweep_trials_run ON sweep_trials (run_id) WHERE run_id IS NOT NULL;

      CREATE TABLE sweep_rungs (
        sweep_id TEXT NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
        rung INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        value REAL, -- NULL: no finite validation accuracy (a diverged trial)
        decision TEXT NOT NULL CHECK (decision IN ('continue', 'stop')),
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (sweep_id, rung, idx)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE presets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        model_spec TEXT NOT NULL CHECK (json_valid(model_spec)),
        train_spec TEXT NOT NULL CHECK (json_valid(train_spec)),
        notes TEXT NOT NULL DEFAULT '',
        source_run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
