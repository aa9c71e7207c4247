// The Pareto front of runs by test accuracy (higher is better) and training time (lower is better): the runs
// no other run beats on both. Pure (no DOM): unit-tested under Node.

export interface ParetoPoint {
  accuracy: number;
  timeMs: number;
}

/** Indices of the points on the front, by increasing time. Ties: an equal point does not dominate. */
export function paretoFront(points: readonly ParetoPoint[]): number[] {
  const order = points
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => Number.isFinite(p.accuracy) && Number.isFinite(p.timeMs))
    .sort((a, b) => a.p.timeMs - b.p.timeMs || b.p.accuracy - a.p.accuracy);
  const front: number[] = [];
  let best = -Infinity;
  let bestTime = NaN;
  for (const { p, i } of order) {
    // Faster-or-equal runs seen so far reached `best`; this one is on the front only if it is more accurate,
    // or exactly as accurate in exactly the same time (a tie, which nothing dominates).
    if (p.accuracy > best || (p.accuracy === best && p.timeMs === bestTime)) {
      front.push(i);
      best = p.accuracy;
      bestTime = p.timeMs;
    }
  }
  return front;
}

/** Point radius (px) for a parameter count: area ∝ parameters, between `min` and `max` px over the shown runs. */
export function bubbleRadius(params: number | null, allParams: readonly (number | null)[], min = 4, max = 16): number {
  const finite = allParams.filter((p): p is number => p !== null && Number.isFinite(p) && p > 0);
  if (params === null || !(params > 0) || finite.length === 0) return min;
  const largest = Math.max(...finite);
  return Math.max(min, max * Math.sqrt(params / largest));
}
