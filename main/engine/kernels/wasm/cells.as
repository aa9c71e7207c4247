// AssemblyScript source of the recurrent cells' per-timestep elementwise work in WebAssembly SIMD128
// (compiled by scripts/build-wasm.mjs): the LSTM, SimpleRNN and GRU (both variants) gate activations and state
// updates, and their backward gate gradients — the same formulas as the JS loops in main/engine/layers/cells/,
// four units at a time. Pointers are byte addresses; each row of B rows has U units (a multiple of 4 is not
// required: a scalar tail finishes it). `mask` (0: none) points at this timestep's B mask bytes (mask_zero):
// a 0 row carries its state over unchanged in forward, and gets zero gate gradients in backward.

// Flush-to-zero threshold of backward values (see layers/cells/cell.ts: keeps BPTT out of subnormals).
const TINY: f32 = 1e-30;

// expf after Cephes: x = n·ln2 + r (Cody–Waite split of ln2), e^r by a degree-6 polynomial, 2^n from the
// exponent bits. Inputs are clamped so that 2^n stays a normal float; relative error ≈ 2 ulp.
// @ts-ignore: decorator
@inline
function expv(x0: v128): v128 {
  const x = f32x4.min(f32x4.max(x0, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const fx = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  let y = f32x4.splat(1.9875691500e-4);
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(y, r), r), r), f32x4.splat(1.0));
  const e = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(fx), i32x4.splat(127)), 23);
  return f32x4.mul(y, e);
}

// @ts-ignore: decorator
@inline
function sigmoidv(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, expv(f32x4.neg(x))));
}

// tanh(x) = 2·σ(2x) − 1.
// @ts-ignore: decorator
@inline
function tanhv(x: v128): v128 {
  return f32x4.sub(f32x4.mul(f32x4.splat(2.0), sigmoidv(f32x4.add(x, x))), f32x4.splat(1.0));
}

// Whether row b is padding at this timestep.
// @ts-ignore: decorator
@inline
function masked(mask: usize, b: i32): bool {
  return mask != 0 && load<u8>(mask + <usize>b) == 0;
}

// Copies n floats (state carried over a padding step).
// @ts-ignore: decorator
@inline
function copy(dst: usize, src: usize, n: i32): void {
  memory.copy(dst, src, <usize>n << 2);
}

// @ts-ignore: decorator
@inline
function ftzv(v: v128): v128 {
  return v128.and(v, f32x4.gt(f32x4.abs(v), f32x4.splat(TINY)));
}

// One float through the same vector code (lane 0), so the tails round exactly like the bodies.
// @ts-ignore: decorator
@inline
function ld1(p: usize): v128 {
  return f32x4.splat(load<f32>(p));
}
// @ts-ignore: decorator
@inline
function st1(p: usize, v: v128): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
}

/**
 * LSTM forward at one timestep. z: this step's pre-activations [B, 4U] (gates i, f, c, o; overwritten by
 * the activated gates); bias [4U]; cPrev the previous cell state rows [B, U]; writes cCur, hCur and
 * tc = tanh(c) [B, U].
 */
export function lstmForward(z: usize, bias: usize, cPrev: usize, cCur: usize, hPrev: usize, hCur: usize, tc: usize, B: i32, U: i32, mask: usize): void {
  const ub = <usize>U << 2;
  for (let b = 0; b < B; b++) {
    const zb = z + (<usize>b << 2) * 4 * U;
    const hb = <usize>(b * U) << 2;
    if (masked(mask, b)) {
      copy(cCur + hb, cPrev + hb, U);
      copy(hCur + hb, hPrev + hb, U);
      memory.fill(tc + hb, 0, ub);
      continue;
    }
    let j = 0;
    for (; j + 4 <= U; j += 4) {
      const jb = <usize>j << 2;
      const p = zb + jb;
      const q = bias + jb;
      const i = sigmoidv(f32x4.add(v128.load(p), v128.load(q)));
      const f = sigmoidv(f32x4.add(v128.load(p + ub), v128.load(q + ub)));
      const g = tanhv(f32x4.add(v128.load(p + 2 * ub), v128.load(q + 2 * ub)));
      const o = sigmoidv(f32x4.add(v128.load(p + 3 * ub), v128.load(q + 3 * ub)));
      v128.store(p, i);
      v128.store(p + ub, f);
      v128.store(p + 2 * ub, g);
      v128.store(p + 3 * ub, o);
      const c = f32x4.add(f32x4.mul(f, v128.load(cPrev + hb + jb)), f32x4.mul(i, g));
      const t = tanhv(c);
      v128.store(cCur + hb + jb, c);
      v128.store(tc + hb + jb, t);
      v128.store(hCur + hb + jb, f32x4.mul(o, t));
    }
    for (; j < U; j++) {
      const jb = <usize>j << 2;
      lstmForward1(zb + jb, bias + jb, cPrev + hb + jb, cCur + hb + jb, hCur + hb + jb, tc + hb + jb, ub);
    }
  }
}

