// ASHA, asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter Tuning",
// MLSys 2020 / arXiv 2018), in its stopping form — as Ray Tune's ASHA scheduler and Optuna's
// SuccessiveHalvingPruner run it: every trial is started for the full --epochs; when it reaches a rung (an
// epoch count r·η^k) it reports its validation accuracy there, and it goes on only if that value is among the
// top 1/η of all values recorded at that rung so far (itself included); otherwise it is stopped. Decisions
// never wait for other trials (that is the "asynchronous"), so early trials face less competition; the
// first trial to reach a rung always goes on.
//
// Pure functions of the recorded values: the sweep stores every (rung, trial, value, decision), so a resumed
// sweep decides exactly as an uninterrupted one would.

export interface AshaSettings {
  /** Reduction factor η ≥ 2: about 1/η of the trials reaching a rung go on to the next. */
  eta: number;
  /** Epoch counts at which trials are compared, ascending, each below the trial's most epochs. */
  rungs: number[];
}

/** The rungs r·η^k below maxEpochs (a trial at maxEpochs has finished; nothing to decide). */
export function ashaRungs(minEpochs: number, eta: number, maxEpochs: number): number[] {
  const rungs: number[] = [];
  for (let r = minEpochs; r < maxEpochs; r *= eta) rungs.push(r);
  return rungs;
}

export type AshaDecision = 'continue' | 'stop';

/**
 * The decision for a trial reaching a rung with `value` (validation accuracy; NaN or null = a trial that
 * diverged, which always stops), given the values other trials recorded at the same rung before it.
 * It continues when it ranks within the top k = max(1, ⌊n/η⌋) of the n values (itself included); ties go on.
 */
export function ashaDecide(value: number | null, earlier: readonly number[], eta: number): AshaDecision {
  if (value === null || !Number.isFinite(value)) return 'stop';
  const all = [...earlier.filter(Number.isFinite), value].sort((a, b) => b - a);
  const k = Math.max(1, Math.floor(all.length / eta));
  const cutoff = all[k - 1] as number;
  return value >= cutoff ? 'continue' : 'stop';
}

/** Checks η and the rungs against the trials' epochs; returns a message, or null when they are usable. */
export function ashaProblem(s: AshaSettings, maxEpochs: number): string | null {
  if (!Number.isInteger(s.eta) || s.eta < 2 || s.eta > 100) return `--eta must be an integer in 2..100, got ${s.eta}`;
  if (s.rungs.length === 0) {
    return `asha needs at least one rung below --epochs ${maxEpochs}: with --epochs 1 every trial trains one epoch — train more epochs, or use --scheduler random`;
  }
  for (let i = 0; i < s.rungs.length; i++) {
    const r = s.rungs[i] as number;
    if (!Number.isInteger(r) || r < 1) return `rungs must be whole epochs ≥ 1, got ${r}`;
    if (r >= maxEpochs) return `rung ${r} is not below --epochs ${maxEpochs}: a trial compared at its last epoch has nothing left to stop`;
    if (i > 0 && r <= (s.rungs[i - 1] as number)) return `rungs must increase, got ${s.rungs.join(',')}`;
  }
  return null;
}
