// The classifier head: the recurrent output(s) merged (Bidirectional: concat / sum / ave / mul) into
// features [B, F], Dense(1) to logits, binary cross-entropy from logits (the CPU engine's formulas, see
// loss.ts), the step's loss and accuracy into a stats slot for asynchronous readback, and the head's
// gradients. A non-finite loss raises the sticky `bad` flag that makes the optimizer kernels skip updates.
export const MERGES = ['concat', 'sum', 'ave', 'mul'] as const;

const COMMON = /* wgsl */ `
struct P {
  B: u32, U: u32, F: u32, merge: u32,
  offF: u32, offB: u32, twoDirs: u32, _pad: u32,
  scale: f32, statSlot: u32, train: u32, _a: u32,
}
@group(0) @binding(0) var<uniform> p: P;
`;

// The merge of the two directions (one direction: hf alone), shared by the last-state and pooled heads:
// feature f of the row whose outputs start at fBase (forward) and bBase (backward), and the split of
// ∂L/∂features back onto each direction's output j (dj: feature j's gradient; dUj: feature U + j's, concat).
const MERGE_FNS = /* wgsl */ `
fn merged(fBase: u32, bBase: u32, f: u32) -> f32 {
  if (p.twoDirs == 0u) { return hf[fBase + f]; }
  if (p.merge == 0u) {
    if (f < p.U) { return hf[fBase + f]; }
    return hb[bBase + f - p.U];
  }
  let a = hf[fBase + f];
  let c = hb[bBase + f];
  switch p.merge {
    case 1u: { return a + c; }
    case 2u: { return (a + c) / 2.0; }
    default: { return a * c; }
  }
}
fn split(dj: f32, dUj: f32, fBase: u32, bBase: u32, j: u32) -> vec2f {
  switch p.merge {
    case 0u: { return vec2f(dj, dUj); }
    case 1u: { return vec2f(dj, dj); }
    case 2u: { return vec2f(dj / 2.0, dj / 2.0); }
    default: { return vec2f(dj * hb[bBase + j], dj * hf[fBase + j]); }
  }
}
`;

/** feat[b, ·] from the last states: the forward one at offF, the backward one at offB (its position 0). */
export const MERGE_WGSL = COMMON + MERGE_FNS + /* wgsl */ `
@group(0) @binding(1) var<storage, read> hf: array<f32>;
@group(0) @binding(2) var<storage, read> hb: array<f32>;
@group(0) @binding(3) var<storage, read_write> feat: array<f32>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let total = p.B * p.F;
  for (var i = g.x; i < total; i += nw.x * 256u) {
    let b = i / p.F;
    feat[i] = merged(p.offF + b * p.U, p.offB + b * p.U, i % p.F);
  }
}
`;

/**
 * Pooled heads: feat[b, f] = max or mean over t of the merged outputs at t (state slot t + 1); the max's
 * step goes to arg (the first step holding it, as the CPU engine picks).
 */
export const POOL_WGSL = COMMON + MERGE_FNS + /* wgsl */ `
@group(0) @binding(1) var<storage, read> hf: array<f32>;
@group(0) @binding(2) var<storage, read> hb: array<f32>;
@group(0) @binding(3) var<storage, read_write> feat: array<f32>;
@group(0) @binding(4) var<storage, read_write> arg: array<u32>;
@group(0) @binding(5) var<uniform> pool: vec4u; // x: T, y: 1 = max, 0 = mean
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let total = p.B * p.F;
  let T = pool.x;
  let BU = p.B * p.U;
  for (var i = g.x; i < total; i += nw.x * 256u) {
    let b = i / p.F;
    let f = i % p.F;
    var best = merged(BU + b * p.U, BU + b * p.U, f);
    var at = 0u;
    var sum = best;
    for (var t = 1u; t < T; t++) {
      let base = (t + 1u) * BU + b * p.U;
      let v = merged(base, base, f);
      sum += v;
      if (v > best) { best = v; at = t; }
    }
    if (pool.y == 1u) { feat[i] = best; arg[i] = at; } else { feat[i] = sum / f32(T); }
  }
}
`;

