// Validation of datasets handed to the engine: shapes, token ids within the vocabulary, 0/1 labels.
import type { ModelSpec } from '../model/spec.js';
import { UserError } from '../errors.js';
import type { Dataset } from './types.js';

export function checkTokens(x: Int32Array, n: number, spec: ModelSpec, what: string): void {
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${what}: needs at least one review (n = ${n})`);
  if (x.length !== n * spec.maxLen) {
    throw new UserError(`${what}: x has ${x.length} values, expected n × maxLen = ${n} × ${spec.maxLen}`);
  }
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v < 0 || v >= spec.numWords) {
      throw new UserError(`${what}: token id ${v} at review ${Math.floor(i / spec.maxLen)} is outside [0, ${spec.numWords})`);
    }
  }
}

export function checkDataset(d: Dataset, spec: ModelSpec, what: string): void {
  if (d.maxLen !== spec.maxLen) throw new UserError(`${what}: sequences have length ${d.maxLen}, the model expects maxLen ${spec.maxLen}`);
  checkTokens(d.x, d.n, spec, what);
  if (d.y.length !== d.n) throw new UserError(`${what}: y has ${d.y.length} labels for ${d.n} reviews`);
  for (let i = 0; i < d.n; i++) {
    const v = d.y[i]!;
    if (v !== 0 && v !== 1) throw new UserError(`${what}: label ${v} at review ${i} is not 0 or 1`);
  }
}
