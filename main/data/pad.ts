// keras pad_sequences (padding/truncating 'pre'|'post', value) into one flat n × maxLen Int32Array,
// and the engine's Dataset built from load_data's lists.
import { UserError } from '../errors.js';
import type { Dataset } from '../engine/types.js';

export interface PadOptions {
  maxLen: number;
  padding?: 'pre' | 'post';
  truncating?: 'pre' | 'post';
  value?: number;
}

export function padSequences(seqs: ArrayLike<number>[], opts: PadOptions): Int32Array {
  const { maxLen } = opts;
  const padding = opts.padding ?? 'pre';
  const truncating = opts.truncating ?? 'pre';
  const value = opts.value ?? 0;
  if (!Number.isInteger(maxLen) || maxLen < 1) throw new UserError(`maxLen must be a positive integer, got ${maxLen}`);
  if (padding !== 'pre' && padding !== 'post') throw new UserError(`padding must be "pre" or "post", got ${JSON.stringify(padding)}`);
  if (truncating !== 'pre' && truncating !== 'post') throw new UserError(`truncating must be "pre" or "post", got ${JSON.stringify(truncating)}`);
  const out = new Int32Array(seqs.length * maxLen);
  if (value !== 0) out.fill(value);
  for (let i = 0; i < seqs.length; i++) {
    const s = seqs[i]!;
    const len = s.length;
    if (len === 0) continue;
    const k = Math.min(len, maxLen);
    const from = truncating === 'pre' ? len - k : 0; // 'pre' keeps the last maxLen items
    const to = i * maxLen + (padding === 'post' ? 0 : maxLen - k);
    if (s instanceof Int32Array) out.set(s.subarray(from, from + k), to);
    else for (let j = 0; j < k; j++) out[to + j] = s[from + j]!;
  }
  return out;
}

/** Padded (pre/pre, like the tutorial) Dataset of the first `limit` reviews. */
export function toDataset(xs: Int32Array[], ys: Uint8Array, maxLen: number, limit?: number): Dataset {
  if (xs.length !== ys.length) throw new UserError(`${xs.length} sequences but ${ys.length} labels`);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new UserError(`limit must be a non-negative integer, got ${limit}`);
  const n = Math.min(limit ?? xs.length, xs.length);
  const x = padSequences(n === xs.length ? xs : xs.slice(0, n), { maxLen });
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = ys[i]!;
  return { x, y, n, maxLen };
}
