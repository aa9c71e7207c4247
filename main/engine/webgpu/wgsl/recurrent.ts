// Fused recurrent kernels: a whole sequence in one dispatch per layer and direction. One workgroup per
// batch row keeps that row's state in workgroup memory and steps through time with a barrier per phase;
// the recurrent weights are read from storage (cached). The layout and arithmetic mirror the CPU engine
// (layers/recurrent.ts): gates [T, B, G·U] time-major (activated in place), hidden states in slots
// [(T+2), B, U] (slot t+1 holds h at position t; slots 0 and T+1 stay zero), padding steps carry state.
// Cells: 'lstm' (i, f, c, o), 'gru' with reset_after (Keras' default) or reset_before, 'rnn' (tanh).
import type { CellKind } from '../../layer-kinds/recurrent-shape.js';

export interface CellShape {
  cell: CellKind;
  resetAfter: boolean;
  units: number;
  reverse: boolean;
  /** Add dOut[t] (returned sequences) to ∂L/∂h at each step, rather than only the last state's gradient. */
  seqOut: boolean;
}

export const WORKGROUP = 256;

export function gatesOf(c: CellShape): number {
  return c.cell === 'rnn' ? 1 : c.cell === 'gru' ? 3 : 4;
}

/** Floats of workgroup memory the two kernels need (checked against the adapter's limit). */
export function workgroupFloats(c: CellShape): number {
  const U = c.units;
  const GU = gatesOf(c) * U;
  return GU + 5 * U; // forward: h, c, dropout factors (3U) + gates and GRU scratch (GU + 2U)
}

const COMMON = /* wgsl */ `
struct P { B: u32, T: u32, zxSlot: u32, hasMask: u32, useRdm: u32, rdScale: f32, _a: u32, _b: u32 }
@group(0) @binding(0) var<uniform> p: P;
fn tanh_(x: f32) -> f32 { return tanh(clamp(x, -9.0, 9.0)); }
fn sigm(x: f32) -> f32 { return 0.5 + 0.5 * tanh_(0.5 * x); }
// Row b's recurrent-dropout factor for unit j: 0 or 1/keep from the packed keep bits, 1 without dropout.
fn dropFactor(b: u32, j: u32) -> f32 {
  if (p.useRdm == 0u) { return 1.0; }
  let i = b * U + j;
  if (((rdm[i >> 5u] >> (i & 31u)) & 1u) == 0u) { return 0.0; }
  return p.rdScale;
}
`;

function consts(c: CellShape): string {
  const U = c.units;
  return `const U = ${U}u;\nconst GU = ${gatesOf(c) * U}u;\nconst REVERSE = ${c.reverse};\nconst WG = ${WORKGROUP}u;\n`;
}

