// Builds the Svelte renderer with Vite into dist/renderer (index.html + assets/), served by `serve`
// and loaded by Electron. Only our own outputs are replaced: tsc also emits dist/renderer/lib/*.js
// (the pure modules the node unit tests import), so the folder itself is not emptied.
import { build } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../renderer', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/renderer', import.meta.url));
rmSync(join(outDir, 'assets'), { recursive: true, force: true });
rmSync(join(outDir, 'index.html'), { force: true });

await build({
  configFile: false,
  root,
  base: './',
  logLevel: 'warn',
  // emitCss: component styles go to an external .css file (Svelte's css: 'external'), never a <style> the
  // CSP (style-src 'self', no 'unsafe-inline') would block.
  plugins: [svelte({ emitCss: true, compilerOptions: { runes: true, css: 'external' } })],
  build: {
    outDir,
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
    // Svelte's compile step dominates a 3 s build; rolldown's timing report about it is noise here.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
console.log(`build-renderer: built ${outDir}`);
