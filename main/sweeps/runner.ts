// SweepRunner drives one stored sweep on a RunQueue: it queues trials (ordinary runs in the sweep's run group)
// up to --parallel at a time, lets ASHA stop the weak ones at their rungs (a stop is a cancel of the run: its
// logged epochs stay, and the sweep's trial row says `stopped`), ends in-flight trials when the time budget is
// spent, records a failed trial and goes on, and can be cancelled and later resumed (interrupted or cancelled
// trials continue their runs from their last checkpoint; the samplers redraw exactly the same next configs).
// It uses only the queue's public API (enqueue, resume, cancel, wait, the started/epoch events).
import { availableParallelism } from 'node:os';
import { runsShareCores, threadsEach } from '../runs/share-cores.js';
import { UserError, errorMessage } from '../errors.js';
import { TypedEmitter } from '../runs/events.js';
import type { RunQueue } from '../runs/queue.js';
import type { RunRecord } from '../runs/store.js';
import { ashaDecide } from './asha.js';
import { distinctConfigs, distinctRandomConfig, gridConfigs, trialSettings, type TrialConfig } from './sampler.js';
import type { NewSweep, RungResult, SweepRecord, SweepStore, TrialRecord } from './store.js';
import type { TrialStatus } from '../model/sweep-kinds.js';

/** After this many failed trials in a row the sweep fails: something is wrong beyond one bad configuration. */
export const MAX_CONSECUTIVE_FAILURES = 5;

export interface SweepEvents {
  /** A trial was added or changed status. */
  trial: [{ sweepId: string; trial: TrialRecord }];
  /** ASHA recorded a value at a rung. */
  rung: [{ sweepId: string; result: RungResult }];
  /** The sweep reached a final status. */
  finished: [{ sweepId: string; sweep: SweepRecord }];
}

/** Trial statuses after which nothing more happens to the trial in this session. */
const ENDED: ReadonlySet<TrialStatus> = new Set(['finished', 'stopped', 'budget', 'failed']);

export class SweepRunner {
  readonly events = new TypedEmitter<SweepEvents>();
  /** runId → trial index, for the trials whose runs are queued or training in this session. */
  private readonly active = new Map<string, number>();
  private readonly waits = new Map<string, Promise<void>>();
  private readonly status = new Map<number, TrialStatus>();
  private nextIndex: number;
  private grid: TrialConfig[] | null = null;
  private spaceSize: number | null = null;
  private cancelRequested = false;
  private timeUp = false;
  private failuresInRow = 0;
  private lastFailure: string | null = null;
  private done: Promise<SweepRecord> | null = null;
  private sessionStart: number | null = null;
  /**
   * Threads per trial when trials train side by side on the CPU cores (set by the caller from runsShareCores and
   * --parallel); undefined: each trial takes the machine, one at a time.
   */
  trialThreads: number | undefined;

  private constructor(
    private readonly queue: RunQueue,
    private readonly sweeps: SweepStore,
    private sweep: SweepRecord,
  ) {
    const trials = sweeps.trials(sweep.id);
    for (const t of trials) this.status.set(t.index, t.status);
    this.nextIndex = trials.length === 0 ? 0 : Math.max(...trials.map((t) => t.index)) + 1;
  }

  /** Stores a planned sweep (with a run group for its trials) and returns its runner; call run() to sweep. */
  static create(queue: RunQueue, sweeps: SweepStore, plan: Omit<NewSweep, 'groupId'>): SweepRunner {
    const group = queue.store.createGroup(`Sweep: ${plan.name}`, 'custom');
    return new SweepRunner(queue, sweeps, sweeps.createSweep({ ...plan, groupId: group.id }));
  }

  /** Claims an interrupted or cancelled sweep (UserError when it cannot be) and returns its runner. */
  static resume(queue: RunQueue, sweeps: SweepStore, id: string): SweepRunner {
    return new SweepRunner(queue, sweeps, sweeps.beginResume(id));
  }

  get id(): string {
    return this.sweep.id;
  }

  /**
   * With --parallel N > 1, lets the trials train side by side on the CPU cores (N at once, cores / N threads
   * each) when the queue's engine allows it (runsShareCores); otherwise they still take the machine in turn.
   */
  async shareCores(cores: number = availableParallelism()): Promise<void> {
    const n = this.sweep.settings.parallel;
    this.trialThreads = n > 1 && (await runsShareCores(this.queue.engine)) ? threadsEach(n, cores) : undefined;
  }

  /** Sweeps until the budget is spent, the grid is done, or cancel(); resolves with the final record. */
  run(): Promise<SweepRecord> {
    this.done ??= this.sweepAll();
    return this.done;
  }

