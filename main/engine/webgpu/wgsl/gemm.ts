// Tiled GEMM: C = alpha·op(A)·op(B) + beta·C over row-major buffers with leading dimensions and offsets
// (in floats). M or K may come from the step's dynamic parameters (the batch's distinct-token count),
// so one recorded dispatch serves every batch. 64×64 output tiles, 16-deep K slices in workgroup memory,
// 16×16 threads computing 4×4 outputs each; loads are laid out so neighbouring threads read neighbouring
// addresses for either transpose. Split-K (splits > 1): the weight gradients are products with a long K
// (every position of the batch) and a small output, i.e. few tiles; each workgroup z then sums one slice
// of K into its own partial [M, N] block, and GEMM_REDUCE_WGSL adds the slices into C.
export const GEMM_TILE = 64;

/** Uniform layout (16 × u32) — keep in step with GemmParams in ops.ts. */
export const GEMM_WGSL = /* wgsl */ `
struct P {
  M: u32, N: u32, K: u32, lda: u32,
  ldb: u32, ldc: u32, offA: u32, offB: u32,
  offC: u32, transA: u32, transB: u32, mIdx: u32,
  kIdx: u32, alpha: f32, beta: f32, splits: u32,
}
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> Bm: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;
@group(0) @binding(4) var<storage, read> dyn: array<u32>;

var<workgroup> As: array<f32, 1024>; // [16 k][64 m]
var<workgroup> Bs: array<f32, 1024>; // [16 k][64 n]
var<workgroup> dims: vec2u;

fn a_at(m: u32, k: u32) -> f32 {
  if (p.transA == 0u) { return A[p.offA + m * p.lda + k]; }
  return A[p.offA + k * p.lda + m];
}
fn b_at(k: u32, n: u32) -> f32 {
  if (p.transB == 0u) { return Bm[p.offB + k * p.ldb + n]; }
  return Bm[p.offB + n * p.ldb + k];
}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let tid = lid.y * 16u + lid.x;
  if (tid == 0u) {
    var M = p.M;
    if (p.mIdx != 0xffffffffu) { M = dyn[p.mIdx]; }
    var K = p.K;
    if (p.kIdx != 0xffffffffu) { K = dyn[p.kIdx]; }
    dims = vec2u(M, K);
  }
  let d = workgroupUniformLoad(&dims);
  let M = d.x;
  let K = d.y;
  let row0 = wg.y * 64u;
  let col0 = wg.x * 64u;
  // This workgroup's slice of K (all of it without split-K), in whole 16-deep steps.
  let per = ((K + p.splits - 1u) / p.splits + 15u) / 16u * 16u;
  let kBegin = min(K, wg.z * per);
  let kEnd = min(K, kBegin + per);
  var acc: array<f32, 16>;
  for (var i = 0u; i < 16u; i++) { acc[i] = 0.0; }
  for (var k0 = kBegin; k0 < kEnd; k0 += 16u) {
    for (var i = 0u; i < 4u; i++) {
      let e = tid + i * 256u;
      var kk: u32; var mm: u32;
      if (p.transA == 0u) { kk = e % 16u; mm = e / 16u; } else { mm = e % 64u; kk = e / 64u; }
      let gm = row0 + mm;
      let gk = k0 + kk;
      var v = 0.0;
      if (gm < M && gk < kEnd) { v = a_at(gm, gk); }
      As[kk * 64u + mm] = v;
      var nn: u32;
      if (p.transB == 0u) { nn = e % 64u; kk = e / 64u; } else { kk = e % 16u; nn = e / 16u; }
      let gn = col0 + nn;
      let gk2 = k0 + kk;
      var w = 0.0;
      if (gn < p.N && gk2 < kEnd) { w = b_at(gk2, gn); }
      Bs[kk * 64u + nn] = w;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < 16u; kk++) {
      let a0 = As[kk * 64u + lid.y * 4u];
      let a1 = As[kk * 64u + lid.y * 4u + 1u];
      let a2 = As[kk * 64u + lid.y * 4u + 2u];
      let a3 = As[kk * 64u + lid.y * 4u + 3u];
      for (var j = 0u; j < 4u; j++) {
        let b = Bs[kk * 64u + lid.x * 4u + j];
        acc[j] = fma(a0, b, acc[j]);
        acc[4u + j] = fma(a1, b, acc[4u + j]);
        acc[8u + j] = fma(a2, b, acc[8u + j]);
        acc[12u + j] = fma(a3, b, acc[12u + j]);
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    let gm = row0 + lid.y * 4u + i;
    if (gm >= M) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let gn = col0 + lid.x * 4u + j;
      if (gn >= p.N) { continue; }
      if (p.splits > 1u) {
        C[(wg.z * M + gm) * p.N + gn] = acc[i * 4u + j]; // this slice's partial
        continue;
      }
      let idx = p.offC + gm * p.ldc + gn;
      var v = p.alpha * acc[i * 4u + j];
      if (p.beta != 0.0) { v = v + p.beta * C[idx]; }
      C[idx] = v;
    }
  }
}
`;

/** C[offC + m·ldc + n] = alpha·Σ_z part[z][m][n] + beta·C — the slices of a split-K GEMM added up. */
export const GEMM_REDUCE_WGSL = /* wgsl */ `
struct P { M: u32, N: u32, ldc: u32, offC: u32, splits: u32, alpha: f32, beta: f32, _a: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> part: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let total = p.M * p.N;
  for (var i = g.x; i < total; i += nw.x * 256u) {
    var s = 0.0;
    for (var z = 0u; z < p.splits; z++) { s += part[z * total + i]; }
    let idx = p.offC + (i / p.N) * p.ldc + i % p.N;
    var v = p.alpha * s;
    if (p.beta != 0.0) { v = v + p.beta * C[idx]; }
    C[idx] = v;
  }
}
`;