// One unit of lstmForward (the tail when U is not a multiple of 4), same arithmetic in lane 0.
function lstmForward1(p: usize, q: usize, cp: usize, cc: usize, hc: usize, tcp: usize, ub: usize): void {
  const i = sigmoidv(f32x4.add(ld1(p), ld1(q)));
  const f = sigmoidv(f32x4.add(ld1(p + ub), ld1(q + ub)));
  const g = tanhv(f32x4.add(ld1(p + 2 * ub), ld1(q + 2 * ub)));
  const o = sigmoidv(f32x4.add(ld1(p + 3 * ub), ld1(q + 3 * ub)));
  st1(p, i);
  st1(p + ub, f);
  st1(p + 2 * ub, g);
  st1(p + 3 * ub, o);
  const c = f32x4.add(f32x4.mul(f, ld1(cp)), f32x4.mul(i, g));
  const t = tanhv(c);
  st1(cc, c);
  st1(tcp, t);
  st1(hc, f32x4.mul(o, t));
}

/**
 * LSTM backward at one timestep: from the activated gates z [B, 4U], tc [B, U], the previous cell state
 * cPrev [B, U] and the running dh, dc [B, U], writes the gate gradients dz [B, 4U], carries dc to the
 * previous step and zeroes dh (the recurrent product adds the previous step's into it).
 */
export function lstmBackward(z: usize, tc: usize, cPrev: usize, dh: usize, dc: usize, dz: usize, B: i32, U: i32, mask: usize): void {
  const ub = <usize>U << 2;
  const one = f32x4.splat(1.0);
  for (let b = 0; b < B; b++) {
    const zb = (<usize>b << 2) * 4 * U;
    const hb = <usize>(b * U) << 2;
    if (masked(mask, b)) {
      memory.fill(dz + zb, 0, 4 * ub); // dh, dc carry over unchanged
      continue;
    }
    let j = 0;
    for (; j + 4 <= U; j += 4) {
      const jb = <usize>j << 2;
      const p = z + zb + jb;
      const i = v128.load(p);
      const f = v128.load(p + ub);
      const g = v128.load(p + 2 * ub);
      const o = v128.load(p + 3 * ub);
      const t = v128.load(tc + hb + jb);
      const dhv = ftzv(v128.load(dh + hb + jb));
      const dcv = ftzv(f32x4.add(v128.load(dc + hb + jb), f32x4.mul(f32x4.mul(dhv, o), f32x4.sub(one, f32x4.mul(t, t)))));
      const d = dz + zb + jb;
      v128.store(d, f32x4.mul(f32x4.mul(f32x4.mul(dcv, g), i), f32x4.sub(one, i)));
      v128.store(d + ub, f32x4.mul(f32x4.mul(f32x4.mul(dcv, v128.load(cPrev + hb + jb)), f), f32x4.sub(one, f)));
      v128.store(d + 2 * ub, f32x4.mul(f32x4.mul(dcv, i), f32x4.sub(one, f32x4.mul(g, g))));
      v128.store(d + 3 * ub, f32x4.mul(f32x4.mul(f32x4.mul(dhv, t), o), f32x4.sub(one, o)));
      v128.store(dc + hb + jb, ftzv(f32x4.mul(dcv, f)));
      v128.store(dh + hb + jb, f32x4.splat(0));
    }
    for (; j < U; j++) {
      const jb = <usize>j << 2;
      lstmBackward1(z + zb + jb, tc + hb + jb, cPrev + hb + jb, dh + hb + jb, dc + hb + jb, dz + zb + jb, ub);
    }
  }
}

