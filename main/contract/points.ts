// Differences of accuracies as people write them — "+0.55", "−1.20" percentage points — shared by the core's
// verdict sentences (main/studies/verdict.ts) and the UI's tables, so both print the same figure.
const MINUS = '\u2212';

/** A difference of proportions in percentage points with its sign: "+0.55", "−1.20", "0.00". */
export function points(diff: number, digits = 2): string {
  const v = (100 * diff).toFixed(digits);
  if (Number(v) === 0) return (0).toFixed(digits);
  return diff > 0 ? `+${v}` : `${MINUS}${v.slice(1)}`;
}
