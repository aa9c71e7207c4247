// Dataset statistics for the UI and `data info`: counts per split and label, review lengths (histogram, mean,
// median), the OOV rate a given num_words implies, and the share of reviews a given maxlen truncates.
// Lengths and rates are over train and test together.
import { UserError } from '../errors.js';
import type { ImdbArrays } from './types.js';

export interface DatasetStats {
  counts: { train: { pos: number; neg: number }; test: { pos: number; neg: number } };
  lengthHistogram: { binEdges: number[]; counts: number[] };
  meanLength: number;
  medianLength: number;
  /** Share of word tokens (the start char excluded) that are out of vocabulary for numWords. */
  oovRate: number;
  /** Share of reviews longer than maxLen (padSequences cuts them). */
  truncatedShare: number;
}

const NICE = [1, 2, 5];

function niceWidth(raw: number): number {
  let scale = 1;
  for (;;) {
    for (const n of NICE) if (n * scale >= raw) return n * scale;
    scale *= 10;
  }
}

export function datasetStats(arrays: ImdbArrays, opts: { numWords: number; maxLen: number }): DatasetStats {
  if (!Number.isInteger(opts.numWords) || opts.numWords < 4) throw new UserError(`numWords must be an integer ≥ 4, got ${opts.numWords}`);
  if (!Number.isInteger(opts.maxLen) || opts.maxLen < 1) throw new UserError(`maxLen must be a positive integer, got ${opts.maxLen}`);
  const startChar = arrays.options?.startChar ?? 1;
  const oovChar = arrays.options?.oovChar ?? 2;
  const count = (ys: Uint8Array): { pos: number; neg: number } => {
    let pos = 0;
    for (let i = 0; i < ys.length; i++) pos += ys[i]!;
    return { pos, neg: ys.length - pos };
  };
  const all = [...arrays.xTrain, ...arrays.xTest];
  const lengths = new Int32Array(all.length);
  let words = 0;
  let oov = 0;
  let truncated = 0;
  let sum = 0;
  for (let i = 0; i < all.length; i++) {
    const x = all[i]!;
    lengths[i] = x.length;
    sum += x.length;
    if (x.length > opts.maxLen) truncated++;
    for (let j = x[0] === startChar ? 1 : 0; j < x.length; j++) {
      const w = x[j]!;
      words++;
      if (w >= opts.numWords || w === oovChar) oov++;
    }
  }
  const sorted = lengths.slice().sort();
  const n = sorted.length;
  const median = n === 0 ? 0 : n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const maxLength = n === 0 ? 0 : sorted[n - 1]!;
  const width = niceWidth(Math.max(1, Math.ceil((maxLength + 1) / 25)));
  const bins = Math.max(1, Math.ceil((maxLength + 1) / width));
  const binEdges = Array.from({ length: bins + 1 }, (_, k) => k * width);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor(lengths[i]! / width))]!++;
  return {
    counts: { train: count(arrays.yTrain), test: count(arrays.yTest) },
    lengthHistogram: { binEdges, counts },
    meanLength: n === 0 ? 0 : sum / n,
    medianLength: median,
    oovRate: words === 0 ? 0 : oov / words,
    truncatedShare: n === 0 ? 0 : truncated / n,
  };
}
