// Down-sampling long curves for charts: Largest-Triangle-Three-Buckets keeps the visual shape
// (peaks and dips) with far fewer points. Pure (no DOM): unit-tested under Node.

export interface Series {
  x: number[];
  y: number[];
}

/** Reduces a series to at most `threshold` points (≥ 3); first and last points are always kept. */
export function lttb(s: Series, threshold: number): Series {
  const n = Math.min(s.x.length, s.y.length);
  if (threshold >= n || threshold < 3) return { x: s.x.slice(0, n), y: s.y.slice(0, n) };
  const x: number[] = [s.x[0] as number];
  const y: number[] = [s.y[0] as number];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    // Average of the next bucket: the third corner of the triangle.
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let ax = 0;
    let ay = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      ax += s.x[j] as number;
      ay += s.y[j] as number;
    }
    const cnt = Math.max(1, nextEnd - nextStart);
    ax /= cnt;
    ay /= cnt;
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const px = s.x[a] as number;
    const py = s.y[a] as number;
    let best = -1;
    let pick = start;
    for (let j = start; j < end; j++) {
      const area = Math.abs((px - ax) * ((s.y[j] as number) - py) - (px - (s.x[j] as number)) * (ay - py));
      if (area > best) {
        best = area;
        pick = j;
      }
    }
    x.push(s.x[pick] as number);
    y.push(s.y[pick] as number);
    a = pick;
  }
  x.push(s.x[n - 1] as number);
  y.push(s.y[n - 1] as number);
  return { x, y };
}
