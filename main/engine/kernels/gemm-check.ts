// Argument checks shared by every sgemm implementation: a wrong stride or a short array must fail loudly
// here, not read or overwrite neighbouring buffers inside wasm memory.

/** Elements an M×N row-major matrix with row stride ld spans (0 when empty). */
export function extent(rows: number, cols: number, ld: number): number {
  return rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
}

export function checkGemm(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: Float32Array, lda: number, B: Float32Array, ldb: number,
  C: Float32Array, ldc: number, beta: number,
): void {
  // Called once per product, often per timestep: no allocation on the happy path.
  dim('M', M); dim('N', N); dim('K', K); dim('lda', lda); dim('ldb', ldb); dim('ldc', ldc);
  if (beta !== 0 && beta !== 1) throw new RangeError(`sgemm: beta must be 0 or 1, got ${beta}`);
  const [ar, ac] = transA ? [K, M] : [M, K];
  const [br, bc] = transB ? [N, K] : [K, N];
  matrix('A', A, ar, ac, lda);
  matrix('B', B, br, bc, ldb);
  matrix('C', C, M, N, ldc);
}

function dim(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`sgemm: ${name} must be a non-negative integer, got ${v}`);
}

function matrix(name: string, X: Float32Array, rows: number, cols: number, ld: number): void {
  if (rows > 1 && ld < cols) throw new RangeError(`sgemm: ld${name.toLowerCase()}=${ld} is less than the ${cols} columns of ${name}`);
  const need = extent(rows, cols, ld);
  if (X.length < need) throw new RangeError(`sgemm: ${name} has ${X.length} elements, needs ${need} (${rows}×${cols}, ld ${ld})`);
}
