// Schema v1: runs, their tags and groups, batch/epoch/test metrics and artifacts. STRICT tables throughout.
import type { Migration } from './types.js';

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE run_groups (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('comparison', 'seeds', 'custom')),
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        arch TEXT NOT NULL,
        model_spec TEXT NOT NULL CHECK (json_valid(model_spec)),
        train_spec TEXT NOT NULL CHECK (json_valid(train_spec)),
        -- key hyperparameters copied out of the specs for filtering and sorting
        num_words INTEGER NOT NULL,
        max_len INTEGER NOT NULL,
        embedding_dim INTEGER NOT NULL,
        units INTEGER NOT NULL,
        layers INTEGER NOT NULL,
        optimizer TEXT NOT NULL,
        learning_rate REAL NOT NULL,
        batch_size INTEGER NOT NULL,
        epochs INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        params INTEGER,
        data_source TEXT,
        data_path TEXT,
        data_fingerprint TEXT,
        app_version TEXT NOT NULL,
        device TEXT CHECK (device IS NULL OR json_valid(device)),
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'finished', 'failed', 'cancelled', 'interrupted')),
        error TEXT,
        stop_reason TEXT,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        notes TEXT NOT NULL DEFAULT '',
        parent_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
        group_id TEXT REFERENCES run_groups(id) ON DELETE SET NULL,
        -- host:pid of the process training (or queueing) the run; lets a later open tell a crash from a live run
        owner TEXT,
        attempt INTEGER NOT NULL DEFAULT 1,
        epochs_done INTEGER NOT NULL DEFAULT 0,
        best_epoch INTEGER,
        best_val_loss REAL,
        best_val_accuracy REAL,
        final_loss REAL,
        final_accuracy REAL,
        final_val_loss REAL,
        final_val_accuracy REAL,
        ms_per_step REAL,
        train_ms REAL
      ) STRICT;
      CREATE INDEX runs_created ON runs (created_at);
      CREATE INDEX runs_status ON runs (status);
      CREATE INDEX runs_arch ON runs (arch);
      CREATE INDEX runs_group ON runs (group_id);
      CREATE INDEX runs_parent ON runs (parent_id);

      CREATE TABLE run_tags (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (run_id, tag)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX run_tags_tag ON run_tags (tag);

      -- one row per training batch; rows of an epoch that a resume re-trains are kept, marked superseded
      CREATE TABLE batch_metrics (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        attempt INTEGER NOT NULL,
        epoch INTEGER NOT NULL,
        batch INTEGER NOT NULL,
        loss REAL, -- NULL: not a number (a diverging run)
        accuracy REAL,
        examples_per_sec REAL NOT NULL,
        elapsed_ms REAL NOT NULL,
        superseded INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (run_id, step, attempt)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE epoch_metrics (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        attempt INTEGER NOT NULL,
        loss REAL, -- NULL: not a number
        accuracy REAL,
        val_loss REAL,
        val_accuracy REAL,
        examples_per_sec REAL NOT NULL,
        elapsed_ms REAL NOT NULL,
        superseded INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (run_id, epoch, attempt)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE test_metrics (
        run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        accuracy REAL NOT NULL,
        loss REAL, -- NULL: not a number
        auc REAL, -- NULL: undefined (the test slice holds one class only)
        tn INTEGER NOT NULL,
        fp INTEGER NOT NULL,
        fn INTEGER NOT NULL,
        tp INTEGER NOT NULL,
        n INTEGER NOT NULL,
        evaluated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE artifacts (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('checkpoint', 'weights', 'export')),
        path TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        epoch INTEGER,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX artifacts_run ON artifacts (run_id, kind);
    `);
  },
};
