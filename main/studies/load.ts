// A stored study's results, read from the store: its runs (by group) and, for matched seeds, their stored
// per-review test predictions.
import { pairRuns } from '../runs/paired.js';
import type { RunStore } from '../runs/store.js';
import type { StudyRecord } from './grid.js';
import { studyProgress, studyResults, type StudyCellResult, type StudyResults, type StudyStatus } from './results.js';

export function loadStudyResults(store: RunStore, idOrPrefix: string): StudyResults {
  const study = store.getStudy(idOrPrefix);
  const runs = store.listRuns({ groupId: study.groupId });
  return studyResults(study, runs, (a, b) => pairRuns(store.info.artifactsDir, [a, b]));
}

/** A stored study's status and cells, for lists: its runs only, no predictions read. */
export function loadStudyProgress(store: RunStore, study: StudyRecord): { study: StudyRecord; status: StudyStatus; cells: StudyCellResult[] } {
  return { study, ...studyProgress(study, store.listRuns({ groupId: study.groupId })) };
}
