// Starting, resuming and cancelling a study on a run queue. Every cell (arm × seed) is an ordinary run
// in the study's group; the runs share the machine (runs × threads ≤ cores), and a study interrupted by a
// closed app or a crash resumes cell by cell: finished runs stay, stopped ones continue from their checkpoint,
// cells that never got a run are queued.
import { UserError } from '../errors.js';
import { MAX_THREADS } from '../engine/parallel/threads.js';
import { threadsEach } from '../runs/share-cores.js';
import { checkRunRequest, type RunQueue, type RunRequest } from '../runs/queue.js';
import { RESUMABLE, type RunStore } from '../runs/store.js';
import { parseStudyGrid, studyCells, type StudyCell, type StudyGrid, type StudyRecord } from './grid.js';
import { studyCellRuns } from './results.js';

/**
 * Threads per run: the given number, else as few as let every core work at once — cores split over at most
 * `runs` runs (2 cores, 9 runs: 1 thread each, two at a time; 16 cores, 4 runs: 4 threads each, all at once).
 */
export function studyThreads(runs: number, cores: number, threads?: number): number {
  if (threads !== undefined) {
    if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) throw new UserError(`threads must be an integer in 1..${MAX_THREADS}, got ${threads}`);
    return threads;
  }
  return Math.min(MAX_THREADS, threadsEach(runs, cores));
}

function cellRequest(study: StudyRecord, cell: StudyCell, threads: number | undefined): RunRequest {
  return {
    model: cell.arm.model,
    train: { ...cell.arm.train, seed: cell.seed },
    name: `${cell.arm.label} seed ${cell.seed}`,
    tags: ['study'],
    notes: `Part of the study "${study.name}" (${study.id}).`,
    groupId: study.groupId,
    ...(threads === undefined ? {} : { threads }),
  };
}

export interface StudyStart {
  study: StudyRecord;
  runIds: string[];
  /** Threads per run when the runs share the cores; undefined when each takes the machine in turn. */
  threads: number | undefined;
}

/** How a study's runs use the machine: `share` from studySharesCores(), `threads` per shared run (the person's --threads). */
export interface StudyMachine {
  cores: number;
  share: boolean;
  threads?: number;
}

function threadsFor(runs: number, m: StudyMachine): number | undefined {
  return m.share ? studyThreads(runs, m.cores, m.threads) : undefined;
}

/**
 * Validates every cell's settings first (a bad grid queues nothing and stores no study), then stores the study
 * and queues its runs seed by seed.
 */
export function startStudy(queue: RunQueue, store: RunStore, p: { name: string; grid: StudyGrid; machine: StudyMachine }): StudyStart {
  const given = parseStudyGrid(p.grid);
  // Arms as their runs will be stored (normalised, defaults filled), so that runs can be told apart by settings.
  const grid = parseStudyGrid({ ...given, arms: given.arms.map((a) => ({ ...a, ...checkRunRequest({ model: a.model, train: a.train }) })) });
  const cells = studyCells(grid);
  const threads = threadsFor(cells.length, p.machine);
  const probe: StudyRecord = { id: 'new', name: p.name, groupId: 'new', grid, createdAt: '' };
  for (const c of cells) checkRunRequest(cellRequest(probe, c, threads));
  const study = store.createStudy(p.name, grid);
  const runIds = cells.map((c) => queue.enqueue(cellRequest(study, c, threads)).id);
  return { study, runIds, threads };
}

/** Queues what a study still needs; returns the ids queued (nothing when it is finished or already running here). */
export function resumeStudy(queue: RunQueue, store: RunStore, id: string, machine: StudyMachine): { study: StudyRecord; runIds: string[] } {
  const study = store.getStudy(id);
  const cells = studyCellRuns(study, store.listRuns({ groupId: study.groupId }));
  const todo = cells.filter(({ run }) => run === null || RESUMABLE.includes(run.status));
  const threads = threadsFor(todo.length, machine);
  const here = new Set([...queue.state().running, ...queue.state().queued]);
  const held = cells.filter(({ run }) => run !== null && (run.status === 'queued' || run.status === 'running') && !here.has(run.id));
  if (held.length > 0 && todo.length === 0) {
    throw new UserError(`study ${study.id} is being trained by another process (run ${held[0]!.run!.id} is ${held[0]!.run!.status})`, 'bad_state');
  }
  const runIds: string[] = [];
  for (const { run, ...cell } of todo) {
    runIds.push(run === null ? queue.enqueue(cellRequest(study, cell, threads)).id : queue.resume(run.id, threads === undefined ? {} : { threads }).id);
  }
  return { study, runIds };
}

/** Cancels the study's queued and running runs in this queue (what they logged stays); returns their ids. */
export function cancelStudy(queue: RunQueue, store: RunStore, id: string): string[] {
  const study = store.getStudy(id);
  const mine = new Set(store.listRuns({ groupId: study.groupId }).map((r) => r.id));
  const s = queue.state();
  // Queued ones first, so none of them starts when a running one stops.
  const ids = [...s.queued, ...s.running].filter((r) => mine.has(r));
  for (const r of ids) queue.cancel(r);
  return ids;
}
