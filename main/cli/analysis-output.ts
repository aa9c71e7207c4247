// The error analysis on the command line: `show RUN --analysis` (accuracy by review length, calibration) and
// `compare A B --disagreements N` (the reviews two runs classify differently), as text or inside --json.
// The flags go through the contract's own schema, so the CLI and the UI accept and refuse the same values.
import { loadData, loadWordIndex, resolveDataDir } from '../data/index.js';
import { UserError } from '../errors.js';
import { listDisagreementsParams } from '../contract/analysis.js';
import type { ArraysFor, RunAnalysis } from '../analysis/run-analysis.js';
import type { DisagreementPageResult } from '../analysis/disagreement-page.js';
import type { DisagreementQuery } from '../analysis/disagreements.js';
import { num, str, type Options, type Parsed } from './args.js';
import { oneLine, type CliIO } from './io.js';

export const DATA_FLAG: Options = { data: { type: 'string' } };
export const DISAGREEMENT_FLAGS: Options = {
  disagreements: { type: 'string' },
  offset: { type: 'string' },
  filter: { type: 'string' },
  order: { type: 'string' },
  'min-length': { type: 'string' },
  'max-length': { type: 'string' },
};

/** The IMDB data from --data (or RECURRENT_LAB_DATA / the app's folder), loaded once per vocabulary size. */
export function cliData(p: Parsed, io: CliIO): { arraysFor: ArraysFor; wordIndex: () => Promise<Map<string, number>> } {
  const dir = resolveDataDir(str(p, 'data'), io.env);
  const cache = new Map<number, ReturnType<ArraysFor>>();
  return {
    arraysFor: (numWords) => {
      let a = cache.get(numWords);
      if (!a) cache.set(numWords, (a = loadData(dir, { numWords })));
      return a;
    },
    wordIndex: () => loadWordIndex(dir),
  };
}

/** --disagreements N and its companions as a query, validated like the listDisagreements call; null without it. */
export function disagreementQuery(p: Parsed, runIds: string[]): DisagreementQuery | null {
  const limit = num(p, 'disagreements');
  const companions = ['offset', 'filter', 'order', 'min-length', 'max-length'].filter((k) => p.values[k] !== undefined);
  if (limit === undefined) {
    if (companions.length > 0) throw new UserError(`--${companions[0]} goes with --disagreements N`);
    return null;
  }
  if (runIds.length !== 2) throw new UserError(`--disagreements compares exactly two runs (${runIds.length} given)`);
  const r = listDisagreementsParams.safeParse({
    runIds,
    limit,
    offset: num(p, 'offset'),
    filter: str(p, 'filter'),
    order: str(p, 'order'),
    minLength: num(p, 'min-length') ?? null,
    maxLength: num(p, 'max-length') ?? null,
  });
  if (!r.success) {
    const issue = r.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    const flagName = key === 'limit' ? 'disagreements' : key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new UserError(`--${flagName}: ${issue?.message ?? 'invalid value'}`);
  }
  const { runIds: _ids, ...q } = r.data;
  return q;
}

const pct = (v: number | null) => (v === null ? '-' : `${(100 * v).toFixed(2)}%`);

export function printAnalysis(io: CliIO, a: RunAnalysis): void {
  io.out(`accuracy by review length (tokens, the start mark included; the run's maxLen is ${a.maxLen}):\n`);
  for (const b of a.byLength) io.out(`  ${b.label.padEnd(18)} ${String(b.n).padStart(6)} reviews  accuracy ${pct(b.accuracy)}\n`);
  const c = a.calibration;
  io.out(`calibration: Brier ${c.brier.toFixed(4)}  ECE ${c.ece.toFixed(4)}  MCE ${c.mce.toFixed(4)}  (${c.binning})\n`);
  for (const b of c.bins) {
    const range = `[${b.lower.toFixed(1)}, ${b.upper.toFixed(1)}${b.upper === 1 ? ']' : ')'}`;
    io.out(`  ${range.padEnd(11)} ${String(b.n).padStart(6)} reviews  mean P(positive) ${b.meanPredicted === null ? '-' : b.meanPredicted.toFixed(3)}  positive ${pct(b.positiveRate)}\n`);
  }
}

export function printDisagreements(io: CliIO, d: DisagreementPageResult): void {
  const [a, b] = d.runIds;
  io.out(`by review length (tokens; paired on the same reviews, ${b} − ${a}):\n`);
  for (const k of d.byLength) {
    const q = k.paired;
    io.out(
      `  ${k.label.padEnd(18)} ${String(k.n).padStart(6)} reviews  ${a} ${pct(k.accuracyA)}  ${b} ${pct(k.accuracyB)}` +
        (q ? `  difference ${pct(q.accuracyDiff)} [${pct(q.ci95[0])}, ${pct(q.ci95[1])}]  McNemar p = ${q.pValue.toPrecision(3)}` : '') + '\n',
    );
  }
  io.out(
    `${d.b + d.c} of ${d.n} test reviews classified differently (${a} right ${d.b}, ${b} right ${d.c}); ` +
      `${d.total} match, showing ${d.items.length} from ${d.offset}:\n`,
  );
  for (const it of d.items) {
    io.out(
      `#${it.index}  ${it.label === 1 ? 'positive' : 'negative'}  ${it.length} tokens  P(positive) ${a} ${it.probabilityA.toFixed(3)}, ${b} ${it.probabilityB.toFixed(3)}  ` +
        `right: ${it.right === 'a' ? a : b}\n  ${oneLine(it.text)}\n`,
    );
  }
}