// One unit of lstmBackward (the tail), same arithmetic in lane 0.
function lstmBackward1(pz: usize, tcp: usize, cpp: usize, dhp: usize, dcp: usize, pd: usize, ub: usize): void {
  const one = f32x4.splat(1.0);
  const i = ld1(pz);
  const f = ld1(pz + ub);
  const g = ld1(pz + 2 * ub);
  const o = ld1(pz + 3 * ub);
  const t = ld1(tcp);
  const dhv = ftzv(ld1(dhp));
  const dcv = ftzv(f32x4.add(ld1(dcp), f32x4.mul(f32x4.mul(dhv, o), f32x4.sub(one, f32x4.mul(t, t)))));
  st1(pd, f32x4.mul(f32x4.mul(f32x4.mul(dcv, g), i), f32x4.sub(one, i)));
  st1(pd + ub, f32x4.mul(f32x4.mul(f32x4.mul(dcv, ld1(cpp)), f), f32x4.sub(one, f)));
  st1(pd + 2 * ub, f32x4.mul(f32x4.mul(dcv, i), f32x4.sub(one, f32x4.mul(g, g))));
  st1(pd + 3 * ub, f32x4.mul(f32x4.mul(f32x4.mul(dhv, t), o), f32x4.sub(one, o)));
  st1(dcp, ftzv(f32x4.mul(dcv, f)));
  store<f32>(dhp, 0);
}

/** SimpleRNN forward at one timestep: z [B, U] ← tanh(z + bias), the new state hCur [B, U]. */
export function rnnForward(z: usize, bias: usize, hPrev: usize, hCur: usize, B: i32, U: i32, mask: usize): void {
  for (let b = 0; b < B; b++) {
    const rb = <usize>(b * U) << 2;
    if (masked(mask, b)) {
      copy(hCur + rb, hPrev + rb, U);
      continue;
    }
    let j = 0;
    for (; j + 4 <= U; j += 4) {
      const jb = <usize>j << 2;
      const a = tanhv(f32x4.add(v128.load(z + rb + jb), v128.load(bias + jb)));
      v128.store(z + rb + jb, a);
      v128.store(hCur + rb + jb, a);
    }
    for (; j < U; j++) {
      const jb = <usize>j << 2;
      const a = tanhv(f32x4.add(ld1(z + rb + jb), ld1(bias + jb)));
      st1(z + rb + jb, a);
      st1(hCur + rb + jb, a);
    }
  }
}

/** SimpleRNN backward at one timestep: dz = ftz(dh)·(1 − a²) from the activations z [B, U]; dh ← 0. */
export function rnnBackward(z: usize, dh: usize, dz: usize, B: i32, U: i32, mask: usize): void {
  const one = f32x4.splat(1.0);
  for (let b = 0; b < B; b++) {
    const rb = <usize>(b * U) << 2;
    if (masked(mask, b)) {
      memory.fill(dz + rb, 0, <usize>U << 2); // dh carries over unchanged
      continue;
    }
    let j = 0;
    for (; j + 4 <= U; j += 4) {
      const o = rb + (<usize>j << 2);
      const a = v128.load(z + o);
      v128.store(dz + o, f32x4.mul(ftzv(v128.load(dh + o)), f32x4.sub(one, f32x4.mul(a, a))));
      v128.store(dh + o, f32x4.splat(0));
    }
    for (; j < U; j++) {
      const o = rb + (<usize>j << 2);
      const a = ld1(z + o);
      st1(dz + o, f32x4.mul(ftzv(ld1(dh + o)), f32x4.sub(one, f32x4.mul(a, a))));
      store<f32>(dh + o, 0);
    }
  }
}

/**
 * GRU (reset_after, Keras' default) forward at one timestep. z: input projections [B, 3U] (gates z, r, h;
 * overwritten by z, r and the candidate); bias [2, 3U] (input row, recurrent row); rec: h_prev·R [B, 3U];
 * writes rh = the candidate's recurrent term [B, U] (kept for backward) and hCur [B, U].
 */