  /** Stops the sweep: queued and training trials are cancelled (kept, resumable with the sweep). */
  cancel(): void {
    this.cancelRequested = true;
    for (const runId of this.active.keys()) this.queue.cancel(runId);
  }

  /** Wall time spent sweeping so far, this session included. */
  elapsedNow(): number {
    return this.sweep.elapsedMs + (this.sessionStart === null ? 0 : Date.now() - this.sessionStart);
  }

  private async sweepAll(): Promise<SweepRecord> {
    const s = this.sweep.settings;
    const sessionStart = Date.now();
    this.sessionStart = sessionStart;
    const before = this.sweep.elapsedMs;
    const elapsed = () => before + Date.now() - sessionStart;
    let timer: NodeJS.Timeout | null = null;
    if (s.budgetMinutes !== null) {
      const left = s.budgetMinutes * 60_000 - before;
      if (left <= 0) this.timeUp = true;
      else timer = setTimeout(() => this.outOfTime(), left);
    }
    const offs = [
      this.queue.events.on('started', (e) => {
        const i = this.active.get(e.runId);
        if (i !== undefined && this.status.get(i) === 'queued') this.setStatus(i, 'running');
      }),
      this.queue.events.on('epoch', (e) => this.onEpoch(e.runId, e.metrics.epoch, e.metrics.valAccuracy)),
    ];
    let error: string | null = null;
    try {
      this.reattach();
      for (;;) {
        while (!this.stopping() && this.active.size < s.parallel && this.moreTrials()) this.launchNext();
        if (this.waits.size === 0) break;
        await Promise.race(this.waits.values());
      }
      if (this.failuresInRow >= MAX_CONSECUTIVE_FAILURES) error = `${this.failuresInRow} trials failed in a row; the last: ${this.lastFailure ?? 'unknown'}`;
    } catch (e) {
      error = errorMessage(e);
      this.cancel();
      await Promise.allSettled(this.waits.values());
    } finally {
      if (timer) clearTimeout(timer);
      for (const off of offs) off();
      this.sweeps.setElapsed(this.sweep.id, elapsed());
    }
    this.sweep = this.sweeps.endSweep(this.sweep.id, error !== null ? 'failed' : this.cancelRequested ? 'cancelled' : 'finished', error);
    this.sessionStart = null;
    this.events.emit('finished', { sweepId: this.sweep.id, sweep: this.sweep });
    return this.sweep;
  }

  private stopping(): boolean {
    return this.cancelRequested || this.timeUp || this.failuresInRow >= MAX_CONSECUTIVE_FAILURES;
  }

  private moreTrials(): boolean {
    const s = this.sweep.settings;
    // A grid ends with its grid; a random draw from a space of lists ends when every model in it has been tried.
    const size = s.scheduler === 'grid' ? this.gridPoints().length : (this.spaceSize ??= distinctConfigs(this.sweep.space, this.sweep.base.model.arch));
    return this.nextIndex < Math.min(s.trials ?? Infinity, size);
  }

  private gridPoints(): TrialConfig[] {
    this.grid ??= gridConfigs(this.sweep.space, this.sweep.settings.seed, this.sweep.base.model.arch);
    return this.grid;
  }

  private configAt(index: number): TrialConfig {
    const s = this.sweep.settings;
    if (s.scheduler === 'grid') return this.gridPoints()[index] as TrialConfig;
    const earlier = this.sweeps.trials(this.sweep.id).filter((t) => t.index < index).map((t) => t.config);
    return distinctRandomConfig(this.sweep.space, s.seed, index, this.sweep.base.model.arch, earlier);
  }

  private launchNext(): void {
    const index = this.nextIndex++;
    const config = this.configAt(index);
    const settings = trialSettings(this.sweep.base, config, this.sweep.fixed.includes('learningRate'));
    let run: RunRecord;
    try {
      const threads = this.trialThreads === undefined ? {} : { threads: this.trialThreads };
      run = this.queue.enqueue({ ...settings, ...threads, groupId: this.sweep.groupId, name: `${this.sweep.name} #${index + 1}`, tags: ['sweep'] });
    } catch (e) {
      // A configuration the gate refuses is one failed trial, not the end of the sweep.
      const t = this.sweeps.addTrial(this.sweep.id, { index, runId: null, config, status: 'failed', error: errorMessage(e) });
      this.status.set(index, 'failed');
      this.countFailure(errorMessage(e));
      this.events.emit('trial', { sweepId: this.sweep.id, trial: t });
      return;
    }
    const t = this.sweeps.addTrial(this.sweep.id, { index, runId: run.id, config, status: 'queued' });
    this.status.set(index, 'queued');
    this.events.emit('trial', { sweepId: this.sweep.id, trial: t });
    this.follow(run.id, index);
  }

