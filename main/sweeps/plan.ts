// Everything a sweep is checked against before any run starts: the space (against the settings' limits and
// the flags that fix settings), the budgets, the scheduler's settings, the held-out validation every trial
// uses, and the trials' run settings themselves (checkRunRequest, the gate every run passes).
import { UserError, errorMessage } from '../errors.js';
import { RUN_NAME_MAX } from '../contract/limits.js';
import { checkRunRequest } from '../runs/queue.js';
import type { ModelSpec, TrainSpec } from '../model/spec.js';
import type { SettingKey } from '../model/spec-settings.js';
import { SpaceError, gridSize, parseSpace } from '../model/sweep-space.js';
import { ashaProblem, ashaRungs } from './asha.js';
import { gridConfigs, randomConfig, trialSettings } from './sampler.js';
import type { NewSweep, SweepSettings } from './store.js';
import { MAX_BUDGET_MINUTES, MAX_PARALLEL, MAX_TRIALS, SCHEDULERS, type Scheduler } from '../model/sweep-kinds.js';

const SWEEP_NAME_MAX = RUN_NAME_MAX - 10;

/** The held-out fraction of the training reviews when none is given (a common Keras validation_split). */
export const DEFAULT_VALIDATION_SPLIT = 0.2;

export interface SweepRequest {
  name?: string;
  /** The space as given (a parsed JSON file, the Sweep screen's ranges); checked here. */
  space: unknown;
  scheduler: string;
  trials: number | null;
  budgetMinutes: number | null;
  seed: number;
  parallel: number;
  eta: number;
  /** ASHA's first rung (epochs); the rungs are minEpochs·η^k below --epochs, unless `rungs` lists them. */
  minEpochs: number;
  rungs: number[] | null;
  /** Tutorial defaults with the fixed settings laid over them. */
  base: { model: ModelSpec; train: TrainSpec };
  fixed: SettingKey[];
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new UserError(message);
}

/** Checks a sweep request completely; returns what to store (less the run group). Throws UserError. */
export function planSweep(req: SweepRequest): Omit<NewSweep, 'groupId'> {
  check((SCHEDULERS as readonly string[]).includes(req.scheduler), `--scheduler must be one of ${SCHEDULERS.join(', ')}, got "${req.scheduler}"`);
  const scheduler = req.scheduler as Scheduler;
  check(req.trials === null || (Number.isInteger(req.trials) && req.trials >= 1 && req.trials <= MAX_TRIALS),
    req.trials === 0 ? 'a budget of zero trials runs nothing: give --trials 1 or more' : `--trials must be an integer in 1..${MAX_TRIALS}, got ${req.trials}`);
  check(req.budgetMinutes === null || (Number.isFinite(req.budgetMinutes) && req.budgetMinutes > 0 && req.budgetMinutes <= MAX_BUDGET_MINUTES),
    req.budgetMinutes === 0 ? 'a budget of zero minutes runs nothing: give --budget-minutes more than 0' : `--budget-minutes must be a number in (0, ${MAX_BUDGET_MINUTES}], got ${req.budgetMinutes}`);
  check(scheduler === 'grid' || req.trials !== null || req.budgetMinutes !== null,
    `a ${scheduler} search has no end of its own: give --trials N, --budget-minutes M, or both`);
  check(Number.isInteger(req.seed) && req.seed >= 0 && req.seed <= 2 ** 31 - 1, `--sweep-seed must be an integer in 0..${2 ** 31 - 1}, got ${req.seed}`);
  check(Number.isInteger(req.parallel) && req.parallel >= 1 && req.parallel <= MAX_PARALLEL, `--parallel must be an integer in 1..${MAX_PARALLEL}, got ${req.parallel}`);

  // The test set stays out of the search: every trial validates on a held-out part of its training reviews.
  check(req.base.train.validation !== false, 'a sweep validates every trial on a held-out part of the training reviews: --validation false is not allowed');
  check(req.base.train.validationSplit !== null, 'a sweep never validates on the test set: give --validation-split a fraction in (0, 1), or leave it out (default 0.2)');
  const base = checkRunRequest(req.base);

  const fixedArch = req.fixed.includes('arch') ? base.model.arch : null;
  let space;
  try {
    space = parseSpace(req.space, new Set(req.fixed), fixedArch);
    if (scheduler === 'grid') gridSize(space);
  } catch (e) {
    if (e instanceof SpaceError) throw new UserError(`invalid search space: ${e.message}`);
    throw e;
  }

  let rungs: number[] = [];
  if (scheduler === 'asha') {
    check(Number.isInteger(req.minEpochs) && req.minEpochs >= 1, `--min-epochs must be an integer ≥ 1, got ${req.minEpochs}`);
    rungs = req.rungs ?? (Number.isInteger(req.eta) && req.eta >= 2 ? ashaRungs(req.minEpochs, req.eta, base.train.epochs) : []);
    const problem = ashaProblem({ eta: req.eta, rungs }, base.train.epochs);
    if (problem !== null) throw new UserError(problem);
  }

  // The trials' own settings pass the same gate as any run (e.g. a held-out part too big for --limit-train).
  const lrFixed = req.fixed.includes('learningRate');
  // (Every value already passed its setting's schema; this catches combinations. A grid's first thousand points
  // suffice: its settings vary independently.)
  const probe = scheduler === 'grid' ? gridConfigs(space, req.seed, base.model.arch).slice(0, 1000) : [randomConfig(space, req.seed, 0, base.model.arch)];
  for (const config of probe) {
    try {
      checkRunRequest(trialSettings(base, config, lrFixed));
    } catch (e) {
      throw new UserError(`the trial ${JSON.stringify(config)} cannot train: ${errorMessage(e)}`);
    }
  }

  const settings: SweepSettings = {
    scheduler,
    trials: req.trials,
    budgetMinutes: req.budgetMinutes,
    seed: req.seed,
    parallel: req.parallel,
    eta: req.eta,
    rungs,
  };
  const name = (req.name ?? '').trim() || `${scheduler} sweep`;
  // Trials are named "<sweep> #<n>": the sweep's name leaves room for that within a run name's limit.
  check(name.length <= SWEEP_NAME_MAX, `a sweep's name is at most ${SWEEP_NAME_MAX} characters, got ${name.length}`);
  return { name, space, settings, base, fixed: [...new Set(req.fixed)] };
}
