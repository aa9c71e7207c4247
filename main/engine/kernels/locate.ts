// Finds the built kernel binaries (dist/wasm/*.wasm, written by scripts/build-wasm.mjs) relative to this
// compiled module, so it works from dist/ in the repo, from an installed package and from a packaged app.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of dist/wasm/<file>, or null when it has not been built. RECURRENT_LAB_WASM_DIR overrides. */
export function findWasm(file: string): string | null {
  const override = process.env['RECURRENT_LAB_WASM_DIR'];
  if (override) {
    const p = join(override, file);
    return existsSync(p) ? p : null;
  }
  // dist/main/engine/kernels/ → walk up: …/dist/wasm is found from inside dist/, …/dist/wasm from the root.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const p of [join(dir, 'wasm', file), join(dir, 'dist', 'wasm', file)]) if (existsSync(p)) return p;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}
