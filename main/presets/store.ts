// User presets: named run settings kept in the lab's database (a sweep's best configuration, or any run's),
// which the New-experiment screen lists beside the built-in ones. db/ implements the store on the run store's
// connection (db/preset-store.ts); registerSqliteStore() / openRunStore() register it here.
import type { ModelSpec, TrainSpec } from '../model/spec.js';
import type { RunStore } from '../runs/store.js';

export interface Preset {
  id: string;
  name: string;
  model: ModelSpec;
  train: TrainSpec;
  notes: string;
  /** The run it was saved from (null once that run is deleted). */
  sourceRunId: string | null;
  createdAt: string;
}

export interface PresetStore {
  /** Refused (UserError) when the name is empty, too long, or taken (names are unique, any case). */
  savePreset(p: { name: string; model: ModelSpec; train: TrainSpec; notes?: string; sourceRunId?: string | null }): Preset;
  listPresets(): Preset[];
  /** By id or name; UserError when unknown. */
  deletePreset(idOrName: string): Preset;
}

export type PresetStoreFactory = (runs: RunStore) => PresetStore;

let factory: PresetStoreFactory | null = null;

export function setPresetStoreFactory(f: PresetStoreFactory): void {
  factory = f;
}

/** The preset store on the same database as `runs`. */
export function presetStoreFor(runs: RunStore): PresetStore {
  if (!factory) throw new Error('no preset store registered: call registerSqliteStore() from db/ at start-up');
  return factory(runs);
}
