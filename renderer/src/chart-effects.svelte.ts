// The two effects every chart component needs, written once: make the chart when its canvas is mounted (untracked,
// so it is made once) and feed it each new config its inputs produce. Call during a component's set-up.
import { untrack } from 'svelte';
import { followChart, type ChartConfig, type FollowedChart } from './charts.js';

export interface ChartHandle {
  /** The chart as a PNG data URL ('' before it exists). */
  png(): string;
}

export function chartOn(canvas: () => HTMLCanvasElement | undefined, type: string, config: () => ChartConfig, opts: { dataOnly?: boolean } = {}): ChartHandle {
  let followed: FollowedChart | null = null;
  $effect(() => {
    const el = canvas();
    if (!el) return;
    const f = untrack(() => followChart(el, type, config, opts));
    followed = f;
    return () => {
      f.destroy();
      followed = null;
    };
  });
  $effect(() => {
    const c = config();
    followed?.refresh(c);
  });
  return { png: () => (followed ? followed.chart.toBase64Image('image/png', 1) : '') };
}
