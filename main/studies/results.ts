// What a study found: per architecture the n, mean, sd and Student-t 95% CI of test accuracy, AUC and training
// time; per pair of architectures Welch's difference with its CI and p (Holm-adjusted across pairs), McNemar on
// the reviews of each matched seed, and a sentence. Only finished runs count; the rest are listed as pending.
import { selectedOnTest, validationSource, type Architecture, type ValidationSource } from '../model/spec.js';
import type { RunRecord, RunStatus } from '../runs/store.js';
import type { PairedResult } from '../runs/paired.js';
import { armSignature, studyCells, type StudyArm, type StudyRecord } from './grid.js';
import { holmAdjust, summarize, welchTest, type Summary } from './stats.js';
import { verdictOf, verdictSentence, type Verdict } from './verdict.js';

/** running: some run is queued or training; finished: every cell finished; incomplete: the rest (resume it). */
export type StudyStatus = 'running' | 'finished' | 'incomplete';

export interface StudyCellResult {
  /** The arm's key, its label and architecture. */
  arm: string;
  label: string;
  arch: Architecture;
  seed: number;
  runId: string | null;
  status: RunStatus | 'missing';
  testAccuracy: number | null;
}

export interface StudyGroupResult {
  arm: string;
  label: string;
  arch: Architecture;
  planned: number;
  /** Finished runs, in seed order. */
  runIds: string[];
  seeds: number[];
  accuracies: number[];
  accuracy: Summary | null;
  auc: Summary | null;
  trainMs: Summary | null;
}

export interface MatchedSeed {
  seed: number;
  runA: string;
  runB: string;
  /** McNemar on this seed's two runs (b: A right & B wrong, c: the reverse); null with `note` when not pairable. */
  n: number | null;
  b: number | null;
  c: number | null;
  accuracyDiff: number | null;
  pValue: number | null;
  note: string | null;
}

export interface StudyPairResult {
  /** The arms' keys, the group with the higher mean first, so differences read as positive. */
  a: string;
  b: string;
  labelA: string;
  labelB: string;
  /** mean(a) − mean(b) of test accuracy. */
  diff: number;
  ci95: [number, number] | null;
  t: number | null;
  df: number | null;
  pValue: number | null;
  pHolm: number | null;
  test: 'welch-t';
  matched: MatchedSeed[];
  verdict: Verdict;
  sentence: string;
}

export interface StudyResults {
  study: StudyRecord;
  status: StudyStatus;
  cells: StudyCellResult[];
  groups: StudyGroupResult[];
  pairs: StudyPairResult[];
  /** What the arms validate on ('mixed' when they differ). */
  validation: ValidationSource | 'mixed';
  /** Some arm validated on the test set: its best-epoch figures were selected on the data they report. */
  selectedOnTest: boolean;
}

const ACTIVE: readonly RunStatus[] = ['queued', 'running'];

/**
 * A proportion's summary with its t interval cut to [0, 1]: with two seeds t(0.975, 1) = 12.7 and the interval
 * of an accuracy can reach past 0 or 100 %, which no accuracy can.
 */
function proportion(values: number[]): Summary | null {
  const s = summarize(values);
  if (!s?.ci95) return s;
  return { ...s, ci95: [Math.max(0, s.ci95[0]), Math.min(1, s.ci95[1])] };
}

/**
 * A cell's run: a run in the group with the arm's settings and the cell's seed — its finished one if any, else its
 * newest (re-runs in the group may add more than one).
 */
function cellRun(runs: RunRecord[], arm: StudyArm, seed: number): RunRecord | null {
  const sig = armSignature(arm);
  const mine = runs.filter((r) => r.train.seed === seed && armSignature(r) === sig).sort((x, y) => y.createdAt.localeCompare(x.createdAt));
  return mine.find((r) => r.status === 'finished' && r.test !== null) ?? mine[0] ?? null;
}

export function studyStatus(cells: readonly StudyCellResult[]): StudyStatus {
  if (cells.some((c) => c.status !== 'missing' && ACTIVE.includes(c.status))) return 'running';
  return cells.every((c) => c.status === 'finished' && c.testAccuracy !== null) ? 'finished' : 'incomplete';
}

function cellResults(byCell: ReturnType<typeof studyCellRuns>): StudyCellResult[] {
  return byCell.map(({ arm, seed, run }) => ({
    arm: arm.key,
    label: arm.label,
    arch: arm.model.arch,
    seed,
    runId: run?.id ?? null,
    status: run?.status ?? 'missing',
    testAccuracy: run?.status === 'finished' ? (run.test?.accuracy ?? null) : null,
  }));
}

