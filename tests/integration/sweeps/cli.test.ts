// `recurrent-lab sweep` end to end on a real IMDB slice and a real SQLite file: an ASHA sweep that stops
// trials at their rungs (their runs kept, marked stopped by ASHA in the sweep), bad input refused before
// anything is touched, and a sweep killed mid-trial (kill -9) resumed to the end with the same draws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { once } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SKIP, TINY, cliAsync, cliInProcess, lastJsonLine, sleep, tempHome } from '../runs/helpers.js';
import { parseSpace } from '../../../main/model/sweep-space.js';
import { randomConfig } from '../../../main/sweeps/sampler.js';

interface Trial { index: number; runId: string | null; config: Record<string, unknown>; valAccuracy: number | null; bestEpoch: number | null; epochs: number; status: string; stoppedAtEpoch: number | null }
interface SweepOut { sweepId: string; status: string; settings: { rungs: number[] }; selectedOn: string; validationSplit: number; trials: Trial[]; best: { runId: string; config: Record<string, unknown>; valAccuracy: number } | null }
interface RunOut { id: string; status: string; groupId: string; sweepTrial: unknown; train: { validationSplit: number | null; epochs: number; seed: number }; model: { units: number } }

const SPACE = { learningRate: { min: 0.0001, max: 0.05, scale: 'log' }, arch: ['lstm', 'gru'] };
const RUNTIME = ['--engine', 'cpu', '--threads', '1'];

test('an ASHA sweep: trials are ordinary runs validated on a held-out part, weak ones stopped at a rung, the best on validation', { skip: SKIP, timeout: 300_000 }, async () => {
  const h = tempHome();
  try {
    const space = join(h.dir, 'space.json');
    writeFileSync(space, JSON.stringify(SPACE));
    const r = await cliInProcess(['sweep', '--space', space, '--scheduler', 'asha', '--eta', '2', '--trials', '4', '--epochs', '3', ...TINY, ...RUNTIME, '--json'], h.env);
    assert.equal(r.status, 0, r.stderr);
    const out = lastJsonLine(r.stdout) as unknown as SweepOut;
    assert.equal(out.status, 'finished');
    assert.equal(out.selectedOn, 'held-out');
    assert.equal(out.validationSplit, 0.2);
    assert.equal(out.trials.length, 4);
    assert.deepEqual(out.settings.rungs, [1, 2], 'η = 2 below --epochs 3');
    const stopped = out.trials.filter((t) => t.status === 'stopped');
    assert.ok(stopped.length >= 1, `ASHA stopped a trial: ${JSON.stringify(out.trials.map((t) => [t.status, t.valAccuracy]))}`);
    for (const t of stopped) {
      assert.ok(t.stoppedAtEpoch === 1 || t.stoppedAtEpoch === 2, `stopped at a rung (1, 2): ${t.stoppedAtEpoch}`);
      assert.equal(t.epochs, t.stoppedAtEpoch, 'a stopped trial counts the epochs up to its rung');
    }
    for (const t of out.trials.filter((x) => x.status === 'finished')) assert.equal(t.epochs, 3);
    // Configs come from the space: each trial has its own draw.
    for (const t of out.trials) {
      assert.ok(['lstm', 'gru'].includes(t.config.arch as string));
      const lr = t.config.learningRate as number;
      assert.ok(lr >= 0.0001 && lr <= 0.05, String(lr));
      assert.deepEqual(Object.keys(t.config).sort(), ['arch', 'learningRate']);
    }
    // The best is the highest held-out validation accuracy over every trial.
    const top = Math.max(...out.trials.map((t) => t.valAccuracy ?? -1));
    assert.equal(out.best?.valAccuracy, top);
    assert.equal(out.best?.runId, out.trials.find((t) => t.valAccuracy === top)?.runId);
    // 20% of 256 = 51.2 → the last 52 reviews: every val accuracy is a multiple of 1/52, not of the 128 test reviews.
    for (const t of out.trials) if (t.valAccuracy !== null) assert.ok(Math.abs(t.valAccuracy * 52 - Math.round(t.valAccuracy * 52)) < 1e-6, String(t.valAccuracy));

    // Every trial is an ordinary run, in the sweep's group, with the fixed settings and the held-out split.
    const runs = JSON.parse((await cliInProcess(['runs', '--json'], h.env)).stdout) as { runs: RunOut[] };
    assert.equal(runs.runs.length, 4);
    assert.equal(new Set(runs.runs.map((x) => x.groupId)).size, 1);
    for (const run of runs.runs) {
      assert.equal(run.train.validationSplit, 0.2);
      assert.equal(run.train.epochs, 3);
      assert.equal(run.model.units, 8, '--units fixed the setting');
      const t = out.trials.find((x) => x.runId === run.id);
      assert.ok(t, `run ${run.id} is a trial`);
      // A run ASHA stopped reads cancelled; the sweep's trial says why, and the runs table shows it.
      // (On tiny data the run may finish the epoch it was in before the stop reaches its thread: then the run
      // reads finished and the sweep still counts only the epochs up to the rung.)
      if (t.status === 'stopped') assert.ok(run.status === 'cancelled' || run.status === 'finished', run.status);
      else assert.equal(run.status, 'finished');
      assert.deepEqual(run.sweepTrial, { sweepId: out.sweepId, index: t.index, status: t.status });
    }
    const table = (await cliInProcess(['runs'], h.env)).stdout;
    assert.equal(table.match(/ stopped† /g)?.length, stopped.length, table);
    assert.match(table, /† a sweep's trial stopped early/);

    const shown = await cliInProcess(['sweeps', out.sweepId.slice(0, 6)], h.env);
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, /stopped by ASHA at epoch [12]/);
    assert.match(shown.stdout, /the test set is not used to choose/);
    const listed = JSON.parse((await cliInProcess(['sweeps', '--json'], h.env)).stdout) as { sweeps: { sweepId: string; trials: number; status: string }[] };
    assert.deepEqual(listed.sweeps.map((s) => [s.sweepId, s.trials, s.status]), [[out.sweepId, 4, 'finished']]);
    const again = lastJsonLine((await cliInProcess(['sweeps', out.sweepId, '--json'], h.env)).stdout) as unknown as SweepOut;
    assert.deepEqual(again.trials, out.trials);

    // The best as a preset: its settings on all the reviews, for its best epoch count, held-out validation kept.
    const best = out.trials.find((t) => t.runId === out.best?.runId)!;
    const saved = await cliInProcess(['presets', '--save', 'Tuned', '--run', best.runId!, '--epochs', String(best.bestEpoch), '--json'], h.env);
    assert.equal(saved.status, 0, saved.stderr);
    const preset = lastJsonLine(saved.stdout) as { name: string; model: { arch: string; units: number }; train: { learningRate: number; epochs: number; limitTrain: number | null; validationSplit: number } };
    assert.deepEqual([preset.name, preset.model.arch, preset.model.units, preset.train.learningRate, preset.train.epochs, preset.train.limitTrain, preset.train.validationSplit],
      ['Tuned', best.config.arch, 8, best.config.learningRate, best.bestEpoch, null, 0.2]);
    const dup = await cliInProcess(['presets', '--save', 'tuned', '--run', best.runId!], h.env);
    assert.equal(dup.status, 2);
    assert.match(dup.stderr, /a preset named "tuned" exists already/);
    assert.match((await cliInProcess(['presets'], h.env)).stdout, /^Tuned: /m);
  } finally {
    h.cleanup();
  }
});