export function gruForward(z: usize, bias: usize, rec: usize, rh: usize, hPrev: usize, hCur: usize, B: i32, U: i32, mask: usize): void {
  const ub = <usize>U << 2;
  const gb = 3 * ub;
  for (let b = 0; b < B; b++) {
    const zb = z + (<usize>b << 2) * 3 * U;
    const rb = rec + (<usize>b << 2) * 3 * U;
    const hb = <usize>(b * U) << 2;
    if (masked(mask, b)) {
      copy(hCur + hb, hPrev + hb, U);
      continue;
    }
    let j = 0;
    for (; j + 4 <= U; j += 4) {
      const jb = <usize>j << 2;
      const p = zb + jb;
      const q = bias + jb;
      const e = rb + jb;
      const zg = sigmoidv(f32x4.add(f32x4.add(v128.load(p), v128.load(q)), f32x4.add(v128.load(e), v128.load(q + gb))));
      const rg = sigmoidv(f32x4.add(f32x4.add(v128.load(p + ub), v128.load(q + ub)), f32x4.add(v128.load(e + ub), v128.load(q + gb + ub))));
      const rhv = f32x4.add(v128.load(e + 2 * ub), v128.load(q + gb + 2 * ub));
      const hh = tanhv(f32x4.add(f32x4.add(v128.load(p + 2 * ub), v128.load(q + 2 * ub)), f32x4.mul(rg, rhv)));
      v128.store(p, zg);
      v128.store(p + ub, rg);
      v128.store(p + 2 * ub, hh);
      v128.store(rh + hb + jb, rhv);
      const hp = v128.load(hPrev + hb + jb);
      v128.store(hCur + hb + jb, f32x4.add(f32x4.mul(zg, hp), f32x4.mul(f32x4.sub(f32x4.splat(1.0), zg), hh)));
    }
    for (; j < U; j++) {
      const jb = <usize>j << 2;
      gruForward1(zb + jb, bias + jb, rb + jb, rh + hb + jb, hPrev + hb + jb, hCur + hb + jb, ub);
    }
  }
}

// One unit of gruForward (the tail), same arithmetic in lane 0.
function gruForward1(p: usize, q: usize, e: usize, rhp: usize, hpp: usize, hcp: usize, ub: usize): void {
  const gb = 3 * ub;
  const zg = sigmoidv(f32x4.add(f32x4.add(ld1(p), ld1(q)), f32x4.add(ld1(e), ld1(q + gb))));
  const rg = sigmoidv(f32x4.add(f32x4.add(ld1(p + ub), ld1(q + ub)), f32x4.add(ld1(e + ub), ld1(q + gb + ub))));
  const rhv = f32x4.add(ld1(e + 2 * ub), ld1(q + gb + 2 * ub));
  const hh = tanhv(f32x4.add(f32x4.add(ld1(p + 2 * ub), ld1(q + 2 * ub)), f32x4.mul(rg, rhv)));
  st1(p, zg);
  st1(p + ub, rg);
  st1(p + 2 * ub, hh);
  st1(rhp, rhv);
  st1(hcp, f32x4.add(f32x4.mul(zg, ld1(hpp)), f32x4.mul(f32x4.sub(f32x4.splat(1.0), zg), hh)));
}

/**
 * GRU (reset_after) backward at one timestep: from z, r, candidate in z [B, 3U], h_prev, rh [B, U] and the
 * running dh [B, U], writes the input-side gate gradients dzx [B, 3U], the recurrent-side ones dzr [B, 3U]
 * (the candidate's scaled by r) and leaves dh·z in dh (the path straight to h_prev).
 */
export function gruBackward(z: usize, hPrev: usize, rh: usize, dh: usize, dzx: usize, dzr: usize, B: i32, U: i32, mask: usize): void {
  const ub = <usize>U << 2;
  for (let b = 0; b < B; b++) {
    const zb = (<usize>b << 2) * 3 * U;
    const hb = <usize>(b * U) << 2;
    if (masked(mask, b)) {
      memory.fill(dzx + zb, 0, 3 * ub); // dh carries over unchanged
      memory.fill(dzr + zb, 0, 3 * ub);
      continue;
    }
    let j = 0;
    for (; j + 4 <= U; j += 4) {
      const jb = <usize>j << 2;
      const one = f32x4.splat(1.0);
      const p = z + zb + jb;
      const zg = v128.load(p);
      const rg = v128.load(p + ub);
      const hh = v128.load(p + 2 * ub);
      const dhv = ftzv(v128.load(dh + hb + jb));
      const dz = f32x4.mul(f32x4.mul(f32x4.mul(dhv, f32x4.sub(v128.load(hPrev + hb + jb), hh)), zg), f32x4.sub(one, zg));
      const dah = f32x4.mul(f32x4.mul(dhv, f32x4.sub(one, zg)), f32x4.sub(one, f32x4.mul(hh, hh)));
      const dr = f32x4.mul(f32x4.mul(f32x4.mul(dah, v128.load(rh + hb + jb)), rg), f32x4.sub(one, rg));
      const x = dzx + zb + jb;
      const r = dzr + zb + jb;
      v128.store(x, dz);
      v128.store(x + ub, dr);
      v128.store(x + 2 * ub, dah);
      v128.store(r, dz);
      v128.store(r + ub, dr);
      v128.store(r + 2 * ub, f32x4.mul(dah, rg));
      v128.store(dh + hb + jb, f32x4.mul(dhv, zg));
    }
    for (; j < U; j++) {
      const jb = <usize>j << 2;
      gruBackward1(z + zb + jb, hPrev + hb + jb, rh + hb + jb, dh + hb + jb, dzx + zb + jb, dzr + zb + jb, ub);
    }
  }
}

