// Shared helpers for the engine tests: tiny specs, deterministic data, array comparison.
import assert from 'node:assert/strict';
import { TUTORIAL_MODEL, type ModelSpec } from '../../../main/model/spec.js';
import { EngineModel } from '../../../main/engine/model.js';
import { createJsKernels } from '../../../main/engine/kernels/js.js';
import type { Dataset } from '../../../main/engine/types.js';

export function tinySpec(over: Partial<ModelSpec>): ModelSpec {
  return { ...TUTORIAL_MODEL, numWords: 20, maxLen: 5, embeddingDim: 4, units: 3, layers: 1, ...over };
}

export function engineModel(spec: ModelSpec, seed = 7): EngineModel {
  return new EngineModel(spec, seed, createJsKernels());
}

/** Deterministic pseudo-random reviews; `pad` leading positions are 0 (Keras 'pre' padding) in every other row. */
export function tinyData(n: number, T: number, vocab: number, seed: number, pad = 0): Dataset {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
  const x = new Int32Array(n * T);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) x[i * T + t] = i % 2 === 1 && t < pad ? 0 : 1 + (next() % (vocab - 1));
    y[i] = next() % 2;
  }
  return { x, y, n, maxLen: T };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, 'length mismatch');
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  const d = maxAbsDiff(a, b);
  assert.ok(d <= tol, `${what}: max |diff| ${d.toExponential(3)} > ${tol}`);
}
