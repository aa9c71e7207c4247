// The words a sweep is described in — schedulers, sweep and trial statuses — shared by the core, the
// contract and the Sweep screen. Browser-safe: no imports.

export const SCHEDULERS = ['random', 'grid', 'asha'] as const;
export type Scheduler = (typeof SCHEDULERS)[number];

export const SWEEP_STATUSES = ['running', 'finished', 'cancelled', 'failed', 'interrupted'] as const;
export type SweepStatus = (typeof SWEEP_STATUSES)[number];

/**
 * A trial's status. Besides its run's (queued, running, finished, failed, cancelled, interrupted):
 * `stopped` — ASHA stopped it at a rung (its run reads cancelled, its epochs are kept); `budget` — the sweep's
 * time budget ran out while it trained (likewise).
 */
export const TRIAL_STATUSES = ['queued', 'running', 'finished', 'stopped', 'budget', 'failed', 'cancelled', 'interrupted'] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];

/** A trial's status in words: why it ended, where its run alone would only say "cancelled". */
export const TRIAL_STATUS_TEXT: Record<TrialStatus, string> = {
  queued: 'queued',
  running: 'running',
  finished: 'finished',
  stopped: 'stopped by ASHA',
  budget: 'stopped: time budget spent',
  failed: 'failed',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
};

/** Most trials one sweep may start, most minutes it may run (a week), most trials queued at once. */
export const MAX_TRIALS = 10_000;
export const MAX_BUDGET_MINUTES = 7 * 24 * 60;
export const MAX_PARALLEL = 64;
