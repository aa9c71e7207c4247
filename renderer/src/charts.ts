// chart.js set-up shared by every chart: the pieces we use, no animation (charts redraw per frame
// while training), and colours read from the CSS theme so light/dark both read well.
import { THEME_EVENT } from './theme.js';
import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LineController, LineElement,
  LinearScale, LogarithmicScale, PointElement, Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LineController, LineElement, LinearScale, LogarithmicScale, PointElement, Tooltip);
Chart.defaults.animation = false;
Chart.defaults.responsive = true;
Chart.defaults.maintainAspectRatio = false;

export interface Theme {
  fg: string;
  muted: string;
  grid: string;
}

export function theme(): Theme {
  const s = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => s.getPropertyValue(name).trim() || fallback;
  return { fg: v('--fg', '#222'), muted: v('--fg-muted', '#666'), grid: v('--grid', 'rgba(0,0,0,0.1)') };
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