// One unit of gruBackward (the tail), same arithmetic in lane 0.
function gruBackward1(p: usize, hpp: usize, rhp: usize, dhp: usize, x: usize, r: usize, ub: usize): void {
  const one = f32x4.splat(1.0);
  const zg = ld1(p);
  const rg = ld1(p + ub);
  const hh = ld1(p + 2 * ub);
  const dhv = ftzv(ld1(dhp));
  const dz = f32x4.mul(f32x4.mul(f32x4.mul(dhv, f32x4.sub(ld1(hpp), hh)), zg), f32x4.sub(one, zg));
  const dah = f32x4.mul(f32x4.mul(dhv, f32x4.sub(one, zg)), f32x4.sub(one, f32x4.mul(hh, hh)));
  const dr = f32x4.mul(f32x4.mul(f32x4.mul(dah, ld1(rhp)), rg), f32x4.sub(one, rg));
  st1(x, dz);
  st1(x + ub, dr);
  st1(x + 2 * ub, dah);
  st1(r, dz);
  st1(r + ub, dr);
  st1(r + 2 * ub, f32x4.mul(dah, rg));
  st1(dhp, f32x4.mul(dhv, zg));
}

// GRU with reset_after=false (the variant TF.js can load): the reset gate multiplies h before the
// candidate's recurrent product, so each step has two elementwise phases around that product.

/**
 * Its first forward phase: z, r gates from z [B, 3U] (input + recurrent products of gates z, r; overwritten by
 * the activations) and the input bias [3U]; writes rh = r ⊙ hd [B, U] for the candidate's product.
 */
export function gruRbGates(z: usize, bias: usize, hd: usize, rh: usize, B: i32, U: i32): void {
  const ub = <usize>U << 2;
  for (let b = 0; b < B; b++) {
    const zb = z + (<usize>b << 2) * 3 * U;
    const hb = <usize>(b * U) << 2;
    let j = 0;
    for (; j + 4 <= U; j += 4) {
      const jb = <usize>j << 2;
      const zg = sigmoidv(f32x4.add(v128.load(zb + jb), v128.load(bias + jb)));
      const rg = sigmoidv(f32x4.add(v128.load(zb + ub + jb), v128.load(bias + ub + jb)));
      v128.store(zb + jb, zg);
      v128.store(zb + ub + jb, rg);
      v128.store(rh + hb + jb, f32x4.mul(rg, v128.load(hd + hb + jb)));
    }
    for (; j < U; j++) {
      const jb = <usize>j << 2;
      const zg = sigmoidv(f32x4.add(ld1(zb + jb), ld1(bias + jb)));
      const rg = sigmoidv(f32x4.add(ld1(zb + ub + jb), ld1(bias + ub + jb)));
      st1(zb + jb, zg);
      st1(zb + ub + jb, rg);
      st1(rh + hb + jb, f32x4.mul(rg, ld1(hd + hb + jb)));
    }
  }
}

/** Its second forward phase: the candidate from z's third block (+ bias) and the new state hCur [B, U]. */
export function gruRbState(z: usize, bias: usize, hPrev: usize, hCur: usize, B: i32, U: i32, mask: usize): void {
  const ub = <usize>U << 2;
  const one = f32x4.splat(1.0);
  for (let b = 0; b < B; b++) {
    const zb = z + (<usize>b << 2) * 3 * U;
    const hb = <usize>(b * U) << 2;
    const on = !masked(mask, b);
    let j = 0;
    for (; j + 4 <= U; j += 4) {
      const jb = <usize>j << 2;
      const hh = tanhv(f32x4.add(v128.load(zb + 2 * ub + jb), v128.load(bias + 2 * ub + jb)));
      v128.store(zb + 2 * ub + jb, hh);
      const zg = v128.load(zb + jb);
      const hp = v128.load(hPrev + hb + jb);
      v128.store(hCur + hb + jb, on ? f32x4.add(f32x4.mul(zg, hp), f32x4.mul(f32x4.sub(one, zg), hh)) : hp);
    }
    for (; j < U; j++) {
      const jb = <usize>j << 2;
      const hh = tanhv(f32x4.add(ld1(zb + 2 * ub + jb), ld1(bias + 2 * ub + jb)));
      st1(zb + 2 * ub + jb, hh);
      const zg = ld1(zb + jb);
      const hp = ld1(hPrev + hb + jb);
      st1(hCur + hb + jb, on ? f32x4.add(f32x4.mul(zg, hp), f32x4.mul(f32x4.sub(one, zg), hh)) : hp);
    }
  }
}

