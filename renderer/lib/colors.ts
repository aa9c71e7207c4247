// Colours that carry meaning: one stable colour per run, and word contributions (green = pushes
// towards positive, red = towards negative). Pure (no DOM): unit-tested under Node.

/** Colour-blind-friendly palette (Okabe–Ito, plus extras), cycled by index. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#8c6d31', '#7f7f7f', '#F0E442', '#1b9e77'];

export function runColor(index: number): string {
  const n = PALETTE.length;
  return PALETTE[((index % n) + n) % n] as string;
}

/**
 * One colour per run for the whole session: a run keeps the colour it was first shown with on every screen
 * (monitor, compare, gradients), and new runs take the palette in order, so runs first shown together
 * differ while the palette lasts.
 */
export class RunColors {
  private readonly byId = new Map<string, string>();

  of(id: string): string {
    let c = this.byId.get(id);
    if (c === undefined) {
      c = runColor(this.byId.size);
      this.byId.set(id, c);
    }
    return c;
  }
}

/** The session's run colours, shared by every screen. */
export const runColors = new RunColors();

/** Background for a word with contribution c (probability change), scaled by the largest |c| shown. */
export function contributionColor(c: number | null, maxAbs: number): string {
  if (c === null || !Number.isFinite(c) || !(maxAbs > 0) || c === 0) return 'transparent';
  const a = Math.min(1, Math.abs(c) / maxAbs) * 0.75;
  const alpha = Math.round(a * 1000) / 1000;
  return c > 0 ? `rgba(0, 158, 115, ${alpha})` : `rgba(213, 94, 0, ${alpha})`;
}

/** Hex "#rrggbb" with alpha → "rgba(r, g, b, a)" (for faint raw curves under smoothed ones). */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  return `rgba(${parseInt(m[1] as string, 16)}, ${parseInt(m[2] as string, 16)}, ${parseInt(m[3] as string, 16)}, ${alpha})`;
}
