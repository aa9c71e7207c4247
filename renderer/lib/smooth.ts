// Smoothing for noisy per-batch curves: TensorBoard's debiased exponential moving average.
// Pure (no DOM): unit-tested under Node.

/**
 * EMA with weight in [0, 1): 0 = raw, 0.9 = heavy. Debiased (divides by 1 − weight^n) so the curve
 * starts at the first value instead of at zero. Non-finite inputs are passed through and skipped.
 */
export function ema(values: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError('smoothing weight must be in [0, 1)');
  const out = new Array<number>(values.length);
  let acc = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    acc = acc * weight + (1 - weight) * v;
    n++;
    out[i] = weight === 0 ? v : acc / (1 - weight ** n);
  }
  return out;
}
