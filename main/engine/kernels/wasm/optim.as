// AssemblyScript source of the optimizers' elementwise updates in WebAssembly SIMD128 (compiled by
// scripts/build-wasm.mjs). The same rules as the JS loops in main/engine/optimizers.ts, in float32 (the JS
// loops round each stored value to float32 too, so the two differ only in the last bits): one pass over
// every weight of a parameter, the embedding's 1.28M included, which in JS was a sixth of a training step.
// w, g, m, v are byte addresses of n floats, 16-byte aligned (the kernel heap aligns every allocation).

// Moments smaller than this are flushed to zero: untouched embedding rows' moments decay geometrically
// and would otherwise crawl through the subnormal range, which costs x86 a microcode assist per value.
const TINY: f32 = 1e-30;

/** Adam (Keras: ε outside the bias correction, folded into alpha = lr·√(1−β2ᵗ)/(1−β1ᵗ)). */
export function adam(w: usize, g: usize, m: usize, v: usize, n: i32, alpha: f32, b1: f32, b2: f32, eps: f32): void {
  const c1 = f32x4.splat(1 - b1);
  const c2 = f32x4.splat(1 - b2);
  const al = f32x4.splat(alpha);
  const ep = f32x4.splat(eps);
  const tiny = f32x4.splat(TINY);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    const gi = v128.load(g + o);
    const m0 = v128.load(m + o);
    const v0 = v128.load(v + o);
    let mi = f32x4.add(m0, f32x4.mul(f32x4.sub(gi, m0), c1));
    mi = v128.and(mi, f32x4.gt(f32x4.abs(mi), tiny));
    let vi = f32x4.add(v0, f32x4.mul(f32x4.sub(f32x4.mul(gi, gi), v0), c2));
    vi = v128.and(vi, f32x4.gt(vi, tiny));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const step = f32x4.div(f32x4.mul(mi, al), f32x4.add(f32x4.sqrt(vi), ep));
    v128.store(w + o, f32x4.sub(v128.load(w + o), step));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const m0 = load<f32>(m + o);
    const v0 = load<f32>(v + o);
    let mi = m0 + (gi - m0) * (1 - b1);
    if (!(abs<f32>(mi) > TINY)) mi = 0;
    let vi = v0 + (gi * gi - v0) * (1 - b2);
    if (!(vi > TINY)) vi = 0;
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    store<f32>(w + o, load<f32>(w + o) - (mi * alpha) / (sqrt<f32>(vi) + eps));
  }
}

/** RMSprop without momentum (Keras: ε inside the square root). */
export function rmsprop(w: usize, g: usize, v: usize, n: i32, lr: f32, rho: f32, eps: f32): void {
  const r = f32x4.splat(rho);
  const c = f32x4.splat(1 - rho);
  const l = f32x4.splat(lr);
  const ep = f32x4.splat(eps);
  const tiny = f32x4.splat(TINY);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    const gi = v128.load(g + o);
    let vi = f32x4.add(f32x4.mul(r, v128.load(v + o)), f32x4.mul(f32x4.mul(c, gi), gi));
    vi = v128.and(vi, f32x4.gt(vi, tiny));
    v128.store(v + o, vi);
    const step = f32x4.div(f32x4.mul(l, gi), f32x4.sqrt(f32x4.add(vi, ep)));
    v128.store(w + o, f32x4.sub(v128.load(w + o), step));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    let vi = rho * load<f32>(v + o) + (1 - rho) * gi * gi;
    if (!(vi > TINY)) vi = 0;
    store<f32>(v + o, vi);
    store<f32>(w + o, load<f32>(w + o) - (lr * gi) / sqrt<f32>(vi + eps));
  }
}

/** SGD with momentum (Keras: m = μ·m − lr·g; w += m). */
export function momentum(w: usize, g: usize, m: usize, n: i32, lr: f32, mu: f32): void {
  const u = f32x4.splat(mu);
  const l = f32x4.splat(lr);
  const tiny = f32x4.splat(TINY);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    let mi = f32x4.sub(f32x4.mul(u, v128.load(m + o)), f32x4.mul(l, v128.load(g + o)));
    mi = v128.and(mi, f32x4.gt(f32x4.abs(mi), tiny));
    v128.store(m + o, mi);
    v128.store(w + o, f32x4.add(v128.load(w + o), mi));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    let mi = mu * load<f32>(m + o) - lr * load<f32>(g + o);
    if (!(abs<f32>(mi) > TINY)) mi = 0;
    store<f32>(m + o, mi);
    store<f32>(w + o, load<f32>(w + o) + mi);
  }
}
