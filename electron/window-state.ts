// Remembers the window's size and position in a small JSON file in userData; ignores a broken file and
// a position that is no longer on any screen (an unplugged monitor).
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { makeDirSync } from '../main/dirs.js';

const boundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20000),
  height: z.number().int().min(200).max(20000),
  maximized: z.boolean().default(false),
});
export type WindowBounds = z.infer<typeof boundsSchema>;

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function loadBounds(file: string): WindowBounds | null {
  try {
    const r = boundsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export function saveBounds(file: string, b: WindowBounds): void {
  makeDirSync(dirname(file), 'the settings folder');
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(b));
  renameSync(tmp, file); // atomic: a crash never leaves half a file
}

/** The saved bounds if at least 100×50 px of the title area is visible on some display, else null. */
export function visibleBounds(b: WindowBounds | null, displays: Area[]): WindowBounds | null {
  if (!b) return null;
  const ok = displays.some((d) => {
    const w = Math.min(b.x + b.width, d.x + d.width) - Math.max(b.x, d.x);
    const h = Math.min(b.y + 50, d.y + d.height) - Math.max(b.y, d.y);
    return w >= 100 && h >= 50;
  });
  return ok ? b : null;
}
