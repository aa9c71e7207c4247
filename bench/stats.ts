// Small measuring helpers shared by the benchmarks.

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Runs fn repeatedly for about budgetMs (at least minReps times) and returns the fastest ms per call: on a
 * machine shared with other work the minimum is the stable estimate of what the code itself costs.
 */
export function timeIt(fn: () => void, budgetMs: number, minReps = 3): number {
  fn(); // warm-up: tiers the wasm/JS up and touches the memory
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minReps || performance.now() - start < budgetMs) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return Math.min(...times);
}
