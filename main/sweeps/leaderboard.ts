// A sweep's leaderboard: each trial with the best validation accuracy its run reached (on the held-out part
// of the training reviews — never the test set), and the best trial. What the CLI prints and the Sweep
// screen shows.
import type { RunStore } from '../runs/store.js';
import type { TrialConfig } from './sampler.js';
import type { SweepRecord, SweepStore } from './store.js';
import type { TrialStatus } from '../model/sweep-kinds.js';

export interface TrialRow {
  index: number;
  runId: string | null;
  config: TrialConfig;
  status: TrialStatus;
  /** Highest validation accuracy over the run's epochs (held-out), null before its first epoch. */
  valAccuracy: number | null;
  /** The epoch that reached it. */
  bestEpoch: number | null;
  /** Epochs the run trained. */
  epochs: number;
  stoppedAtEpoch: number | null;
  error: string | null;
}

export interface Leaderboard {
  sweep: SweepRecord;
  /** In trial order. */
  trials: TrialRow[];
  best: { index: number; runId: string; config: TrialConfig; valAccuracy: number; bestEpoch: number } | null;
}

export function leaderboard(runs: RunStore, sweeps: SweepStore, id: string): Leaderboard {
  const sweep = sweeps.getSweep(id);
  const trials = sweeps.trials(sweep.id);
  const ids = trials.flatMap((t) => (t.runId === null ? [] : [t.runId]));
  const series = new Map(runs.epochSeries(ids).map((s) => [s.runId, s.epochs]));
  const rows = trials.map((t): TrialRow => {
    const all = t.runId === null ? [] : (series.get(t.runId) ?? []);
    // A stop reaches the training thread a moment after the rung's epoch: on tiny data the run may log part or
    // all of another epoch first. The sweep counts only the epochs it allowed, so a stopped trial is ranked on
    // what ASHA (or the budget) saw.
    const stoppedEarly = (t.status === 'stopped' || t.status === 'budget') && t.stoppedAtEpoch !== null;
    const epochs = stoppedEarly ? all.filter((e) => e.epoch <= (t.stoppedAtEpoch as number)) : all;
    let valAccuracy: number | null = null;
    let bestEpoch: number | null = null;
    for (const e of epochs) {
      if (e.valAccuracy !== null && Number.isFinite(e.valAccuracy) && (valAccuracy === null || e.valAccuracy > valAccuracy)) {
        valAccuracy = e.valAccuracy;
        bestEpoch = e.epoch;
      }
    }
    const error = t.error ?? (t.status === 'failed' && t.runId !== null ? safeError(runs, t.runId) : null);
    return { index: t.index, runId: t.runId, config: t.config, status: t.status, valAccuracy, bestEpoch, epochs: epochs.length, stoppedAtEpoch: t.stoppedAtEpoch, error };
  });
  let best: Leaderboard['best'] = null;
  for (const r of rows) {
    // Ties go to the earlier trial.
    if (r.runId === null || r.valAccuracy === null || r.bestEpoch === null || (best && r.valAccuracy <= best.valAccuracy)) continue;
    best = { index: r.index, runId: r.runId, config: r.config, valAccuracy: r.valAccuracy, bestEpoch: r.bestEpoch };
  }
  return { sweep, trials: rows, best };
}

function safeError(runs: RunStore, runId: string): string | null {
  try {
    return runs.getRun(runId).error;
  } catch {
    return 'its run was deleted';
  }
}
