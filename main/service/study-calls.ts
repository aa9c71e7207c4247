// Contract calls about studies: start one (its cells queued on the shared run queue, side by side when the
// cores allow), list them with their status, read one's results, resume, cancel, delete, and its HTML report.
import { availableParallelism } from 'node:os';
import type { CallResult, ParsedParams } from '../contract/index.js';
import type { RunQueue } from '../runs/queue.js';
import type { RunStore } from '../runs/store.js';
import { archArms, defaultStudyName, seedList } from '../studies/grid.js';
import { confirmArms } from '../studies/confirm.js';
import { TUTORIAL_TRAIN } from '../model/spec.js';
import { cancelStudy, resumeStudy, startStudy, type StudyMachine } from '../studies/control.js';
import { runsShareCores } from '../runs/share-cores.js';
import { loadStudyProgress, loadStudyResults } from '../studies/load.js';
import { studyReportHtml, studyReportInput } from '../studies/report.js';

export class StudyCalls {
  constructor(
    private readonly queue: RunQueue,
    private readonly store: RunStore,
  ) {}

  private async machine(): Promise<StudyMachine> {
    return { cores: availableParallelism(), share: await runsShareCores(this.queue.engine) };
  }

  async start(p: ParsedParams<'startStudy'>): Promise<CallResult<'startStudy'>> {
    const seeds = seedList(p.seeds.count, p.seeds.firstSeed ?? p.train.seed);
    const arms = archArms(p.archs, p.model, p.train);
    const name = p.name || defaultStudyName(arms.map((a) => a.label), seeds.length);
    const s = startStudy(this.queue, this.store, { name, grid: { arms, seeds }, machine: await this.machine() });
    return { studyId: s.study.id, runIds: s.runIds, threads: s.threads ?? null };
  }

  async confirm(p: ParsedParams<'confirmSweep'>): Promise<CallResult<'confirmSweep'>> {
    const c = confirmArms(this.store, p.sweepId);
    const s = startStudy(this.queue, this.store, { name: c.name, grid: { arms: c.arms, seeds: seedList(p.seeds, TUTORIAL_TRAIN.seed) }, machine: await this.machine() });
    return { studyId: s.study.id, runIds: s.runIds, threads: s.threads ?? null };
  }

  list(): CallResult<'listStudies'> {
    return {
      studies: this.store.listStudies().map((study) => {
        const r = loadStudyProgress(this.store, study);
        return {
          id: study.id, name: study.name, createdAt: study.createdAt, status: r.status,
          arms: study.grid.arms.map((a) => ({ key: a.key, label: a.label })), seeds: study.grid.seeds,
          finished: r.cells.filter((c) => c.status === 'finished').length, planned: r.cells.length,
        };
      }),
    };
  }

  get(p: ParsedParams<'getStudy'>): CallResult<'getStudy'> {
    return loadStudyResults(this.store, p.studyId);
  }

  async resume(p: ParsedParams<'resumeStudy'>): Promise<CallResult<'resumeStudy'>> {
    const r = resumeStudy(this.queue, this.store, p.studyId, await this.machine());
    return { studyId: r.study.id, runIds: r.runIds };
  }

  cancel(p: ParsedParams<'cancelStudy'>): CallResult<'cancelStudy'> {
    const id = this.store.getStudy(p.studyId).id;
    return { studyId: id, runIds: cancelStudy(this.queue, this.store, id) };
  }

  delete(p: ParsedParams<'deleteStudy'>): CallResult<'deleteStudy'> {
    const id = this.store.getStudy(p.studyId).id;
    this.store.deleteStudy(id);
    return { deleted: id };
  }

  report(p: ParsedParams<'studyReport'>): CallResult<'studyReport'> {
    const r = loadStudyResults(this.store, p.studyId);
    const safe = r.study.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'study';
    return { filename: `${safe}-${r.study.id}.html`, mime: 'text/html', content: studyReportHtml(studyReportInput(r, this.store)) };
  }
}
