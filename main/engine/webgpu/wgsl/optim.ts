// Optimizer updates (Keras 3 rules and defaults, the CPU engine's formulas in optimizers.ts) with
// global-norm clipping: each kernel sums the per-parameter squared norms itself, so no extra pass reads
// them. Nothing moves once the step's loss was not finite (the sticky bad flag): the weights stay as they
// were before that batch, as the CPU engine stops before applying it.
export const OPTIMIZER_KINDS = { adam: 0, rmsprop: 1, momentum: 2, sgd: 3 } as const;

export function optimizerWgsl(kind: keyof typeof OPTIMIZER_KINDS): string {
  const update: Record<keyof typeof OPTIMIZER_KINDS, string> = {
    adam: /* wgsl */ `
      let mr = m1[i] + (g - m1[i]) * (1.0 - p.b1);
      let mi = select(0.0, mr, abs(mr) > 1e-30);
      let vr = v1[i] + (g * g - v1[i]) * (1.0 - p.b2);
      let vi = select(0.0, vr, vr > 1e-30);
      m1[i] = mi;
      v1[i] = vi;
      w[i] = w[i] - (mi * alpha) / (sqrt(vi) + p.eps);`,
    rmsprop: /* wgsl */ `
      let vr = p.b1 * m1[i] + (1.0 - p.b1) * g * g;
      let vi = select(0.0, vr, vr > 1e-30);
      m1[i] = vi;
      w[i] = w[i] - (p.lr * g) / sqrt(vi + p.eps);`,
    momentum: /* wgsl */ `
      let mr = p.b1 * m1[i] - p.lr * g;
      let mi = select(0.0, mr, abs(mr) > 1e-30);
      m1[i] = mi;
      w[i] = w[i] + mi;`,
    sgd: /* wgsl */ `
      w[i] = w[i] - p.lr * g;`,
  };
  return /* wgsl */ `
struct P { n: u32, clip: f32, nParts: u32, alphaIdx: u32, lr: f32, b1: f32, b2: f32, eps: f32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read_write> w: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> m1: array<f32>;
@group(0) @binding(4) var<storage, read_write> v1: array<f32>;
@group(0) @binding(5) var<storage, read> bad: array<u32>;
@group(0) @binding(6) var<storage, read> parts: array<f32>;
@group(0) @binding(7) var<storage, read> dyn: array<u32>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nw: vec3u) {
  if (bad[0] != 0u) { return; }
  var scale = 1.0;
  if (p.clip > 0.0) {
    var sq = 0.0;
    for (var k = 0u; k < p.nParts; k++) { sq += parts[k]; }
    let norm = sqrt(sq);
    if (norm > p.clip && (bitcast<u32>(norm) & 0x7f800000u) != 0x7f800000u) { scale = p.clip / norm; }
  }
  let alpha = bitcast<f32>(dyn[p.alphaIdx]);
  for (var i = gid.x; i < p.n; i += nw.x * 256u) {
    let g = grad[i] * scale;
    ${update[kind]}
  }
}
`;
}
