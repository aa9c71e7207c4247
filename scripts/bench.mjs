// `npm run bench`: the engine per architecture (side by side with the PyTorch peer when its folder is known)
// and the run store at scale, printed as ONE JSON document on stdout. Progress goes to stderr.
// The peer folder comes from RECURRENT_LAB_PEERS, else ../shared/peers beside the checkout when present.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const env = { ...process.env };
if (!env.RECURRENT_LAB_PEERS && existsSync(resolve('..', 'shared', 'peers', 'torch_peer.py'))) {
  env.RECURRENT_LAB_PEERS = resolve('..', 'shared', 'peers');
}

function runJson(args) {
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    return { error: `${args.join(' ')} exited ${r.status} without JSON` };
  }
}

const engine = runJson(['bin/recurrent-lab.js', 'bench', '--json', ...process.argv.slice(2)]);
const store = runJson(['dist/bench/store.js']);
process.stdout.write(JSON.stringify({ engine, store }) + '\n');
process.exitCode = engine.error || store.error ? 1 : 0;
