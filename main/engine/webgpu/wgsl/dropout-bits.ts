// A batch's dropout decisions drawn on the GPU from the engine's xoshiro128** stream (rng.ts): the keep bit
// of draw i of a mask is (next u32 < thr), exactly rng.uniform() < keep on the CPU with thr = ⌈keep·2³²⌉.
// Each thread jumps the step's starting state to its first draw (rng-jump.ts's table of M^(2^b)) and draws
// WORDS_PER_THREAD·32 decisions in order, packed 32 to a word (bit i of word i / 32) as the mask kernels read them.
export const WORDS_PER_THREAD = 32;

export const DROPOUT_BITS_WGSL = /* wgsl */ `
struct P { count: u32, offset: u32, thr: u32, keepAll: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> table: array<u32>;
@group(0) @binding(2) var<storage, read> start: array<u32>;
@group(0) @binding(3) var<storage, read_write> bits: array<u32>;
const W = ${WORDS_PER_THREAD}u;

fn rotl(x: u32, k: u32) -> u32 { return (x << k) | (x >> (32u - k)); }

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let words = (p.count + 31u) / 32u;
  for (var first = g.x * W; first < words; first += nw.x * 64u * W) {
    // The state p.offset + first·32 draws after the step's start: jump by each set bit.
    var s = vec4u(start[0], start[1], start[2], start[3]);
    let n = p.offset + first * 32u;
    for (var b = 0u; b < 32u; b++) {
      if (((n >> b) & 1u) == 0u) { continue; }
      var o = vec4u(0u);
      for (var i = 0u; i < 128u; i++) {
        if (((s[i >> 5u] >> (i & 31u)) & 1u) != 0u) {
          let c = (b * 128u + i) * 4u;
          o ^= vec4u(table[c], table[c + 1u], table[c + 2u], table[c + 3u]);
        }
      }
      s = o;
    }
    let last = min(first + W, words);
    for (var w = first; w < last; w++) {
      var word = 0u;
      let k = min(32u, p.count - w * 32u);
      for (var j = 0u; j < k; j++) {
        let r = rotl(s.y * 5u, 7u) * 9u;
        let t = s.y << 9u;
        s.z ^= s.x;
        s.w ^= s.y;
        s.y ^= s.z;
        s.x ^= s.w;
        s.z ^= t;
        s.w = rotl(s.w, 11u);
        if (p.keepAll != 0u || r < p.thr) { word |= 1u << j; }
      }
      bits[w] = word;
    }
  }
}
`;
