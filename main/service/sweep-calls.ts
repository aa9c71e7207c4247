// Contract calls that drive sweeps: start one on the service's run queue (its trials are ordinary runs, so
// the runs table, Compare and export see them), cancel, resume, list, and one sweep's leaderboard; and the
// sweepChanged event whenever a trial or the sweep changes. Closing cancels the sweeps this service drives
// before the queue closes, so they end cancelled (resumable), never as a run of failed trials.
import type { RunQueue } from '../runs/queue.js';
import type { RunStore } from '../runs/store.js';
import type { CallResult, ParsedParams } from '../contract/index.js';
import type { SettingKey } from '../model/spec-settings.js';
import { UserError } from '../errors.js';
import { planSweep } from '../sweeps/plan.js';
import { SweepRunner } from '../sweeps/runner.js';
import { sweepStoreFor, type SweepStore } from '../sweeps/store.js';
import { leaderboard } from '../sweeps/leaderboard.js';
import type { EventBus } from './events.js';

export class SweepCalls {
  private readonly runners = new Map<string, SweepRunner>();
  private sweepsStore: SweepStore | null = null;

  constructor(
    private readonly queue: RunQueue,
    private readonly store: RunStore,
    private readonly bus: EventBus,
  ) {}

  /** Opened on first use: a service that never sweeps never touches the sweep tables. */
  private get sweeps(): SweepStore {
    this.sweepsStore ??= sweepStoreFor(this.store);
    return this.sweepsStore;
  }

  start(p: ParsedParams<'startSweep'>): CallResult<'startSweep'> {
    const plan = planSweep({
      ...(p.name !== undefined && p.name !== '' ? { name: p.name } : {}),
      space: p.space,
      scheduler: p.scheduler,
      trials: p.trials,
      budgetMinutes: p.budgetMinutes,
      seed: p.seed,
      parallel: p.parallel,
      eta: p.eta,
      minEpochs: p.minEpochs,
      rungs: null,
      base: { model: p.model, train: p.train },
      fixed: p.fixed as SettingKey[],
    });
    const runner = SweepRunner.create(this.queue, this.sweeps, plan);
    this.drive(runner);
    return { sweepId: runner.id, groupId: this.sweeps.getSweep(runner.id).groupId };
  }

  cancel(p: ParsedParams<'cancelSweep'>): CallResult<'cancelSweep'> {
    const s = this.sweeps.getSweep(p.sweepId);
    const runner = this.runners.get(s.id);
    if (!runner) throw new UserError(`sweep ${s.id} is ${s.status}, not running here: nothing to cancel`, 'bad_state');
    runner.cancel();
    return { sweepId: s.id, status: 'running' };
  }

  resume(p: ParsedParams<'resumeSweep'>): CallResult<'resumeSweep'> {
    const runner = SweepRunner.resume(this.queue, this.sweeps, p.sweepId);
    this.drive(runner);
    return { sweepId: runner.id };
  }

  list(): CallResult<'listSweeps'> {
    return {
      sweeps: this.sweeps.listSweeps().map((s) => {
        const b = leaderboard(this.store, this.sweeps, s.id);
        return {
          sweepId: s.id, name: s.name, scheduler: s.settings.scheduler, status: s.status, createdAt: s.createdAt,
          elapsedMs: this.elapsed(s.id, s.elapsedMs), trials: b.trials.length, bestValAccuracy: b.best?.valAccuracy ?? null,
        };
      }),
    };
  }

  get(p: ParsedParams<'getSweep'>): CallResult<'getSweep'> {
    const b = leaderboard(this.store, this.sweeps, p.sweepId);
    const s = b.sweep;
    return {
      sweep: {
        sweepId: s.id, name: s.name, scheduler: s.settings.scheduler, status: s.status, createdAt: s.createdAt,
        elapsedMs: this.elapsed(s.id, s.elapsedMs), trials: b.trials.length, bestValAccuracy: b.best?.valAccuracy ?? null, error: s.error,
        groupId: s.groupId, space: s.space as CallResult<'getSweep'>['sweep']['space'], trialBudget: s.settings.trials,
        budgetMinutes: s.settings.budgetMinutes, epochs: s.base.train.epochs, rungs: s.settings.rungs, eta: s.settings.eta,
        validationSplit: s.base.train.validationSplit ?? 0,
      },
      trials: b.trials.map((t) => ({ ...t, config: t.config as Record<string, string | number | boolean | null> })),
      best: b.best && { ...b.best, config: b.best.config as Record<string, string | number | boolean | null> },
    };
  }

  /** Which trial of which sweep a run is (for the runs table: a run ASHA stopped reads cancelled there). */
  trialOf(runId: string): { sweepId: string; index: number; status: CallResult<'getSweep'>['trials'][number]['status'] } | null {
    const t = this.sweeps.trialOfRun(runId);
    return t && { sweepId: t.sweepId, index: t.index, status: t.status };
  }

  /** Cancels the sweeps this service drives and waits for them to end (before the queue closes). */
  async close(): Promise<void> {
    const running = [...this.runners.values()];
    for (const r of running) r.cancel();
    await Promise.allSettled(running.map((r) => r.run()));
  }

  /** A running sweep's time includes this session's so far (the store has it at the last trial's end). */
  private elapsed(id: string, stored: number): number {
    return this.runners.get(id)?.elapsedNow() ?? stored;
  }

  private drive(runner: SweepRunner): void {
    const id = runner.id;
    this.runners.set(id, runner);
    const ready = runner.shareCores();
    const changed = () => this.bus.emit('sweepChanged', { sweepId: id, status: 'running' });
    const offs = [runner.events.on('trial', changed), runner.events.on('rung', changed)];
    changed();
    void ready.then(() => runner.run()).then(
      (s) => this.bus.emit('sweepChanged', { sweepId: id, status: s.status }),
      () => this.bus.emit('sweepChanged', { sweepId: id, status: 'failed' }),
    ).finally(() => {
      offs.forEach((off) => off());
      this.runners.delete(id);
    });
  }
}