test('bad sweeps are refused with one clear line before any database or run exists', { skip: SKIP }, async () => {
  const h = tempHome();
  try {
    const file = (name: string, text: string) => {
      const p = join(h.dir, name);
      writeFileSync(p, text);
      return p;
    };
    const cases: [string[], RegExp][] = [
      [['--space', file('empty.json', '{}'), '--trials', '2'], /invalid search space: the search space is empty/],
      [['--space', file('bad.json', '{"units": [8,'), '--trials', '2'], /the space file .*bad\.json is not JSON/],
      [['--space', join(h.dir, 'missing.json'), '--trials', '2'], /cannot read the space file/],
      [['--space', file('range.json', '{"units": [8, 4096]}'), '--trials', '2'], /units: 4096 is not allowed \(units must be at most 2048\)/],
      [['--space', file('contra.json', '{"dropout": {"min": 0.4, "max": 0.1}}'), '--trials', '2'], /dropout: the range is empty \(min 0.4 > max 0.1\)/],
      [['--space', file('merge.json', '{"merge": ["sum"]}'), '--trials', '2'], /merge applies to bilstm only/],
      [['--space', file('units.json', '{"units": [8, 16]}'), '--units', '8', '--trials', '2'], /every setting in the search space is fixed by a flag \(--units\)/],
      [['--trials', '0'], /a budget of zero trials runs nothing/],
      [['--budget-minutes', '0'], /a budget of zero minutes runs nothing/],
      [[], /a random search has no end of its own: give --trials N, --budget-minutes M, or both/],
      [['--scheduler', 'grid'], /grid search needs a list of values for dropout/],
      [['--scheduler', 'bayes', '--trials', '2'], /--scheduler must be one of random, grid, asha/],
      [['--scheduler', 'asha', '--epochs', '1', '--trials', '2'], /asha needs at least one rung below --epochs 1/],
      [['--eta', '2', '--trials', '2'], /--eta is for --scheduler asha only/],
      [['--scheduler', 'asha', '--trials', '2', '--rungs', '1,x'], /--rungs must list whole epochs, e.g. 1,2,4, got "1,x"/],
      [['--scheduler', 'asha', '--trials', '2', '--rungs', '1,5', '--epochs', '5'], /rung 5 is not below --epochs 5/],
      [['--scheduler', 'asha', '--trials', '2', '--rungs', '2,1'], /rungs must increase, got 2,1/],
      [['--scheduler', 'asha', '--trials', '2', '--eta', '1'], /--eta must be an integer in 2\.\.100, got 1/],
      [['--scheduler', 'asha', '--trials', '2', '--min-epochs', '0'], /--min-epochs must be an integer ≥ 1, got 0/],
      [['--trials', '2', '--parallel', '0'], /--parallel must be an integer in 1\.\.64, got 0/],
      [['--trials', '2', '--validation-split', 'none'], /a sweep never validates on the test set/],
      [['--trials', '2', '--validation', 'false'], /--validation false is not allowed/],
      [['--trials', '2', '--limit-train', '5', '--validation-split', '0.9'], /validationSplit 0.9 of 5 training reviews leaves none to train on/],
      [['--resume', 'abcd', '--units', '8'], /--resume continues a sweep with its own settings: --units cannot be given with it/],
      [['--trials', '2', '--name', 'x'.repeat(191)], /a sweep's name is at most 190 characters, got 191/],
    ];
    for (const [args, msg] of cases) {
      const r = await cliInProcess(['sweep', ...args, '--json'], h.env);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, msg, args.join(' '));
    }
    assert.equal(existsSync(h.db), false, 'no database was created');
  } finally {
    h.cleanup();
  }
});