  /** Waits for a trial's run in the background; its end updates the trial. */
  private follow(runId: string, index: number): void {
    this.active.set(runId, index);
    const w = this.queue.wait(runId).then(
      (run) => this.ended(index, run),
      (e: unknown) => this.ended(index, null, errorMessage(e)),
    ).finally(() => {
      this.active.delete(runId);
      this.waits.delete(runId);
    });
    this.waits.set(runId, w);
  }

  private ended(index: number, run: RunRecord | null, lost?: string): void {
    // Other processes (`sweeps`, another app's Sweep screen) read the time spent from the store.
    this.sweeps.setElapsed(this.sweep.id, this.elapsedNow());
    const now = this.status.get(index);
    // A stop by ASHA or the budget was recorded when it was decided; the run then reads cancelled.
    if (now === 'stopped' || now === 'budget') return;
    let status: TrialStatus;
    if (!run) status = 'failed';
    else if (run.status === 'finished') status = 'finished';
    else if (run.status === 'failed') status = 'failed';
    else if (run.status === 'interrupted') status = 'interrupted';
    else status = 'cancelled';
    this.setStatus(index, status);
    if (status === 'finished') this.failuresInRow = 0;
    else if (status === 'failed') this.countFailure(run?.error ?? lost ?? 'unknown error');
  }

  private countFailure(message: string): void {
    this.failuresInRow++;
    this.lastFailure = message;
  }

  private setStatus(index: number, status: TrialStatus, stoppedAtEpoch: number | null = null): void {
    this.status.set(index, status);
    this.sweeps.setTrialStatus(this.sweep.id, index, status, stoppedAtEpoch);
    const t = this.sweeps.trials(this.sweep.id).find((x) => x.index === index);
    if (t) this.events.emit('trial', { sweepId: this.sweep.id, trial: t });
  }

  /** ASHA: a trial reaching a rung goes on only if its validation accuracy is in the top 1/η there. */
  private onEpoch(runId: string, epoch: number, valAccuracy: number | null): void {
    const index = this.active.get(runId);
    const s = this.sweep.settings;
    if (index === undefined || s.scheduler !== 'asha' || !s.rungs.includes(epoch) || this.status.get(index) !== 'running') return;
    const atRung = this.sweeps.rungResults(this.sweep.id).filter((r) => r.rung === epoch);
    if (atRung.some((r) => r.index === index)) return; // decided before a resume: the run only re-trains the epoch
    const earlier = atRung.flatMap((r) => (r.value === null ? [] : [r.value]));
    const result: RungResult = { rung: epoch, index, value: valAccuracy, decision: ashaDecide(valAccuracy, earlier, s.eta) };
    this.sweeps.recordRung(this.sweep.id, result);
    this.events.emit('rung', { sweepId: this.sweep.id, result });
    if (result.decision === 'stop') {
      this.status.set(index, 'stopped');
      this.queue.cancel(runId);
      const t = this.sweeps.trials(this.sweep.id).find((x) => x.index === index);
      if (t) this.events.emit('trial', { sweepId: this.sweep.id, trial: t });
    }
  }

  /** The time budget is spent: trials in flight stop where they are (their epochs are kept). */
  private outOfTime(): void {
    this.timeUp = true;
    for (const [runId, index] of this.active) {
      let epoch: number | null = null;
      try {
        epoch = this.queue.store.getRun(runId).epochsDone;
      } catch {
        /* deleted meanwhile: its wait reports it */
      }
      this.setStatus(index, 'budget', epoch);
      this.queue.cancel(runId);
    }
  }

  /**
   * On resume: trials whose runs were interrupted or cancelled continue those runs from their last
   * checkpoint; trials whose runs ended while nobody watched take the run's outcome.
   */
  private reattach(): void {
    for (const t of this.sweeps.trials(this.sweep.id)) {
      if (ENDED.has(t.status)) continue;
      if (t.runId === null) {
        this.setStatus(t.index, 'failed');
        continue;
      }
      let run: RunRecord;
      try {
        run = this.queue.store.getRun(t.runId);
      } catch {
        this.setStatus(t.index, 'failed');
        continue;
      }
      if (run.status === 'finished' || run.status === 'failed') {
        this.setStatus(t.index, run.status);
        continue;
      }
      if (this.stopping()) continue;
      try {
        this.queue.resume(run.id, this.trialThreads === undefined ? {} : { threads: this.trialThreads });
      } catch (e) {
        throw new UserError(`sweep ${this.sweep.id}: trial ${t.index + 1} (run ${run.id}) cannot continue: ${errorMessage(e)}`, 'bad_state');
      }
      this.setStatus(t.index, 'queued');
      this.follow(run.id, t.index);
    }
  }
}
