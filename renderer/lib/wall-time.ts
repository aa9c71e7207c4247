// Positions in fractional epochs (how the lab's curves are logged: epoch − 1 + batch / batches) as training
// time, for a wall-time x axis. The store keeps the cumulative training time at the end of every epoch; inside an
// epoch the batches take about the same time each, so time is interpolated linearly between epoch ends (epoch 0
// ends at 0 ms). Past the last finished epoch (a run still training) the last epoch's pace is carried on.
// Pure (no DOM): unit-tested under Node.

/** Minutes of training at each fractional-epoch position `xs`, from the runs' epoch ends; null without any. */
export function epochsToMinutes(xs: readonly number[], epochEnds: readonly { epoch: number; elapsedMs: number }[]): number[] | null {
  const ends = [...epochEnds].filter((e) => Number.isFinite(e.elapsedMs)).sort((a, b) => a.epoch - b.epoch);
  if (ends.length === 0) return null;
  // Knots (epoch, ms), starting at (0, 0): epochs are whole numbers from 1.
  const knots = [{ epoch: 0, ms: 0 }, ...ends.map((e) => ({ epoch: e.epoch, ms: e.elapsedMs }))];
  return xs.map((x) => {
    let k = 1;
    while (k < knots.length - 1 && (knots[k] as { epoch: number }).epoch < x) k++;
    const a = knots[k - 1] as { epoch: number; ms: number };
    const b = knots[k] as { epoch: number; ms: number };
    const ms = b.epoch === a.epoch ? b.ms : a.ms + ((x - a.epoch) * (b.ms - a.ms)) / (b.epoch - a.epoch);
    return ms / 60_000;
  });
}