test('kill -9 mid-sweep: the sweep reads interrupted; --resume continues the cut trial from its checkpoint and draws the same configs', { skip: SKIP, timeout: 300_000 }, async () => {
  const h = tempHome();
  try {
    const space = join(h.dir, 'space.json');
    writeFileSync(space, JSON.stringify(SPACE));
    // Bigger than TINY so an epoch lasts long enough to be caught between epochs.
    const args = ['sweep', '--space', space, '--trials', '3', '--epochs', '3', '--limit-train', '2048', '--limit-test', '64', '--units', '8', '--embedding-dim', '8',
      '--max-len', '64', '--batch-size', '16', ...RUNTIME, '--sweep-seed', '5'];
    const child = cliAsync(args, h.env);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = once(child, 'exit');
    // Kill once the second trial has checkpointed an epoch and is training the next one.
    let cut = '';
    const deadline = Date.now() + 200_000;
    while (Date.now() < deadline && child.exitCode === null) {
      await sleep(20);
      if (!existsSync(h.db)) continue;
      const db = new Database(h.db, { readonly: true, timeout: 1000 });
      try {
        const r = db.prepare(`SELECT r.id, r.epochs_done FROM sweep_trials t JOIN runs r ON r.id = t.run_id WHERE t.idx = 1 AND r.status = 'running'`).get() as
          | { id: string; epochs_done: number } | undefined;
        if (r && r.epochs_done >= 1 && r.epochs_done < 3) {
          cut = r.id;
          child.kill('SIGKILL');
          break;
        }
      } catch {
        /* schema not there yet */
      } finally {
        db.close();
      }
    }
    const [, signal] = await exited;
    assert.equal(signal, 'SIGKILL', `killed mid-sweep (stderr: ${stderr})`);
    assert.ok(cut, 'caught trial 2 between epochs');

    const listed = JSON.parse((await cliInProcess(['sweeps', '--json'], h.env)).stdout) as { sweeps: { sweepId: string; status: string; trials: number }[] };
    assert.equal(listed.sweeps.length, 1);
    const { sweepId } = listed.sweeps[0]!;
    assert.equal(listed.sweeps[0]!.status, 'interrupted');
    assert.equal(listed.sweeps[0]!.trials, 2);

    const r = await cliInProcess(['sweep', '--resume', sweepId.slice(0, 6), ...RUNTIME, '--json'], h.env);
    assert.equal(r.status, 0, r.stderr);
    const out = lastJsonLine(r.stdout) as unknown as SweepOut;
    assert.equal(out.sweepId, sweepId);
    assert.equal(out.status, 'finished');
    assert.deepEqual(out.trials.map((t) => [t.index, t.status, t.epochs]), [[0, 'finished', 3], [1, 'finished', 3], [2, 'finished', 3]]);
    assert.equal(out.trials[1]?.runId, cut, 'the cut trial kept its run');
    // The draws are the sampler's for seed 5, trial by trial, across the crash.
    const parsed = parseSpace(SPACE);
    for (const t of out.trials) assert.deepEqual(t.config, randomConfig(parsed, 5, t.index, 'lstm'));
    const shown = JSON.parse((await cliInProcess(['show', cut, '--json'], h.env)).stdout) as { run: { attempt: number; status: string } };
    assert.equal(shown.run.attempt, 2, 'continued from its checkpoint (a second attempt), not retrained');
    assert.equal(shown.run.status, 'finished');
    const again = await cliInProcess(['sweep', '--resume', sweepId, '--json'], h.env);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /cannot be resumed: it has finished/);
  } finally {
    h.cleanup();
  }
});
