// Builds the engine's WebAssembly SIMD kernels from their AssemblyScript sources in the repo
// (main/engine/kernels/wasm/*.as) into dist/wasm/*.wasm with -O3, SIMD and threads (shared imported memory).
// The sources use a .as extension so tsc (which compiles main/**/*.ts for Node) never sees them.
// A source with a `FMA-VARIANT:` line is built twice: as is (SIMD128 mul+add) and as <name>-fma.wasm with
// that line replaced by its comment (relaxed-SIMD fused multiply-add), which the loader picks where the
// runtime validates relaxed SIMD.
// Usage: node scripts/build-wasm.mjs [--wat]   (--wat also writes the text format next to each binary)
import { readFile, writeFile, mkdir, readdir } from 'node:fs/promises';
import { join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = fileURLToPath(new URL('..', import.meta.url));
const srcDir = join(root, 'main/engine/kernels/wasm');
const outDir = join(root, 'dist/wasm');
const wantWat = process.argv.includes('--wat');

// The memory is created by JS (shared, growable without detaching views) and imported; the JS side owns all
// allocation, so the module needs no runtime beyond the stub and no assertions.
const options = {
  optimizeLevel: 3,
  shrinkLevel: 0,
  noAssert: true,
  runtime: 'stub',
  importMemory: true,
  sharedMemory: true,
  initialMemory: 1,
  maximumMemory: 65536,
  enable: ['simd', 'threads'],
};

const sources = (await readdir(srcDir)).filter((f) => f.endsWith('.as')).sort();
if (sources.length === 0) throw new Error(`build-wasm: no .as sources in ${srcDir}`);
await mkdir(outDir, { recursive: true });
const FMA_LINE = /^(.*?)(\S.*?)\s*\/\/ FMA-VARIANT: (.*)$/m;

async function build(name, text, opts) {
  const { binary, text: wat, error, stderr } = await asc.compileString({ [`${name}.ts`]: text }, opts);
  if (error || !binary) {
    process.stderr.write(stderr.toString());
    throw new Error(`build-wasm: ${name} failed to compile: ${error?.message ?? 'no output'}`);
  }
  await writeFile(join(outDir, `${name}.wasm`), binary);
  if (wantWat && wat) await writeFile(join(outDir, `${name}.wat`), wat);
  console.log(`build-wasm: → dist/wasm/${name}.wasm (${binary.length} bytes)`);
}

for (const file of sources) {
  const name = basename(file, '.as');
  const text = await readFile(join(srcDir, file), 'utf8');
  await build(name, text, options);
  if (FMA_LINE.test(text)) {
    const fma = text.replace(FMA_LINE, (_m, indent, _plain, variant) => indent + variant);
    await build(`${name}-fma`, fma, { ...options, enable: [...options.enable, 'relaxed-simd'] });
  }
}
