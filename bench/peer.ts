// The PyTorch CPU peer (torch_peer.py from the folder named by RECURRENT_LAB_PEERS), run right next to our
// own benchmark so the two are compared as a ratio on the same, noisy, machine.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Architecture } from '../main/model/spec.js';

const PYTHON = '/usr/bin/python3'; // Debian's python, the one with python3-torch

/** torch_peer.py's names for our architectures. */
export const TORCH_ARCH: Record<Architecture, string> = {
  rnn: 'rnn',
  lstm: 'lstm',
  gru: 'gru',
  bilstm: 'bilstm',
  'stacked-lstm': 'stacked',
};

export interface PeerResult {
  torchMsPerStep: number;
  torchInferMsBatch64: number | null;
  torchThreads: number;
  blas: string;
}

/** The peer script's path, or null when RECURRENT_LAB_PEERS is unset or python/torch_peer.py is missing. */
export function peerScript(env: NodeJS.ProcessEnv): string | null {
  const dir = env['RECURRENT_LAB_PEERS'];
  if (!dir) return null;
  const script = join(dir, 'torch_peer.py');
  return existsSync(script) && existsSync(PYTHON) ? script : null;
}

/**
 * Runs the peer for one architecture on `threads` torch threads (OpenBLAS single-threaded, as documented).
 * `flushDenormals` runs the same script after torch.set_flush_denormal(True): on these CPUs the stock peer's
 * backward pass crawls through float32 subnormals (tens of times slower), which our engine flushes itself,
 * so the tuned peer is the fair opponent and both are reported.
 */
export function runTorchPeer(script: string, arch: Architecture, threads: number, flushDenormals = false): PeerResult | { error: string } {
  const argv = [script, TORCH_ARCH[arch], String(threads)];
  const args = flushDenormals
    ? ['-c', `import sys, torch; torch.set_flush_denormal(True); sys.argv = ${JSON.stringify(argv)}; exec(compile(open(sys.argv[0]).read(), sys.argv[0], 'exec'))`]
    : argv;
  const res = spawnSync(PYTHON, args, {
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
  });
  const out = `${res.stdout ?? ''}`;
  const ms = /train_ms_per_step=([\d.]+)/.exec(out);
  if (res.status !== 0 || !ms) {
    const why = res.error?.message ?? (`${res.stderr ?? ''}`.trim().split('\n').pop() || `exit ${res.status}`);
    return { error: `torch peer failed: ${why}` };
  }
  const inf = /infer_ms_batch64=([\d.]+)/.exec(out);
  const th = /threads=(\d+)/.exec(out);
  const blas = /blas=(\S+)/.exec(out);
  return {
    torchMsPerStep: Number(ms[1]),
    torchInferMsBatch64: inf ? Number(inf[1]) : null,
    torchThreads: th ? Number(th[1]) : threads,
    blas: blas ? blas[1]! : 'unknown',
  };
}