/** Its cells and status only — what a list of studies shows, without reading any run's predictions. */
export function studyProgress(study: StudyRecord, runs: RunRecord[]): { status: StudyStatus; cells: StudyCellResult[] } {
  const cells = cellResults(studyCellRuns(study, runs));
  return { status: studyStatus(cells), cells };
}

/** The study's runs by cell (one per arm × seed), in the grid's order. */
export function studyCellRuns(study: StudyRecord, runs: RunRecord[]): { arm: StudyArm; seed: number; run: RunRecord | null }[] {
  return studyCells(study.grid).map((c) => ({ ...c, run: cellRun(runs, c.arm, c.seed) }));
}

/**
 * The study's numbers from its runs. `pair` compares two runs review by review (main/runs/paired.ts
 * pairRuns with the store's artifacts folder); it is only called for finished runs of a matched seed.
 */
export function studyResults(study: StudyRecord, runs: RunRecord[], pair: (a: RunRecord, b: RunRecord) => PairedResult): StudyResults {
  const byCell = studyCellRuns(study, runs);
  const cells = cellResults(byCell);
  const done = (key: string) =>
    study.grid.seeds
      .map((seed) => byCell.find((c) => c.arm.key === key && c.seed === seed)?.run ?? null)
      .filter((r): r is RunRecord => r !== null && r.status === 'finished' && r.test !== null);
  const groups: StudyGroupResult[] = study.grid.arms.map((arm) => {
    const rs = done(arm.key);
    const acc = rs.map((r) => r.test!.accuracy);
    const times = rs.map((r) => r.trainMs).filter((v): v is number => v !== null);
    return {
      arm: arm.key,
      label: arm.label,
      arch: arm.model.arch,
      planned: study.grid.seeds.length,
      runIds: rs.map((r) => r.id),
      seeds: rs.map((r) => r.train.seed),
      accuracies: acc,
      accuracy: proportion(acc),
      auc: proportion(rs.map((r) => r.test!.auc).filter((v) => Number.isFinite(v))),
      trainMs: summarize(times),
    };
  });

  const raw: Omit<StudyPairResult, 'pHolm' | 'verdict' | 'sentence'>[] = [];
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      const [gi, gj] = [groups[i]!, groups[j]!];
      if (!gi.accuracy || !gj.accuracy) continue; // a group with no finished run has nothing to compare
      const [ga, gb] = gj.accuracy.mean > gi.accuracy.mean ? [gj, gi] : [gi, gj];
      const diff = (ga.accuracy?.mean ?? NaN) - (gb.accuracy?.mean ?? NaN);
      const w = welchTest(ga.accuracies, gb.accuracies);
      const matched: MatchedSeed[] = [];
      for (const seed of ga.seeds.filter((s) => gb.seeds.includes(s))) {
        const ra = done(ga.arm).find((r) => r.train.seed === seed)!;
        const rb = done(gb.arm).find((r) => r.train.seed === seed)!;
        const pr = pair(ra, rb);
        const q = pr.paired;
        matched.push({
          seed, runA: ra.id, runB: rb.id,
          n: q?.n ?? null, b: q?.b ?? null, c: q?.c ?? null,
          // pairRuns reports acc(second) − acc(first); here the first-named group is A, so the sign flips.
          accuracyDiff: q ? -q.accuracyDiff : null,
          pValue: q?.pValue ?? null,
          note: pr.pairedNote,
        });
      }
      raw.push({
        a: ga.arm, b: gb.arm, labelA: ga.label, labelB: gb.label,
        diff,
        ci95: w?.ci95 ?? null, t: w?.t ?? null, df: w?.df ?? null, pValue: w?.pValue ?? null,
        test: 'welch-t', matched,
      });
    }
  }
  const sources = new Set(study.grid.arms.map((a) => validationSource(a.train)));
  const adjusted = holmAdjust(raw.map((p) => p.pValue));
  const counted = adjusted.filter((p) => p !== null).length;
  const pairs: StudyPairResult[] = raw.map((p, k) => {
    const nums = {
      labelA: p.labelA, labelB: p.labelB, diff: p.diff,
      nA: groups.find((g) => g.arm === p.a)!.accuracies.length,
      nB: groups.find((g) => g.arm === p.b)!.accuracies.length,
      ci95: p.ci95, pValue: p.pValue, pHolm: adjusted[k] ?? null, pairs: counted,
    };
    return { ...p, pHolm: nums.pHolm, verdict: verdictOf(nums), sentence: verdictSentence(nums) };
  });
  return {
    study,
    status: studyStatus(cells),
    cells,
    groups,
    pairs,
    validation: sources.size === 1 ? ([...sources][0] as ValidationSource) : 'mixed',
    selectedOnTest: study.grid.arms.some((a) => selectedOnTest(a.train)),
  };
}
