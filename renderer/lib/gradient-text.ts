// What the gradient lens's chart shows, in words: for each curve, how far ‖∂L/∂h_t‖ falls from the last
// timestep back to the earliest one it still reaches (orders of magnitude), so the text describes the
// user's own runs rather than what "typically" happens. Pure: unit-tested.

export interface NormCurve {
  label: string;
  /** ‖∂L/∂h_t‖ by timestep t = 1..T (0 or missing where nothing flows back). */
  norms: number[];
}

export interface CurveFall {
  label: string;
  /** log10(last / first) of the positive norms: how many orders of magnitude it falls back in time. */
  orders: number;
}

/** How many orders of magnitude each curve falls from its last to its first positive timestep. */
export function falls(curves: readonly NormCurve[]): CurveFall[] {
  const out: CurveFall[] = [];
  for (const c of curves) {
    const pos = c.norms.filter((v) => v > 0 && Number.isFinite(v));
    if (pos.length < 2) continue;
    out.push({ label: c.label, orders: Math.log10(pos[pos.length - 1]! / pos[0]!) });
  }
  return out;
}

/** One sentence per curve: "LSTM (lstm): falls 3.2 orders of magnitude …" or "stays within …". */
export function describeFalls(fs: readonly CurveFall[]): string[] {
  return fs.map((f) =>
    f.orders >= 1
      ? `${f.label}: falls ${f.orders.toFixed(1)} orders of magnitude from the last timestep to the first — the early words barely reach the loss.`
      : f.orders <= -1
        ? `${f.label}: grows ${(-f.orders).toFixed(1)} orders of magnitude towards the first timestep.`
        : `${f.label}: stays within one order of magnitude across the sequence — the early words still reach the loss.`,
  );
}
