// Confirming a sweep's winner (issue 14): its best trial's settings — on all the training and test reviews, for
// the epochs at which it did best on its held-out part (presets' winnerSettings) — trained with several seeds next
// to the Keras tutorial under the same held-out validation, as a study: mean ± 95% CI of test accuracy for both,
// and the paired comparison of matched seeds. A sweep picks its winner on one seed; the study says if it holds.
import { UserError } from '../errors.js';
import { TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../model/spec.js';
import { checkRunRequest } from '../runs/queue.js';
import type { RunStore } from '../runs/store.js';
import { winnerSettings } from '../presets/from-run.js';
import { leaderboard } from '../sweeps/leaderboard.js';
import { sweepStoreFor } from '../sweeps/store.js';
import { STUDY_DEFAULT_SPLIT, type StudyArm } from './grid.js';

/** `slice`: train and test both arms on the first N reviews instead of all (a quick look; tests). */
export function confirmArms(store: RunStore, sweepId: string, slice: { limitTrain?: number; limitTest?: number } = {}): { arms: StudyArm[]; name: string } {
  const board = leaderboard(store, sweepStoreFor(store), sweepId);
  const best = board.best;
  if (!best) throw new UserError(`sweep ${sweepId} has no trial with a validation accuracy yet: nothing to confirm`, 'bad_state');
  const limits = { limitTrain: slice.limitTrain ?? null, limitTest: slice.limitTest ?? null };
  const w = winnerSettings(store.getRun(best.runId), best.bestEpoch);
  const won = checkRunRequest({ model: w.model, train: { ...w.train, ...limits } });
  const split = won.train.validationSplit ?? STUDY_DEFAULT_SPLIT;
  const tutorial = checkRunRequest({ model: TUTORIAL_MODEL, train: { ...TUTORIAL_TRAIN, validationSplit: split, ...limits } });
  return {
    name: `Sweep ${sweepId}'s winner vs the tutorial`,
    arms: [
      { key: 'winner', label: `Sweep winner (trial ${best.index + 1})`, ...won },
      { key: 'tutorial', label: 'Keras tutorial', ...tutorial },
    ],
  };
}
