// Shared by the export tests: tiny specs, engine models with seeded weights, temp folders, in-process CLI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TUTORIAL_MODEL, type ModelSpec } from '../../../main/model/spec.js';
import { EngineModel } from '../../../main/engine/model.js';
import { createJsKernels } from '../../../main/engine/kernels/js.js';
import type { Dataset } from '../../../main/engine/types.js';
import type { CliIO } from '../../../main/cli/io.js';

export function tinySpec(over: Partial<ModelSpec>): ModelSpec {
  return { ...TUTORIAL_MODEL, numWords: 30, maxLen: 7, embeddingDim: 5, units: 4, layers: 1, ...over };
}

export function engineModel(spec: ModelSpec, seed = 7): EngineModel {
  return new EngineModel(spec, seed, createJsKernels());
}

/** Deterministic pre-padded id rows (every other row starts with `pad` zeros). */
export function rows(n: number, maxLen: number, numWords: number, seed: number, pad = 2): Dataset {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  const x = new Int32Array(n * maxLen);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < maxLen; t++) x[i * maxLen + t] = i % 2 === 1 && t < pad ? 0 : 1 + (next() % (numWords - 1));
    y[i] = i % 2;
  }
  return { x, y, n, maxLen };
}

export function tempDir(t: { after(fn: () => void): void }, prefix = 'rl-export-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function captureIO(env: NodeJS.ProcessEnv = process.env): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    isTTY: false,
    env,
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
  };
  return io;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return a.length === b.length ? m : Infinity;
}

/** A small word index in Keras' form (word → rank, 1 = most frequent). */
export const WORDS: Record<string, number> = {
  the: 1, and: 2, a: 3, of: 4, to: 5, is: 6, br: 7, in: 8, it: 9, movie: 10, film: 11, good: 12, bad: 13,
  great: 14, "don't": 15, awful: 16, plot: 17, acting: 18, loved: 19, boring: 20, superb: 21, waste: 22, time: 23,
  cast: 24, ending: 25, 'café': 26, rare: 40,
};
