// A stored study's results, read from the store: its runs (by group) and, for matched seeds, their stored
// per-review test predictions.
import { pairRuns } from '../runs/paired.js';
import type { RunStore } from '../runs/store.js';
import { studyResults, type StudyResults } from './results.js';

export function loadStudyResults(store: RunStore, idOrPrefix: string): StudyResults {
  const study = store.getStudy(idOrPrefix);
  const runs = store.listRuns({ groupId: study.groupId });
  return studyResults(study, runs, (a, b) => pairRuns(store.info.artifactsDir, [a, b]));
}
