// Kernels that prepare a training batch on the GPU from the resident dataset, so a step uploads only its
// row indices: the batch's token ids, its labels, the distinct ids (ascending) with each
// position's slot among them, and the positions grouped by slot (CSR, ascending within a slot) — what
// BatchInput computes on the CPU for the other path. The CSR is a stable counting sort over chunks of
// positions (a histogram per chunk, a prefix per slot across chunks, offsets across slots, then each chunk
// places its positions in order): deterministic, no atomics on the order, so a run replays bit for bit.
// Positions are time-major rows r = t·B + b, as everywhere in the engine.
import { GRID_STRIDE_WGSL as HEAD } from './rows.js';

/** tok[r] = X[rows[b]·T + t] and flags[tok[r]] = 1 for r < n; y[b] = Y[rows[b]] for b < B. */
export const PREP_TOKENS_WGSL = HEAD + /* wgsl */ `
struct P { n: u32, B: u32, T: u32, _a: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> X: array<u32>;
@group(0) @binding(2) var<storage, read> Y: array<f32>;
@group(0) @binding(3) var<storage, read> rows: array<u32>;
@group(0) @binding(4) var<storage, read_write> tok: array<u32>;
@group(0) @binding(5) var<storage, read_write> flags: array<atomic<u32>>;
@group(0) @binding(6) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  for (var r = g.x; r < p.n; r += stride(nw)) {
    let t = r / p.B;
    let b = r % p.B;
    let id = X[rows[b] * p.T + t];
    tok[r] = id;
    atomicStore(&flags[id], 1u);
    if (r < p.B) { y[r] = Y[rows[r]]; }
  }
}
`;

/**
 * One workgroup's exclusive scan of v[0..len) in blocks of ⌈len/256⌉ per thread: returns the thread's
 * starting prefix (the block sums scanned in workgroup memory); total[0] gets the sum of all.
 */
const BLOCK_SCAN = /* wgsl */ `
var<workgroup> part: array<u32, 256>;
fn blockRange(li: u32, len: u32) -> vec2u {
  let per = (len + 255u) / 256u;
  let lo = min(li * per, len);
  return vec2u(lo, min(lo + per, len));
}
fn scanPartials(li: u32, mine: u32) -> u32 {
  part[li] = mine;
  workgroupBarrier();
  for (var d = 1u; d < 256u; d <<= 1u) {
    var v = 0u;
    if (li >= d) { v = part[li - d]; }
    workgroupBarrier();
    part[li] += v;
    workgroupBarrier();
  }
  return part[li] - mine;
}
`;

/** Numbers the ids present (flags[id] = 1) in ascending order: flags[id] ← slot, uniq[slot] = id, dyn[countIdx] = count. */
export const PREP_NUMBER_WGSL = BLOCK_SCAN + /* wgsl */ `
struct P { V: u32, countIdx: u32, _a: u32, _b: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read_write> flags: array<u32>;
@group(0) @binding(2) var<storage, read_write> uniq: array<u32>;
@group(0) @binding(3) var<storage, read_write> dyn: array<u32>;
@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) li: u32) {
  let r = blockRange(li, p.V);
  var s = 0u;
  for (var i = r.x; i < r.y; i++) { s += flags[i]; }
  var next = scanPartials(li, s);
  for (var i = r.x; i < r.y; i++) {
    if (flags[i] != 0u) {
      flags[i] = next;
      uniq[next] = i;
      next++;
    }
  }
  if (li == 255u) { dyn[p.countIdx] = next; }
}
`;

/** slot[r] = slotOf[tok[r]] for r < n. */
export const PREP_SLOTS_WGSL = HEAD + /* wgsl */ `
struct P { n: u32, _a: u32, _b: u32, _c: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> tok: array<u32>;
@group(0) @binding(2) var<storage, read> slotOf: array<u32>;
@group(0) @binding(3) var<storage, read_write> slot: array<u32>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  for (var r = g.x; r < p.n; r += stride(nw)) { slot[r] = slotOf[tok[r]]; }
}
`;

/**
 * Per chunk c of L positions (one thread each): mode 0 counts its positions per slot into hist[slot·C + c]
 * (cleared before); mode 1 places them, pos[off[slot] + hist[slot·C + c]++] = r, in ascending r.
 */
export const PREP_CHUNKS_WGSL = HEAD + /* wgsl */ `
struct P { n: u32, L: u32, C: u32, mode: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> slot: array<u32>;
@group(0) @binding(2) var<storage, read_write> hist: array<u32>;
@group(0) @binding(3) var<storage, read> off: array<u32>;
@group(0) @binding(4) var<storage, read_write> pos: array<u32>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  for (var c = g.x; c < p.C; c += stride(nw)) {
    let hi = min((c + 1u) * p.L, p.n);
    for (var r = c * p.L; r < hi; r++) {
      let s = slot[r];
      let h = s * p.C + c;
      if (p.mode == 1u) { pos[off[s] + hist[h]] = r; }
      hist[h] += 1u;
    }
  }
}
`;

/** Per slot s < count: hist[s·C + c] ← Σ_{c' < c} hist[s·C + c'] (where chunk c starts), cnt[s] = the total. */
export const PREP_ROWS_WGSL = HEAD + /* wgsl */ `
struct P { C: u32, countIdx: u32, _a: u32, _b: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read_write> hist: array<u32>;
@group(0) @binding(2) var<storage, read_write> cnt: array<u32>;
@group(0) @binding(3) var<storage, read> dyn: array<u32>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let count = dyn[p.countIdx];
  for (var s = g.x; s < count; s += stride(nw)) {
    var run = 0u;
    for (var c = 0u; c < p.C; c++) {
      let v = hist[s * p.C + c];
      hist[s * p.C + c] = run;
      run += v;
    }
    cnt[s] = run;
  }
}
`;

/** off[s] = Σ_{s' < s} cnt[s'] for s ≤ count (off[count] = n): where each slot's positions start. */
export const PREP_OFFSETS_WGSL = BLOCK_SCAN + /* wgsl */ `
struct P { countIdx: u32, _a: u32, _b: u32, _c: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> cnt: array<u32>;
@group(0) @binding(2) var<storage, read_write> off: array<u32>;
@group(0) @binding(3) var<storage, read> dyn: array<u32>;
@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) li: u32) {
  let len = dyn[p.countIdx];
  let r = blockRange(li, len);
  var s = 0u;
  for (var i = r.x; i < r.y; i++) { s += cnt[i]; }
  var next = scanPartials(li, s);
  for (var i = r.x; i < r.y; i++) {
    off[i] = next;
    next += cnt[i];
  }
  if (li == 255u) { off[len] = next; }
}
`;
