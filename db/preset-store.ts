// SqlitePresetStore: the core's PresetStore (main/presets/store.ts) on the run store's own connection.
import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { UserError } from '../main/errors.js';
import { RUN_NAME_MAX } from '../main/contract/limits.js';
import type { ModelSpec, TrainSpec } from '../main/model/spec.js';
import type { RunStore } from '../main/runs/store.js';
import type { Preset, PresetStore } from '../main/presets/store.js';
import { guarded } from './errors.js';
import { connectionOf } from './connections.js';

interface PresetRow {
  id: string;
  name: string;
  model_spec: string;
  train_spec: string;
  notes: string;
  source_run_id: string | null;
  created_at: string;
}

function toPreset(r: PresetRow): Preset {
  return {
    id: r.id,
    name: r.name,
    model: JSON.parse(r.model_spec) as ModelSpec,
    train: JSON.parse(r.train_spec) as TrainSpec,
    notes: r.notes,
    sourceRunId: r.source_run_id,
    createdAt: r.created_at,
  };
}

class SqlitePresetStore implements PresetStore {
  constructor(
    private readonly db: Database,
    private readonly path: string,
  ) {}

  savePreset(p: { name: string; model: ModelSpec; train: TrainSpec; notes?: string; sourceRunId?: string | null }): Preset {
    return guarded(this.path, () => {
      const name = String(p.name ?? '').trim();
      if (name === '') throw new UserError('a preset needs a name');
      if (name.length > RUN_NAME_MAX) throw new UserError(`a preset name is at most ${RUN_NAME_MAX} characters`);
      if (this.db.prepare('SELECT 1 FROM presets WHERE name = ?').get(name)) throw new UserError(`a preset named "${name}" exists already: pick another name, or delete it first`, 'conflict');
      const id = 'p' + randomUUID().replace(/-/g, '').slice(0, 11);
      this.db
        .prepare('INSERT INTO presets (id, name, model_spec, train_spec, notes, source_run_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, name, JSON.stringify(p.model), JSON.stringify(p.train), p.notes ?? '', p.sourceRunId ?? null, new Date().toISOString());
      return toPreset(this.db.prepare('SELECT * FROM presets WHERE id = ?').get(id) as PresetRow);
    });
  }

  listPresets(): Preset[] {
    return guarded(this.path, () => (this.db.prepare('SELECT * FROM presets ORDER BY created_at, id').all() as PresetRow[]).map(toPreset));
  }

  deletePreset(idOrName: string): Preset {
    return guarded(this.path, () => {
      const r = this.db.prepare('SELECT * FROM presets WHERE id = ? OR name = ?').get(idOrName, idOrName) as PresetRow | undefined;
      if (!r) throw new UserError(`unknown preset "${idOrName}"`, 'not_found');
      this.db.prepare('DELETE FROM presets WHERE id = ?').run(r.id);
      return toPreset(r);
    });
  }
}

export function openPresetStore(runs: RunStore): PresetStore {
  const c = connectionOf(runs, 'openPresetStore');
  return new SqlitePresetStore(c.db, c.path);
}
