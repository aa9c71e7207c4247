// Small statistics for seed groups (mean ± spread; bands over curves: bands.ts). Pure (no DOM): unit-tested under Node.

/** Mean and sample standard deviation of the finite values (std 0 for one value; null for none). */
export function meanStd(values: readonly (number | null | undefined)[]): { mean: number; std: number; n: number } | null {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (v.length === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  if (v.length === 1) return { mean, std: 0, n: 1 };
  const varSum = v.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, std: Math.sqrt(varSum / (v.length - 1)), n: v.length };
}
