// Small data-movement kernels: gathers and folds over the batch's distinct tokens, column sums (bias
// gradients), a transpose, dropout masks and sums of squares. All loop grid-stride over a 1-D dispatch,
// so any size fits the per-dimension workgroup limit. Sizes with an index other than NONE come from the
// step's dynamic parameters (dyn), written per batch.
/** The step of a grid-stride loop over a 1-D dispatch of 256-thread workgroups (gpu-kit.ts `groups`). */
export const GRID_STRIDE_WGSL = /* wgsl */ `
fn stride(nw: vec3u) -> u32 { return nw.x * 256u; }
`;

const HEAD = GRID_STRIDE_WGSL + /* wgsl */ `
const NONE = 0xffffffffu;
`;

/** out[r] = src[row(r)] for r < rows: row = uniq[r] (mode 0) or uniq[slot[r]] (mode 1); optional dropout. */
export const GATHER_WGSL = HEAD + /* wgsl */ `
struct P { rows: u32, D: u32, mode: u32, rowsIdx: u32, maskOn: u32, scale: f32, _a: u32, _b: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<storage, read> slot: array<u32>;
@group(0) @binding(4) var<storage, read> uniq: array<u32>;
@group(0) @binding(5) var<storage, read> dyn: array<u32>;
@group(0) @binding(6) var<storage, read> mask: array<u32>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  var rows = p.rows;
  if (p.rowsIdx != NONE) { rows = dyn[p.rowsIdx]; }
  let total = rows * p.D;
  for (var i = g.x; i < total; i += stride(nw)) {
    let r = i / p.D;
    let e = i % p.D;
    var row = uniq[r];
    if (p.mode == 1u) { row = uniq[slot[r]]; }
    var v = src[row * p.D + e];
    if (p.maskOn != 0u) {
      if (((mask[i >> 5u] >> (i & 31u)) & 1u) == 0u) { v = 0.0; } else { v = v * p.scale; }
    }
    out[i] = v;
  }
}
`;

/** out[target(u)] = Σ src[pos[q]] for q in off[u]..off[u+1]: target u (mode 0) or uniq[u] (mode 1). */
export const SEGMENT_SUM_WGSL = HEAD + /* wgsl */ `
struct P { W: u32, mode: u32, countIdx: u32, _a: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<storage, read> off: array<u32>;
@group(0) @binding(4) var<storage, read> pos: array<u32>;
@group(0) @binding(5) var<storage, read> uniq: array<u32>;
@group(0) @binding(6) var<storage, read> dyn: array<u32>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let count = dyn[p.countIdx];
  let total = count * p.W;
  for (var i = g.x; i < total; i += stride(nw)) {
    let u = i / p.W;
    let e = i % p.W;
    var s = 0.0;
    for (var q = off[u]; q < off[u + 1u]; q++) { s += src[pos[q] * p.W + e]; }
    var row = u;
    if (p.mode == 1u) { row = uniq[u]; }
    out[row * p.W + e] = s;
  }
}
`;

/** out[uniq[u]] = src[u] for u < count (rows of width W). */
export const SCATTER_WGSL = HEAD + /* wgsl */ `
struct P { W: u32, countIdx: u32, _a: u32, _b: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<storage, read> uniq: array<u32>;
@group(0) @binding(4) var<storage, read> dyn: array<u32>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let total = dyn[p.countIdx] * p.W;
  for (var i = g.x; i < total; i += stride(nw)) {
    out[uniq[i / p.W] * p.W + i % p.W] = src[i];
  }
}
`;

/** out[offOut + j] = Σ_{r<rows} src[offSrc + r·ld + j] for j < N (bias gradients). */
export const COLSUM_WGSL = HEAD + /* wgsl */ `
struct P { N: u32, rows: u32, ld: u32, offSrc: u32, offOut: u32, rowsIdx: u32, _a: u32, _b: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<storage, read> dyn: array<u32>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  var rows = p.rows;
  if (p.rowsIdx != NONE) { rows = dyn[p.rowsIdx]; }
  for (var j = g.x; j < p.N; j += stride(nw)) {
    var s = 0.0;
    for (var r = 0u; r < rows; r++) { s += src[p.offSrc + r * p.ld + j]; }
    out[p.offOut + j] = s;
  }
}
`;

/** out [C, R] = inᵀ for in [R, C]. */
export const TRANSPOSE_WGSL = HEAD + /* wgsl */ `
struct P { R: u32, C: u32, _a: u32, _b: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let total = p.R * p.C;
  for (var i = g.x; i < total; i += stride(nw)) {
    let r = i / p.C;
    let c = i % p.C;
    out[c * p.R + r] = src[i];
  }
}
`;

/** x[i] = bit i of mask ? x[i]·scale : 0 (inverted dropout with a packed keep mask). */
export const MASK_SCALE_WGSL = HEAD + /* wgsl */ `
struct P { n: u32, scale: f32, _a: u32, _b: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@group(0) @binding(2) var<storage, read> mask: array<u32>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  for (var i = g.x; i < p.n; i += stride(nw)) {
    if (((mask[i >> 5u] >> (i & 31u)) & 1u) == 0u) { x[i] = 0.0; } else { x[i] = x[i] * p.scale; }
  }
}
`;

/** parts[slot] = Σ x[i]² (one workgroup; for the global gradient norm). */
export const SUM_SQUARES_WGSL = /* wgsl */ `
struct P { n: u32, slot: u32, _a: u32, _b: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> parts: array<f32>;
var<workgroup> acc: array<f32, 256>;
@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) li: u32) {
  var s = 0.0;
  for (var i = li; i < p.n; i += 256u) { s = fma(x[i], x[i], s); }
  acc[li] = s;
  workgroupBarrier();
  for (var h = 128u; h > 0u; h >>= 1u) {
    if (li < h) { acc[li] += acc[li + h]; }
    workgroupBarrier();
  }
  if (li == 0u) { parts[p.slot] = acc[0]; }
}
`;
