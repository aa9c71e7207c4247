// GRU reset_after=True (Keras' default, absent from tfjs): outputs against a plain float64 implementation of
// the Keras formulas, every gradient against central finite differences of that implementation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WeightTensor } from '../../../main/engine/types.js';
import { assertClose, engineModel, tinyData, tinySpec } from './helpers.js';

/**
 * Keras GRUCell(reset_after=True), float64: z = σ(x·W_z + b_z + h·R_z + rb_z), r likewise,
 * ĥ = tanh(x·W_h + b_h + r ⊙ (h·R_h + rb_h)), h' = z ⊙ h + (1 − z) ⊙ ĥ; padding steps (mask_zero) skipped.
 */
function referenceLogits(w: Map<string, Float64Array>, x: Int32Array, n: number, T: number, E: number, U: number, maskZero: boolean): Float64Array {
  const emb = w.get('embedding/embeddings')!;
  const W = w.get('gru/kernel')!;
  const R = w.get('gru/recurrent_kernel')!;
  const bias = w.get('gru/bias')!;
  const k = w.get('dense/kernel')!;
  const kb = w.get('dense/bias')!;
  const G = 3 * U;
  const out = new Float64Array(n);
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  for (let b = 0; b < n; b++) {
    let h = new Float64Array(U);
    for (let t = 0; t < T; t++) {
      const tok = x[b * T + t]!;
      if (maskZero && tok === 0) continue;
      const xz = new Float64Array(G);
      const rec = new Float64Array(G);
      for (let j = 0; j < G; j++) {
        let a = bias[j]!;
        for (let e = 0; e < E; e++) a += emb[tok * E + e]! * W[e * G + j]!;
        xz[j] = a;
        let r = bias[G + j]!;
        for (let u = 0; u < U; u++) r += h[u]! * R[u * G + j]!;
        rec[j] = r;
      }
      const hn = new Float64Array(U);
      for (let j = 0; j < U; j++) {
        const z = sig(xz[j]! + rec[j]!);
        const r = sig(xz[U + j]! + rec[U + j]!);
        const hh = Math.tanh(xz[2 * U + j]! + r * rec[2 * U + j]!);
        hn[j] = z * h[j]! + (1 - z) * hh;
      }
      h = hn;
    }
    let s = kb[0]!;
    for (let u = 0; u < U; u++) s += h[u]! * k[u]!;
    out[b] = s;
  }
  return out;
}

function meanLoss(logits: Float64Array, y: Float32Array): number {
  let s = 0;
  for (let b = 0; b < logits.length; b++) {
    const z = logits[b]!;
    s += Math.max(z, 0) - z * y[b]! + Math.log1p(Math.exp(-Math.abs(z)));
  }
  return s / logits.length;
}

async function check(maskZero: boolean): Promise<void> {
  const spec = tinySpec({ arch: 'gru', gruResetAfter: true, maskZero });
  const model = engineModel(spec, 3);
  const weights: WeightTensor[] = model.getWeights();
  assert.deepEqual(weights.map((w) => `${w.name}[${w.shape.join(',')}]`), [
    'embedding/embeddings[20,4]', 'gru/kernel[4,9]', 'gru/recurrent_kernel[3,9]', 'gru/bias[2,9]', 'dense/kernel[3,1]', 'dense/bias[1]',
  ]);
  // Non-zero biases so both bias rows matter.
  const bias = weights.find((w) => w.name === 'gru/bias')!;
  bias.data.forEach((_, i) => (bias.data[i] = 0.1 * Math.sin(i + 1)));
  model.setWeights(weights);
  const n = 3;
  const data = tinyData(n, spec.maxLen, spec.numWords, 9, maskZero ? 2 : 0);
  const w64 = new Map(weights.map((w) => [w.name, Float64Array.from(w.data)]));
  const ref = referenceLogits(w64, data.x, n, spec.maxLen, spec.embeddingDim, spec.units, maskZero);
  const probs = (await model.evaluate(data)).probabilities;
  assertClose(probs, Array.from(ref, (z) => 1 / (1 + Math.exp(-z))), 1e-6, 'probabilities');

  const { loss, grads } = model.lossAndGradients(data.x, data.y, n);
  assert.ok(Math.abs(loss - meanLoss(ref, data.y)) < 1e-6);
  const h = 1e-5;
  for (const g of grads) {
    const p = w64.get(g.name)!;
    const fd = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) {
      const v = p[i]!;
      p[i] = v + h;
      const lp = meanLoss(referenceLogits(w64, data.x, n, spec.maxLen, spec.embeddingDim, spec.units, maskZero), data.y);
      p[i] = v - h;
      const lm = meanLoss(referenceLogits(w64, data.x, n, spec.maxLen, spec.embeddingDim, spec.units, maskZero), data.y);
      p[i] = v;
      fd[i] = (lp - lm) / (2 * h);
    }
    assertClose(g.data, fd, 1e-5, `gradient of ${g.name}`);
  }
}

test('GRU reset_after=true: outputs equal the Keras formulas, gradients equal finite differences', () => check(false));
test('GRU reset_after=true with mask_zero: same checks on pre-padded reviews', () => check(true));
