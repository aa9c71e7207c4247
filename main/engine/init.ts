// Keras-identical weight initialisers (same distributions as keras.initializers; the draws come from our Rng).
import type { Rng } from './rng.js';

/** RandomUniform(lo, hi). */
export function fillUniform(a: Float32Array, rng: Rng, lo: number, hi: number): void {
  for (let i = 0; i < a.length; i++) a[i] = lo + (hi - lo) * rng.uniform();
}

/** glorot_uniform for a [fanIn, fanOut] kernel: U(±sqrt(6 / (fanIn + fanOut))). */
export function fillGlorotUniform(a: Float32Array, rng: Rng, fanIn: number, fanOut: number): void {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  fillUniform(a, rng, -limit, limit);
}

/**
 * orthogonal (gain 1) for a rows×cols matrix, like keras.initializers.Orthogonal: QR of a
 * max(r,c)×min(r,c) standard-normal matrix, Q's columns sign-corrected by sign(diag(R)), transposed when
 * rows < cols. Gram-Schmidt (in float64) yields exactly the QR with a positive diagonal, i.e. the
 * sign-corrected Q.
 */
export function fillOrthogonal(out: Float32Array, rng: Rng, rows: number, cols: number): void {
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  // a: m×n, column-major for convenient column operations.
  const a = new Float64Array(m * n);
  // Draw row-major like numpy's normal(flat_shape) so the layout matches Keras' reasoning.
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[j * m + i] = rng.normal();
  for (let j = 0; j < n; j++) {
    // Two passes of modified Gram-Schmidt for numerical orthogonality.
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += a[k * m + i]! * a[j * m + i]!;
        for (let i = 0; i < m; i++) a[j * m + i]! -= dot * a[k * m + i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += a[j * m + i]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) a[j * m + i]! /= norm;
  }
  // Q is m×n (column j = a[j*m ..]). Result rows×cols row-major: Q itself when rows ≥ cols, else Qᵀ.
  if (rows >= cols) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = a[j * m + i]!;
  } else {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = a[i * m + j]!;
  }
}