/** ∂L/∂(each direction's outputs) [T, B, U] from ∂L/∂logit through the Dense kernel, the pooling and the merge. */
export const POOL_BACKWARD_WGSL = COMMON + MERGE_FNS + /* wgsl */ `
@group(0) @binding(1) var<storage, read> dl: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> hf: array<f32>;
@group(0) @binding(4) var<storage, read> hb: array<f32>;
@group(0) @binding(5) var<storage, read_write> dF: array<f32>;
@group(0) @binding(6) var<storage, read_write> dB: array<f32>;
@group(0) @binding(7) var<storage, read> arg: array<u32>;
@group(0) @binding(8) var<uniform> pool: vec4u;
// ∂L/∂feat[b, f], spread over the steps: all of it at the max's step, or an equal share of the mean.
fn dfeat(t: u32, b: u32, f: u32) -> f32 {
  let d = dl[b] * w[f];
  if (pool.y == 1u) { return select(0.0, d, arg[b * p.F + f] == t); }
  return d / f32(pool.x);
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let BU = p.B * p.U;
  let total = pool.x * BU;
  for (var i = g.x; i < total; i += nw.x * 256u) {
    let t = i / BU;
    let b = (i % BU) / p.U;
    let j = i % p.U;
    let dj = dfeat(t, b, j);
    if (p.twoDirs == 0u) { dF[i] = dj; continue; }
    var dUj = 0.0;
    if (p.merge == 0u) { dUj = dfeat(t, b, p.U + j); }
    let base = (t + 1u) * BU + b * p.U;
    let d = split(dj, dUj, base, base, j);
    dF[i] = d.x;
    dB[i] = d.y;
  }
}
`;

/**
 * One workgroup: logits, loss terms, ∂(scale·Σloss)/∂logit, and (training) the summed loss and the number
 * correct into stats[statSlot], the Dense gradients, and the bad flag. Inference writes the logits only.
 */
export const DENSE_LOSS_WGSL = COMMON + /* wgsl */ `
@group(0) @binding(1) var<storage, read> feat: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read> y: array<f32>;
@group(0) @binding(5) var<storage, read_write> logits: array<f32>;
@group(0) @binding(6) var<storage, read_write> dl: array<f32>;
@group(0) @binding(7) var<storage, read_write> stats: array<f32>;
@group(0) @binding(8) var<storage, read_write> bad: array<u32>;
@group(0) @binding(9) var<storage, read_write> gw: array<f32>;
@group(0) @binding(10) var<storage, read_write> gb: array<f32>;
var<workgroup> lossAcc: array<f32, 256>;
var<workgroup> hitAcc: array<f32, 256>;
var<workgroup> dlAcc: array<f32, 256>;
fn finite(v: f32) -> bool { return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u; }
@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) li: u32) {
  var ls = 0.0;
  var hits = 0.0;
  var dsum = 0.0;
  for (var b = li; b < p.B; b += 256u) {
    var z = bias[0];
    for (var f = 0u; f < p.F; f++) { z = fma(feat[b * p.F + f], w[f], z); }
    logits[b] = z;
    if (p.train != 0u) {
      let t = y[b];
      ls += max(z, 0.0) - z * t + log(1.0 + exp(-abs(z)));
      var pred = 0.0;
      if (z > 0.0) { pred = 1.0; }
      var lab = 0.0;
      if (t > 0.5) { lab = 1.0; }
      if (pred == lab) { hits += 1.0; }
      let d = (1.0 / (1.0 + exp(-z)) - t) * p.scale;
      dl[b] = d;
      dsum += d;
    }
  }
  if (p.train == 0u) { return; }
  storageBarrier(); // dl[] written above is read by other invocations below
  lossAcc[li] = ls;
  hitAcc[li] = hits;
  dlAcc[li] = dsum;
  workgroupBarrier();
  for (var h = 128u; h > 0u; h >>= 1u) {
    if (li < h) { lossAcc[li] += lossAcc[li + h]; hitAcc[li] += hitAcc[li + h]; dlAcc[li] += dlAcc[li + h]; }
    workgroupBarrier();
  }
  if (li == 0u) {
    let total = lossAcc[0];
    stats[p.statSlot * 2u] = total;
    stats[p.statSlot * 2u + 1u] = hitAcc[0];
    if (!finite(total)) { bad[0] = 1u; }
    gb[0] = dlAcc[0];
  }
  for (var f = li; f < p.F; f += 256u) {
    var s = 0.0;
    for (var b = 0u; b < p.B; b++) { s = fma(feat[b * p.F + f], dl[b], s); }
    gw[f] = s;
  }
}
`;

/** ∂L/∂(recurrent outputs) [B, U] per direction from ∂L/∂logit and the Dense kernel, through the merge. */
export const HEAD_BACKWARD_WGSL = COMMON + MERGE_FNS + /* wgsl */ `
@group(0) @binding(1) var<storage, read> dl: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> hf: array<f32>;
@group(0) @binding(4) var<storage, read> hb: array<f32>;
@group(0) @binding(5) var<storage, read_write> dF: array<f32>;
@group(0) @binding(6) var<storage, read_write> dB: array<f32>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let total = p.B * p.U;
  for (var i = g.x; i < total; i += nw.x * 256u) {
    let b = i / p.U;
    let j = i % p.U;
    let dj = dl[b] * w[j];
    if (p.twoDirs == 0u) { dF[i] = dj; continue; }
    var dUj = 0.0;
    if (p.merge == 0u) { dUj = dl[b] * w[p.U + j]; }
    let d = split(dj, dUj, p.offF + b * p.U, p.offB + b * p.U, j);
    dF[i] = d.x;
    dB[i] = d.y;
  }
}
`;
