// One review of load_data's arrays by split and index, with the checks a user-facing caller needs.
import { UserError } from '../errors.js';
import type { ImdbArrays } from './types.js';

export type Split = 'train' | 'test';

export function parseSplit(split: string): Split {
  if (split !== 'train' && split !== 'test') throw new UserError(`unknown split "${split}" (expected train or test)`);
  return split;
}

/** xs[index] and its label; UserError for an unknown split or an index out of range. */
export function sampleReview(arrays: ImdbArrays, split: string, index: number): { split: Split; index: number; label: number; sequence: Int32Array } {
  const s = parseSplit(split);
  const xs = s === 'train' ? arrays.xTrain : arrays.xTest;
  const ys = s === 'train' ? arrays.yTrain : arrays.yTest;
  if (!Number.isInteger(index) || index < 0 || index >= xs.length) {
    throw new UserError(`index ${index} is out of range for the ${s} split (0–${xs.length - 1})`);
  }
  return { split: s, index, label: ys[index]!, sequence: xs[index]! };
}
