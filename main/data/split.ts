// Keras' validation_split on a Dataset: the last fraction of the rows, taken before any shuffling, held out
// for validation (train_validation_split in keras/src/trainers/data_adapters/data_adapter_utils.py).
import { UserError } from '../errors.js';
import type { Dataset } from '../engine/types.js';
import { validationSplitAt } from '../model/spec.js';

/** The first floor(n × (1 − split)) rows to train on and the rest to validate on (copies). */
export function splitForValidation(data: Dataset, split: number): { train: Dataset; val: Dataset } {
  let at: number;
  try {
    at = validationSplitAt(data.n, split);
  } catch (e) {
    throw new UserError(e instanceof Error ? e.message : String(e));
  }
  const { maxLen } = data;
  const part = (from: number, to: number): Dataset => ({
    x: data.x.slice(from * maxLen, to * maxLen), y: data.y.slice(from, to), n: to - from, maxLen,
  });
  return { train: part(0, at), val: part(at, data.n) };
}