/**
 * Its first backward phase: z and candidate gradients into dz [B, 3U] (the reset gate's comes in the
 * second phase; 0 here) from the running dh, which becomes dh·z.
 */
export function gruRbBackState(z: usize, hPrev: usize, dh: usize, dz: usize, B: i32, U: i32, mask: usize): void {
  const ub = <usize>U << 2;
  const one = f32x4.splat(1.0);
  for (let b = 0; b < B; b++) {
    const zb = (<usize>b << 2) * 3 * U;
    const hb = <usize>(b * U) << 2;
    if (masked(mask, b)) {
      memory.fill(dz + zb, 0, 3 * ub); // dh carries over unchanged
      continue;
    }
    let j = 0;
    for (; j + 4 <= U; j += 4) {
      const jb = <usize>j << 2;
      const zg = v128.load(z + zb + jb);
      const hh = v128.load(z + zb + 2 * ub + jb);
      const dhv = ftzv(v128.load(dh + hb + jb));
      v128.store(dz + zb + jb, f32x4.mul(f32x4.mul(f32x4.mul(dhv, f32x4.sub(v128.load(hPrev + hb + jb), hh)), zg), f32x4.sub(one, zg)));
      v128.store(dz + zb + ub + jb, f32x4.splat(0));
      v128.store(dz + zb + 2 * ub + jb, f32x4.mul(f32x4.mul(dhv, f32x4.sub(one, zg)), f32x4.sub(one, f32x4.mul(hh, hh))));
      v128.store(dh + hb + jb, f32x4.mul(dhv, zg));
    }
    for (; j < U; j++) {
      const jb = <usize>j << 2;
      const zg = ld1(z + zb + jb);
      const hh = ld1(z + zb + 2 * ub + jb);
      const dhv = ftzv(ld1(dh + hb + jb));
      st1(dz + zb + jb, f32x4.mul(f32x4.mul(f32x4.mul(dhv, f32x4.sub(ld1(hPrev + hb + jb), hh)), zg), f32x4.sub(one, zg)));
      store<f32>(dz + zb + ub + jb, 0);
      st1(dz + zb + 2 * ub + jb, f32x4.mul(f32x4.mul(dhv, f32x4.sub(one, zg)), f32x4.sub(one, f32x4.mul(hh, hh))));
      st1(dh + hb + jb, f32x4.mul(dhv, zg));
    }
  }
}

/**
 * Its second backward phase, from drh = ∂L/∂(r ⊙ hd) [B, U]: the reset gate's gradient into dz's second
 * block and dhd = drh·r [B, U], the path into hd.
 */
export function gruRbBackReset(z: usize, drh: usize, hd: usize, dz: usize, dhd: usize, B: i32, U: i32): void {
  const ub = <usize>U << 2;
  const one = f32x4.splat(1.0);
  for (let b = 0; b < B; b++) {
    const zb = (<usize>b << 2) * 3 * U;
    const hb = <usize>(b * U) << 2;
    let j = 0;
    for (; j + 4 <= U; j += 4) {
      const jb = <usize>j << 2;
      const rg = v128.load(z + zb + ub + jb);
      const d = v128.load(drh + hb + jb);
      v128.store(dz + zb + ub + jb, f32x4.mul(f32x4.mul(f32x4.mul(d, v128.load(hd + hb + jb)), rg), f32x4.sub(one, rg)));
      v128.store(dhd + hb + jb, f32x4.mul(d, rg));
    }
    for (; j < U; j++) {
      const jb = <usize>j << 2;
      const rg = ld1(z + zb + ub + jb);
      const d = ld1(drh + hb + jb);
      st1(dz + zb + ub + jb, f32x4.mul(f32x4.mul(f32x4.mul(d, ld1(hd + hb + jb)), rg), f32x4.sub(one, rg)));
      st1(dhd + hb + jb, f32x4.mul(d, rg));
    }
  }
}