/** Forward over the sequence: gates, states (and the LSTM cell / GRU recurrent terms) for the backward. */
export function recurrentForwardWgsl(c: CellShape): string {
  const { cell } = c;
  const ra = cell === 'gru' && c.resetAfter;
  // Phase A: the gate pre-activations from x-projection + (dropped) h_prev·R; phase B: the state update.
  let phaseA: string;
  let phaseB: string;
  if (cell === 'lstm') {
    phaseA = /* wgsl */ `
    for (var g = li; g < GU; g += WG) {
      var acc = zx(r, g);
      for (var k = 0u; k < U; k++) { acc = fma(hs[k] * rd[k], R[k * GU + g], acc); }
      let v = acc + bias[g];
      var a: f32;
      if (g >= 2u * U && g < 3u * U) { a = tanh_(v); } else { a = sigm(v); }
      gs[g] = a;
      G[r * GU + g] = a;
    }`;
    phaseB = /* wgsl */ `
    for (var j = li; j < U; j += WG) {
      let hp = hs[j];
      if (p.useRdm != 0u) { Hd[prev * BU + b * U + j] = hp * rd[j]; }
      if (on) {
        let cc = gs[U + j] * cs[j] + gs[j] * gs[2u * U + j];
        let tc = tanh_(cc);
        cs[j] = cc;
        hs[j] = gs[3u * U + j] * tc;
        TC[r * U + j] = tc;
      } else {
        TC[r * U + j] = 0.0;
      }
      C[cur * BU + b * U + j] = cs[j];
      H[cur * BU + b * U + j] = hs[j];
    }`;
  } else if (cell === 'rnn') {
    phaseA = /* wgsl */ `
    for (var g = li; g < GU; g += WG) {
      var acc = zx(r, g);
      for (var k = 0u; k < U; k++) { acc = fma(hs[k] * rd[k], R[k * GU + g], acc); }
      let a = tanh_(acc + bias[g]);
      gs[g] = a;
      G[r * GU + g] = a;
    }`;
    phaseB = /* wgsl */ `
    for (var j = li; j < U; j += WG) {
      if (p.useRdm != 0u) { Hd[prev * BU + b * U + j] = hs[j] * rd[j]; }
      if (on) { hs[j] = gs[j]; }
      H[cur * BU + b * U + j] = hs[j];
    }`;
  } else if (ra) {
    // bias is [2, GU]: row 0 input bias, row 1 recurrent bias.
    phaseA = /* wgsl */ `
    for (var g = li; g < GU; g += WG) {
      var acc = 0.0;
      for (var k = 0u; k < U; k++) { acc = fma(hs[k] * rd[k], R[k * GU + g], acc); }
      gs[g] = acc;
    }
    workgroupBarrier();
    for (var j = li; j < U; j += WG) {
      let z = sigm(zx(r, j) + bias[j] + gs[j] + bias[GU + j]);
      let rr = sigm(zx(r, U + j) + bias[U + j] + gs[U + j] + bias[GU + U + j]);
      let rh = gs[2u * U + j] + bias[GU + 2u * U + j];
      let hh = tanh_(zx(r, 2u * U + j) + bias[2u * U + j] + rr * rh);
      G[r * GU + j] = z;
      G[r * GU + U + j] = rr;
      G[r * GU + 2u * U + j] = hh;
      RH[r * U + j] = rh;
      gs[GU + j] = z;
      gs[GU + U + j] = hh;
    }`;
    phaseB = /* wgsl */ `
    for (var j = li; j < U; j += WG) {
      let hp = hs[j];
      if (p.useRdm != 0u) { Hd[prev * BU + b * U + j] = hp * rd[j]; }
      if (on) { let z = gs[GU + j]; hs[j] = z * hp + (1.0 - z) * gs[GU + U + j]; }
      H[cur * BU + b * U + j] = hs[j];
    }`;
  } else {
    // reset_before: z, r from h_prev·R[:, :2U]; then (r ⊙ h_prev)·R_h for the candidate.
    phaseA = /* wgsl */ `
    for (var g = li; g < 2u * U; g += WG) {
      var acc = zx(r, g);
      for (var k = 0u; k < U; k++) { acc = fma(hs[k] * rd[k], R[k * GU + g], acc); }
      let a = sigm(acc + bias[g]);
      gs[g] = a;
      G[r * GU + g] = a;
    }
    workgroupBarrier();
    for (var j = li; j < U; j += WG) {
      let rh = gs[U + j] * (hs[j] * rd[j]);
      gs[GU + j] = rh;
      RH[r * U + j] = rh;
    }
    workgroupBarrier();
    for (var j = li; j < U; j += WG) {
      var acc = zx(r, 2u * U + j);
      for (var k = 0u; k < U; k++) { acc = fma(gs[GU + k], R[k * GU + 2u * U + j], acc); }
      let hh = tanh_(acc + bias[2u * U + j]);
      gs[2u * U + j] = hh;
      G[r * GU + 2u * U + j] = hh;
    }`;
    phaseB = /* wgsl */ `
    for (var j = li; j < U; j += WG) {
      let hp = hs[j];
      if (p.useRdm != 0u) { Hd[prev * BU + b * U + j] = hp * rd[j]; }
      if (on) { let z = gs[j]; hs[j] = z * hp + (1.0 - z) * gs[2u * U + j]; }
      H[cur * BU + b * U + j] = hs[j];
    }`;
  }
  return consts(c) + COMMON + /* wgsl */ `
@group(0) @binding(1) var<storage, read> Zx: array<f32>;
@group(0) @binding(2) var<storage, read> slot: array<u32>;
@group(0) @binding(3) var<storage, read> uniq: array<u32>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;
@group(0) @binding(5) var<storage, read> R: array<f32>;
@group(0) @binding(6) var<storage, read_write> G: array<f32>;
@group(0) @binding(7) var<storage, read_write> H: array<f32>;
@group(0) @binding(8) var<storage, read_write> C: array<f32>;
@group(0) @binding(9) var<storage, read_write> TC: array<f32>;
@group(0) @binding(10) var<storage, read_write> RH: array<f32>;
@group(0) @binding(11) var<storage, read_write> Hd: array<f32>;
@group(0) @binding(12) var<storage, read> rdm: array<u32>;

var<workgroup> hs: array<f32, U>;
var<workgroup> cs: array<f32, U>;
var<workgroup> rd: array<f32, U>;
var<workgroup> gs: array<f32, ${gatesOf(c) * c.units + 2 * c.units}>;

fn zx(r: u32, g: u32) -> f32 {
  if (p.zxSlot != 0u) { return Zx[slot[r] * GU + g]; }
  return Zx[r * GU + g];
}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) li: u32) {
  let b = wg.x;
  let B = p.B;
  let T = p.T;
  let BU = B * U;
  for (var j = li; j < U; j += WG) {
    hs[j] = 0.0;
    cs[j] = 0.0;
    rd[j] = dropFactor(b, j);
    H[b * U + j] = 0.0;
    H[(T + 1u) * BU + b * U + j] = 0.0;
    ${cell === 'lstm' ? 'C[b * U + j] = 0.0;\n    C[(T + 1u) * BU + b * U + j] = 0.0;' : ''}
    if (p.useRdm != 0u) { Hd[b * U + j] = 0.0; Hd[(T + 1u) * BU + b * U + j] = 0.0; }
  }
  workgroupBarrier();
  for (var s = 0u; s < T; s++) {
    var t = s;
    var prev = s;
    if (REVERSE) { t = T - 1u - s; prev = t + 2u; }
    let cur = t + 1u;
    let r = t * B + b;
    var on = true;
    if (p.hasMask != 0u) { on = uniq[slot[r]] != 0u; }
    ${phaseA}
    workgroupBarrier();
    ${phaseB}
    workgroupBarrier();
  }
}
`;
}

