// One architecture's model benchmark in its own process (so peak RSS is that architecture's alone).
// Usage: node dist/bench/child.js '<ModelBenchOptions as JSON>'  → prints one ModelBenchResult JSON line;
// with "peer": "tfjs-wasm" in the options, the TF.js wasm peer's TfjsWasmResult instead.
import { runModelBench, type ModelBenchOptions } from './model.js';

const opts = JSON.parse(process.argv[2] ?? '{}') as ModelBenchOptions & { peer?: 'tfjs-wasm' };
try {
  const r = opts.peer === 'tfjs-wasm' ? await (await import('./tfjs-wasm.js')).runTfjsWasmBench(opts) : await runModelBench(opts);
  process.stdout.write(JSON.stringify(r) + '\n');
} catch (e) {
  process.stdout.write(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }) + '\n');
  process.exitCode = 1;
}
