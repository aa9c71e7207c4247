// One architecture's model benchmark in its own process (so peak RSS is that architecture's alone).
// Usage: node dist/bench/child.js '<ModelBenchOptions as JSON>'  → prints one ModelBenchResult JSON line.
import { runModelBench, type ModelBenchOptions } from './model.js';

const opts = JSON.parse(process.argv[2] ?? '{}') as ModelBenchOptions;
try {
  const r = await runModelBench(opts);
  process.stdout.write(JSON.stringify(r) + '\n');
} catch (e) {
  process.stdout.write(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }) + '\n');
  process.exitCode = 1;
}