/**
 * Backward through time for one batch row per workgroup: the gate gradients dZx [T, B, GU] (and, for GRU
 * reset_after, the recurrent side dZr) and ∂L/∂h carried back through R (and the recurrent-dropout mask).
 * The weight gradients are whole-sequence GEMMs afterwards. RT is Rᵀ [GU, U], so that neighbouring
 * threads read neighbouring weights.
 */
export function recurrentBackwardWgsl(c: CellShape): string {
  const { cell } = c;
  const ra = cell === 'gru' && c.resetAfter;
  const rb = cell === 'gru' && !c.resetAfter;
  let gates: string;
  if (cell === 'lstm') {
    gates = /* wgsl */ `
    for (var j = li; j < U; j += WG) {
      var d0 = 0.0; var d1 = 0.0; var d2 = 0.0; var d3 = 0.0;
      if (on) {
        let i = G[r * GU + j];
        let f = G[r * GU + U + j];
        let g = G[r * GU + 2u * U + j];
        let o = G[r * GU + 3u * U + j];
        let tc = TC[r * U + j];
        let dh = ftz(dhs[j]);
        let dc = ftz(dcs[j] + dh * o * (1.0 - tc * tc));
        d0 = dc * g * i * (1.0 - i);
        d1 = dc * C[prev * BU + b * U + j] * f * (1.0 - f);
        d2 = dc * i * (1.0 - g * g);
        d3 = dh * tc * o * (1.0 - o);
        dcs[j] = ftz(dc * f);
        dhs[j] = 0.0;
      }
      dzs[j] = d0; dzs[U + j] = d1; dzs[2u * U + j] = d2; dzs[3u * U + j] = d3;
      dZx[r * GU + j] = d0; dZx[r * GU + U + j] = d1; dZx[r * GU + 2u * U + j] = d2; dZx[r * GU + 3u * U + j] = d3;
    }`;
  } else if (cell === 'rnn') {
    gates = /* wgsl */ `
    for (var j = li; j < U; j += WG) {
      var d = 0.0;
      if (on) {
        let a = G[r * GU + j];
        d = ftz(dhs[j]) * (1.0 - a * a);
        dhs[j] = 0.0;
      }
      dzs[j] = d;
      dZx[r * GU + j] = d;
    }`;
  } else if (ra) {
    gates = /* wgsl */ `
    for (var j = li; j < U; j += WG) {
      var dz = 0.0; var dr = 0.0; var dah = 0.0; var rr = 0.0;
      if (on) {
        let z = G[r * GU + j];
        rr = G[r * GU + U + j];
        let hh = G[r * GU + 2u * U + j];
        let dh = ftz(dhs[j]);
        dz = dh * (H[prev * BU + b * U + j] - hh) * z * (1.0 - z);
        dah = dh * (1.0 - z) * (1.0 - hh * hh);
        dr = dah * RH[r * U + j] * rr * (1.0 - rr);
        dhs[j] = dh * z;
      }
      dZx[r * GU + j] = dz; dZx[r * GU + U + j] = dr; dZx[r * GU + 2u * U + j] = dah;
      let dahr = dah * rr;
      dZr[r * GU + j] = dz; dZr[r * GU + U + j] = dr; dZr[r * GU + 2u * U + j] = dahr;
      dzs[j] = dz; dzs[U + j] = dr; dzs[2u * U + j] = dahr;
    }`;
  } else {
    // reset_before: z and candidate gradients first; then ∂L/∂(r ⊙ h) = dZ_h·R_hᵀ gives r's gradient.
    gates = /* wgsl */ `
    for (var j = li; j < U; j += WG) {
      var dz = 0.0; var dah = 0.0;
      if (on) {
        let z = G[r * GU + j];
        let hh = G[r * GU + 2u * U + j];
        let dh = ftz(dhs[j]);
        dz = dh * (H[prev * BU + b * U + j] - hh) * z * (1.0 - z);
        dah = dh * (1.0 - z) * (1.0 - hh * hh);
        dhs[j] = dh * z;
      }
      dzs[j] = dz; dzs[2u * U + j] = dah;
      dZx[r * GU + j] = dz; dZx[r * GU + 2u * U + j] = dah;
    }
    workgroupBarrier();
    for (var k = li; k < U; k += WG) {
      var acc = 0.0;
      for (var j = 0u; j < U; j++) { acc = fma(dzs[2u * U + j], RT[(2u * U + j) * U + k], acc); }
      let rr = G[r * GU + U + k];
      let dr = acc * (H[prev * BU + b * U + k] * rd[k]) * rr * (1.0 - rr);
      dzs[U + k] = dr;
      dZx[r * GU + U + k] = dr;
      xs[k] = acc * rr;
    }`;
  }
  // ∂L/∂h_prev += (dz·Rᵀ over the gates that read h) ⊙ recurrent-dropout mask.
  const recGates = rb ? '2u * U' : 'GU';
  const carry = /* wgsl */ `
    for (var k = li; k < U; k += WG) {
      var acc = ${rb ? 'xs[k]' : '0.0'};
      for (var g = 0u; g < ${recGates}; g++) { acc = fma(dzs[g], RT[g * U + k], acc); }
      dhs[k] = dhs[k] + acc * rd[k];
    }`;
  return consts(c) + COMMON + /* wgsl */ `
const SEQ_OUT = ${c.seqOut};
@group(0) @binding(1) var<storage, read> dOut: array<f32>;
@group(0) @binding(2) var<storage, read> slot: array<u32>;
@group(0) @binding(3) var<storage, read> uniq: array<u32>;
@group(0) @binding(4) var<storage, read> RT: array<f32>;
@group(0) @binding(5) var<storage, read> G: array<f32>;
@group(0) @binding(6) var<storage, read> H: array<f32>;
@group(0) @binding(7) var<storage, read> C: array<f32>;
@group(0) @binding(8) var<storage, read> TC: array<f32>;
@group(0) @binding(9) var<storage, read> RH: array<f32>;
@group(0) @binding(10) var<storage, read> rdm: array<u32>;
@group(0) @binding(11) var<storage, read_write> dZx: array<f32>;
@group(0) @binding(12) var<storage, read_write> dZr: array<f32>;

var<workgroup> dhs: array<f32, U>;
var<workgroup> dcs: array<f32, U>;
var<workgroup> rd: array<f32, U>;
var<workgroup> xs: array<f32, U>;
var<workgroup> dzs: array<f32, GU>;

// Gradients through hundreds of steps decay into float32's slow subnormal range; the CPU engine drops
// anything below 1e-30 the same way.
fn ftz(v: f32) -> f32 { if (abs(v) > 1e-30) { return v; } return 0.0; }

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) li: u32) {
  let b = wg.x;
  let B = p.B;
  let T = p.T;
  let BU = B * U;
  for (var j = li; j < U; j += WG) {
    var d = 0.0;
    if (!SEQ_OUT) { d = dOut[b * U + j]; }
    dhs[j] = d;
    dcs[j] = 0.0;
    rd[j] = dropFactor(b, j);
  }
  workgroupBarrier();
  for (var s = 0u; s < T; s++) {
    var t = T - 1u - s;
    var prev = t;
    if (REVERSE) { t = s; prev = t + 2u; }
    let r = t * B + b;
    var on = true;
    if (p.hasMask != 0u) { on = uniq[slot[r]] != 0u; }
    if (SEQ_OUT) {
      for (var j = li; j < U; j += WG) { dhs[j] = dhs[j] + dOut[r * U + j]; }
      workgroupBarrier();
    }
    ${gates}
    workgroupBarrier();
    ${carry}
    workgroupBarrier();
  }
}
`;
}
