// The sweep store as the core sees it: a sweep (its space, settings and scheduler state) and its trials,
// each trial an ordinary run of the run store. db/ implements it with SQLite on the run store's own
// connection (db/sweep-store.ts); main/ never imports db/ — registerSqliteStore() also hands the sweep
// opener to setSweepStoreFactory() below.
import type { ModelSpec, TrainSpec } from '../model/spec.js';
import type { SettingKey } from '../model/spec-settings.js';
import type { SearchSpace } from '../model/sweep-space.js';
import type { RunStore } from '../runs/store.js';
import type { TrialConfig } from './sampler.js';
import type { AshaDecision } from './asha.js';
import type { Scheduler, SweepStatus, TrialStatus } from '../model/sweep-kinds.js';

/** How a sweep searches: what the CLI flags or the Sweep screen chose. */
export interface SweepSettings {
  scheduler: Scheduler;
  /** Most trials to start (null: none beyond the grid's size or the time budget). */
  trials: number | null;
  /** Wall minutes the sweep may train, summed over its sessions (null: no time budget). */
  budgetMinutes: number | null;
  /** The samplers' seed (not the trials' training seed, which is base.train.seed). */
  seed: number;
  /** Trials queued at once (the run queue trains as many together as its cores allow). */
  parallel: number;
  /** ASHA only: reduction factor and rungs (epochs). */
  eta: number;
  rungs: number[];
}

export interface NewSweep {
  name: string;
  space: SearchSpace;
  settings: SweepSettings;
  /** Every trial's settings before its config is laid over them (tutorial defaults + the fixed flags). */
  base: { model: ModelSpec; train: TrainSpec };
  /** The settings fixed by the caller (flags), taken out of the space. */
  fixed: SettingKey[];
  /** The run group every trial's run joins. */
  groupId: string;
}

export interface SweepRecord extends NewSweep {
  id: string;
  status: SweepStatus;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** Wall time spent sweeping, summed over sessions (what the time budget counts). */
  elapsedMs: number;
}

export interface TrialRecord {
  sweepId: string;
  /** 0-based: trial i's configuration is the sampler's i-th. */
  index: number;
  /** Its run (null when the run could not even be queued: then status is failed and error says why). */
  runId: string | null;
  config: TrialConfig;
  status: TrialStatus;
  /** The epoch at which ASHA (or the time budget) stopped it. */
  stoppedAtEpoch: number | null;
  error: string | null;
  createdAt: string;
}

/** One value recorded at an ASHA rung, and what was decided for the trial that reported it. */
export interface RungResult {
  rung: number;
  index: number;
  value: number | null;
  decision: AshaDecision;
}

/**
 * Synchronous like the run store; unknown ids and unusable states are UserErrors. Sweep ids may be given as a
 * unique prefix (≥ 4 characters). A sweep is held by the process driving it (owner host:pid): a sweep left
 * `running` by a process that has ended reads `interrupted`.
 */
export interface SweepStore {
  createSweep(input: NewSweep): SweepRecord;
  getSweep(idOrPrefix: string): SweepRecord;
  listSweeps(): SweepRecord[];
  trials(sweepId: string): TrialRecord[];
  /** The trial a run belongs to, or null (runs outside sweeps). */
  trialOfRun(runId: string): TrialRecord | null;
  addTrial(sweepId: string, trial: { index: number; runId: string | null; config: TrialConfig; status: TrialStatus; error?: string | null }): TrialRecord;
  setTrialStatus(sweepId: string, index: number, status: TrialStatus, stoppedAtEpoch?: number | null): void;
  rungResults(sweepId: string): RungResult[];
  /** Records an ASHA decision; a stop also marks the trial `stopped` at that epoch, in the same transaction. */
  recordRung(sweepId: string, r: RungResult): void;
  setElapsed(sweepId: string, elapsedMs: number): void;
  endSweep(sweepId: string, status: Exclude<SweepStatus, 'running'>, error?: string | null): SweepRecord;
  /**
   * Claims an interrupted or cancelled sweep for this process (running again); refused (UserError bad_state,
   * nothing changed) when it finished, or another live process drives it.
   */
  beginResume(idOrPrefix: string): SweepRecord;
}

export type SweepStoreFactory = (runs: RunStore) => SweepStore;

let factory: SweepStoreFactory | null = null;

/** Called once by the composition root (db/'s registerSqliteStore()). */
export function setSweepStoreFactory(f: SweepStoreFactory): void {
  factory = f;
}

/** The sweep store on the same database as `runs`. */
export function sweepStoreFor(runs: RunStore): SweepStore {
  if (!factory) throw new Error('no sweep store registered: call registerSqliteStore() from db/ at start-up');
  return factory(runs);
}
