// How the sweep commands print a sweep: the --json result and the leaderboard as text.
import { oneLine } from '../cli/io.js';
import { formatDuration } from '../runs/cli-support.js';
import type { Leaderboard, TrialRow } from './leaderboard.js';
import type { TrialConfig } from './sampler.js';
import { TRIAL_STATUS_TEXT } from '../model/sweep-kinds.js';

/** The --json result of `sweep` and `sweeps ID`. */
export function sweepJson(b: Leaderboard): Record<string, unknown> {
  const s = b.sweep;
  return {
    sweepId: s.id,
    name: s.name,
    status: s.status,
    error: s.error,
    scheduler: s.settings.scheduler,
    settings: s.settings,
    space: s.space,
    fixed: s.fixed,
    elapsedMs: s.elapsedMs,
    // Selection is on the held-out part of the training reviews; the trials' test figures are never used.
    validationSplit: s.base.train.validationSplit,
    selectedOn: 'held-out',
    trials: b.trials.map((t) => ({
      index: t.index,
      runId: t.runId,
      config: t.config,
      valAccuracy: t.valAccuracy,
      bestEpoch: t.bestEpoch,
      epochs: t.epochs,
      status: t.status,
      stoppedAtEpoch: t.stoppedAtEpoch,
      error: t.error,
    })),
    best: b.best && { runId: b.best.runId, index: b.best.index, config: b.best.config, valAccuracy: b.best.valAccuracy, bestEpoch: b.best.bestEpoch },
  };
}

/** "arch=gru units=64 learningRate=0.0012". */
export function configText(c: TrialConfig): string {
  return Object.entries(c).map(([k, v]) => `${k}=${String(v)}`).join(' ');
}

const pct = (v: number | null) => (v === null ? '-' : (v * 100).toFixed(2) + '%');

function statusText(t: TrialRow): string {
  const at = t.stoppedAtEpoch !== null && (t.status === 'stopped' || t.status === 'budget') ? ` at epoch ${t.stoppedAtEpoch}` : '';
  return TRIAL_STATUS_TEXT[t.status] + at;
}

/** The leaderboard, best validation accuracy first, with what the figures mean. */
export function leaderboardText(b: Leaderboard): string {
  const s = b.sweep;
  const ranked = [...b.trials].sort((x, y) => (y.valAccuracy ?? -1) - (x.valAccuracy ?? -1) || x.index - y.index);
  const lines = [
    `sweep ${s.id} "${oneLine(s.name)}": ${s.settings.scheduler}, ${s.status}, ${b.trials.length} trial${b.trials.length === 1 ? '' : 's'}, ${formatDuration(s.elapsedMs)}`,
    `val acc = best accuracy on the held-out last ${s.base.train.validationSplit} of the training reviews (the test set is not used to choose)`,
    '',
    `${'trial'.padEnd(6)}${'run'.padEnd(14)}${'val acc'.padEnd(9)}${'epoch'.padEnd(7)}${'status'.padEnd(38)}config`,
  ];
  for (const t of ranked) {
    lines.push(
      `#${String(t.index + 1).padEnd(5)}${(t.runId ?? '-').padEnd(14)}${pct(t.valAccuracy).padEnd(9)}${(t.bestEpoch === null ? '-' : `${t.bestEpoch}/${t.epochs}`).padEnd(7)}${statusText(t).padEnd(37)} ${configText(t.config)}${t.error ? ` — ${oneLine(t.error)}` : ''}`,
    );
  }
  lines.push('', b.best ? `best: trial #${b.best.index + 1} (run ${b.best.runId}) val acc ${pct(b.best.valAccuracy)} at epoch ${b.best.bestEpoch}: ${configText(b.best.config)}` : 'best: none yet (no trial has validated)');
  if (s.error) lines.push(`error: ${oneLine(s.error)}`);
  return lines.join('\n') + '\n';
}
