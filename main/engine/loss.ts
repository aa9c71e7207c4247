// Binary cross-entropy from logits (stable), Keras' accuracy (p > 0.5), and the loss gradient.
// Equal to Keras' binary_crossentropy on sigmoid outputs except for hopelessly wrong predictions, where
// Keras clips probabilities at 1e-7 (loss ≤ 16.1) and we report the exact value.

export interface LossStats {
  lossSum: number;
  correct: number;
}

/** Per-example loss max(z,0) − z·y + log(1 + e^−|z|); writes ∂(scale·Σloss)/∂z into dLogits when given. */
export function bceWithLogits(logits: Float32Array, y: Float32Array, B: number, dLogits: Float32Array | null, scale: number): LossStats {
  let lossSum = 0;
  let correct = 0;
  for (let b = 0; b < B; b++) {
    const z = logits[b]!;
    const t = y[b]!;
    lossSum += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
    if ((z > 0 ? 1 : 0) === (t > 0.5 ? 1 : 0)) correct++;
    if (dLogits) dLogits[b] = (1 / (1 + Math.exp(-z)) - t) * scale;
  }
  return { lossSum, correct };
}
