// chart.js set-up shared by every chart: the pieces we use, no animation (charts redraw per frame
// while training), and colours read from the CSS theme so light/dark both read well.
import { THEME_EVENT } from './theme.js';
import {
  BarController, BarElement, BubbleController, CategoryScale, Chart, Filler, Legend, LineController, LineElement,
  LinearScale, LogarithmicScale, PointElement, Tooltip,
} from 'chart.js';
// Bars with confidence whiskers (test accuracy of seed groups): the well-kept plugin rather than hand-drawn canvas.
import { BarWithErrorBar, BarWithErrorBarsController } from 'chartjs-chart-error-bars';

Chart.register(
  BarController, BarElement, BubbleController, CategoryScale, Filler, Legend, LineController, LineElement, LinearScale, LogarithmicScale,
  PointElement, Tooltip, BarWithErrorBar, BarWithErrorBarsController,
);
Chart.defaults.animation = false;
Chart.defaults.responsive = true;
Chart.defaults.maintainAspectRatio = false;

export interface Theme {
  fg: string;
  muted: string;
  grid: string;
}

export function theme(): Theme {
  // The variables hold light-dark(…) pairs, which only a colour property resolves (for the color-scheme in
  // force): read each through a probe element rather than as the variable's text.
  const probe = document.createElement('span');
  probe.hidden = true;
  document.body.append(probe);
  const v = (name: string, fallback: string) => {
    probe.style.color = `var(${name}, ${fallback})`;
    return getComputedStyle(probe).color || fallback;
  };
  const t = { fg: v('--fg', '#222'), muted: v('--fg-muted', '#666'), grid: v('--grid', 'rgba(0,0,0,0.1)') };
  probe.remove();
  return t;
}

/** Calls back when the OS switches light/dark or the user picks a theme, so charts can re-read their colours. */
export function onThemeChange(cb: () => void): () => void {
  const mq = matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', cb);
  window.addEventListener(THEME_EVENT, cb);
  return () => {
    mq.removeEventListener('change', cb);
    window.removeEventListener(THEME_EVENT, cb);
  };
}

export { Chart };

export interface ChartConfig {
  data: unknown;
  options: unknown;
}

export interface FollowedChart {
  chart: Chart;
  /** Feeds the chart a new config (its data, and its options unless made with dataOnly). */
  refresh(c: ChartConfig): void;
  destroy(): void;
}

/**
 * A chart.js chart made once on `canvas` from `config()`, redrawn with the theme's colours when the OS or the user
 * switches light/dark. Make it untracked in one effect and `refresh()` it from another that reads the inputs: made
 * again on every input change, two charts raced for the canvas. `dataOnly`: refreshes keep the first options.
 */
export function followChart(canvas: HTMLCanvasElement, type: string, config: () => ChartConfig, opts: { dataOnly?: boolean } = {}): FollowedChart {
  const chart = new Chart(canvas, { type, ...(config() as object) } as never);
  const apply = (c: ChartConfig, options: boolean) => {
    chart.data = c.data as never;
    if (options) chart.options = c.options as never;
    chart.update('none');
  };
  const off = onThemeChange(() => apply(config(), true));
  return {
    chart,
    refresh: (c) => apply(c, !opts.dataOnly),
    destroy: () => {
      off();
      chart.destroy();
    },
  };
}
