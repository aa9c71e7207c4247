// AssemblyScript source of the WebAssembly SIMD128 SGEMM (compiled by scripts/build-wasm.mjs, not by tsc:
// hence the .as extension). Row-major C = beta·C + op(A)·op(B) on raw byte pointers into the shared memory.
//
// Goto/BLIS structure: B is packed into kc×NR column panels, A into MR×kc row panels (zero-padded at the
// edges), and a 4×8 register-blocked micro-kernel (8 f32x4 accumulators) runs over them. Packing absorbs the
// four transpose combinations and any row strides, so the micro-kernel only ever sees unit-stride panels.
// Products with M = 1 or N = 1 (bias gradients, the Dense(1) head) take matrix-vector paths without packing.
// Single-threaded: the JS side splits big products across worker threads by rows or columns of C.

// acc + a·b. The FMA build (dist/wasm/sgemm-fma.wasm, used where the runtime has relaxed SIMD: Node ≥ 22,
// Electron) swaps in the marked line; results then differ from this build only in rounding.
// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, acc: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b)); // FMA-VARIANT: return f32x4.relaxed_madd(a, b, acc);
}

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256; // kc×NR B panel = 8 KiB: stays in L1 while the A panels stream from L2
const MC: i32 = 128; // MC×KC packed A = 128 KiB: lives in L2
const NC: i32 = 1024; // KC×NC packed B = 1 MiB

/** Bytes of scratch one caller of sgemm needs (packed A, packed B, one edge tile). */
export function workspaceBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 4;
}

// Packs rows i0..i0+mc, depth p0..p0+kc of op(A) into panels of MR rows, each stored k-major (MR floats per k).
function packA(transA: i32, a: usize, lda: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    const i = i0 + ir;
    if (transA) {
      // op(A)(i,k) = A[k][i]: the MR values of one k are contiguous.
      let src = a + ((<usize>p0 * lda + i) << 2);
      const step = <usize>lda << 2;
      if (mr == MR) {
        for (let k = 0; k < kc; k++) {
          v128.store(dst, v128.load(src));
          src += step;
          dst += 16;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          for (let r = 0; r < MR; r++) store<f32>(dst + (r << 2), r < mr ? load<f32>(src + (r << 2)) : 0);
          src += step;
          dst += 16;
        }
      }
    } else {
      // op(A)(i,k) = A[i][k]: transpose 4×4 blocks of four rows.
      const step = <usize>lda << 2;
      const r0 = a + ((<usize>i * lda + p0) << 2);
      if (mr == MR) {
        const r1 = r0 + step, r2 = r1 + step, r3 = r2 + step;
        let k = 0;
        for (; k + 4 <= kc; k += 4) {
          const o = <usize>k << 2;
          const x0 = v128.load(r0 + o), x1 = v128.load(r1 + o), x2 = v128.load(r2 + o), x3 = v128.load(r3 + o);
          const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5), t1 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
          const t2 = i32x4.shuffle(x2, x3, 0, 4, 1, 5), t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
          v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
          v128.store(dst, i32x4.shuffle(t0, t2, 2, 3, 6, 7), 16);
          v128.store(dst, i32x4.shuffle(t1, t3, 0, 1, 4, 5), 32);
          v128.store(dst, i32x4.shuffle(t1, t3, 2, 3, 6, 7), 48);
          dst += 64;
        }
        for (; k < kc; k++) {
          const o = <usize>k << 2;
          store<f32>(dst, load<f32>(r0 + o));
          store<f32>(dst, load<f32>(r1 + o), 4);
          store<f32>(dst, load<f32>(r2 + o), 8);
          store<f32>(dst, load<f32>(r3 + o), 12);
          dst += 16;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          const o = <usize>k << 2;
          for (let r = 0; r < MR; r++) store<f32>(dst + (r << 2), r < mr ? load<f32>(r0 + <usize>r * step + o) : 0);
          dst += 16;
        }
      }
    }
  }
}

// Packs depth p0..p0+kc, columns j0..j0+nc of op(B) into panels of NR columns, each stored k-major.
function packB(transB: i32, b: usize, ldb: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const step = <usize>ldb << 2;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const j = j0 + jr;
    if (!transB) {
      // op(B)(k,j) = B[k][j]: NR contiguous floats per k.
      let src = b + ((<usize>p0 * ldb + j) << 2);
      if (nr == NR) {
        for (let k = 0; k < kc; k++) {
          v128.store(dst, v128.load(src));
          v128.store(dst, v128.load(src, 16), 16);
          src += step;
          dst += 32;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          for (let c = 0; c < NR; c++) store<f32>(dst + (c << 2), c < nr ? load<f32>(src + (c << 2)) : 0);
          src += step;
          dst += 32;
        }
      }
    } else {
      // op(B)(k,j) = B[j][k]: transpose 4×4 blocks of two groups of four rows of B.
      const r0 = b + ((<usize>j * ldb + p0) << 2);
      if (nr == NR) {
        const r1 = r0 + step, r2 = r1 + step, r3 = r2 + step;
        const r4 = r3 + step, r5 = r4 + step, r6 = r5 + step, r7 = r6 + step;
        let k = 0;
        for (; k + 4 <= kc; k += 4) {
          const o = <usize>k << 2;
          let x0 = v128.load(r0 + o), x1 = v128.load(r1 + o), x2 = v128.load(r2 + o), x3 = v128.load(r3 + o);
          let t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5), t1 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
          let t2 = i32x4.shuffle(x2, x3, 0, 4, 1, 5), t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
          v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
          v128.store(dst, i32x4.shuffle(t0, t2, 2, 3, 6, 7), 32);
          v128.store(dst, i32x4.shuffle(t1, t3, 0, 1, 4, 5), 64);
          v128.store(dst, i32x4.shuffle(t1, t3, 2, 3, 6, 7), 96);
          x0 = v128.load(r4 + o); x1 = v128.load(r5 + o); x2 = v128.load(r6 + o); x3 = v128.load(r7 + o);
          t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5); t1 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
          t2 = i32x4.shuffle(x2, x3, 0, 4, 1, 5); t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
          v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5), 16);
          v128.store(dst, i32x4.shuffle(t0, t2, 2, 3, 6, 7), 48);
          v128.store(dst, i32x4.shuffle(t1, t3, 0, 1, 4, 5), 80);
          v128.store(dst, i32x4.shuffle(t1, t3, 2, 3, 6, 7), 112);
          dst += 128;
        }
        for (; k < kc; k++) {
          const o = <usize>k << 2;
          for (let c = 0; c < NR; c++) store<f32>(dst + (c << 2), load<f32>(r0 + <usize>c * step + o));
          dst += 32;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          const o = <usize>k << 2;
          for (let c = 0; c < NR; c++) store<f32>(dst + (c << 2), c < nr ? load<f32>(r0 + <usize>c * step + o) : 0);
          dst += 32;
        }
      }
    }
  }
}

// C[0..MR, 0..NR] (row stride ldcB bytes) = (acc ? C : 0) + Apanel·Bpanel over kc.
// @inline keeps the eight accumulators in registers in the caller's loop.
// @ts-ignore: decorator
@inline
function kernel4x8(kc: i32, ap: usize, bp: usize, c: usize, ldcB: usize, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    ap += 16;
    bp += 32;
  }
  if (acc) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + ldcB)); c11 = f32x4.add(c11, v128.load(c + ldcB, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * ldcB)); c21 = f32x4.add(c21, v128.load(c + 2 * ldcB, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * ldcB)); c31 = f32x4.add(c31, v128.load(c + 3 * ldcB, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldcB, c10); v128.store(c + ldcB, c11, 16);
  v128.store(c + 2 * ldcB, c20); v128.store(c + 2 * ldcB, c21, 16);
  v128.store(c + 3 * ldcB, c30); v128.store(c + 3 * ldcB, c31, 16);
}

// ---- Matrix-vector products (M = 1 or N = 1): no packing, streamed once, SIMD over the long side. ----

const KB: i32 = MC * KC; // floats of a gathered vector per pass (fits the packed-A area)
const LB: i32 = KC * NC; // floats of a column result per pass (fits the packed-B area)

// out[0..L) = (acc ? out : 0) + Σ_k s[k]·X[k][0..L); s and out contiguous, X rows ldxB bytes apart.
// Streams X once, row by row, four rows per sweep over out (which stays in L1 for the lengths used here);
// each out[j] still sums its terms in k order.
function axpyRows(L: i32, K: i32, s: usize, x: usize, ldxB: usize, out: usize, acc: bool): void {
  const L4 = L & ~3;
  const bytes = <usize>L << 2;
  if (!acc) memory.fill(out, 0, bytes);
  let k = 0;
  for (; k + 4 <= K; k += 4) {
    const sp = s + (<usize>k << 2);
    const v0 = v128.load32_splat(sp), v1 = v128.load32_splat(sp, 4), v2 = v128.load32_splat(sp, 8), v3 = v128.load32_splat(sp, 12);
    const x0 = x + <usize>k * ldxB, x1 = x0 + ldxB, x2 = x1 + ldxB, x3 = x2 + ldxB;
    let j = 0;
    for (; j < L4; j += 4) {
      const o = <usize>j << 2;
      let t = v128.load(out + o);
      t = madd(v0, v128.load(x0 + o), t);
      t = madd(v1, v128.load(x1 + o), t);
      t = madd(v2, v128.load(x2 + o), t);
      t = madd(v3, v128.load(x3 + o), t);
      v128.store(out + o, t);
    }
    for (; j < L; j++) {
      const o = <usize>j << 2;
      let t = load<f32>(out + o);
      t += f32x4.extract_lane(v0, 0) * load<f32>(x0 + o);
      t += f32x4.extract_lane(v1, 0) * load<f32>(x1 + o);
      t += f32x4.extract_lane(v2, 0) * load<f32>(x2 + o);
      t += f32x4.extract_lane(v3, 0) * load<f32>(x3 + o);
      store<f32>(out + o, t);
    }
  }
  for (; k < K; k++) {
    const v = v128.load32_splat(s + (<usize>k << 2));
    const xr = x + <usize>k * ldxB;
    let j = 0;
    for (; j < L4; j += 4) {
      const o = <usize>j << 2;
      v128.store(out + o, madd(v, v128.load(xr + o), v128.load(out + o)));
    }
    for (; j < L; j++) {
      const o = <usize>j << 2;
      store<f32>(out + o, load<f32>(out + o) + f32x4.extract_lane(v, 0) * load<f32>(xr + o));
    }
  }
}

// out[j·outStrideB] = (acc ? out : 0) + Σ_k s[k]·X[j][k] for j < L; s contiguous, X rows ldxB bytes apart.
function dots(L: i32, K: i32, s: usize, x: usize, ldxB: usize, out: usize, outStrideB: usize, acc: bool): void {
  for (let j = 0; j < L; j++) {
    const xr = x + <usize>j * ldxB;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let k = 0;
    for (; k + 16 <= K; k += 16) {
      const o = <usize>k << 2;
      a0 = madd(v128.load(s + o), v128.load(xr + o), a0);
      a1 = madd(v128.load(s + o, 16), v128.load(xr + o, 16), a1);
      a2 = madd(v128.load(s + o, 32), v128.load(xr + o, 32), a2);
      a3 = madd(v128.load(s + o, 48), v128.load(xr + o, 48), a3);
    }
    for (; k + 4 <= K; k += 4) {
      const o = <usize>k << 2;
      a0 = madd(v128.load(s + o), v128.load(xr + o), a0);
    }
    const v = f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3));
    let t = f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
    for (; k < K; k++) t += load<f32>(s + (<usize>k << 2)) * load<f32>(xr + (<usize>k << 2));
    const op = out + <usize>j * outStrideB;
    store<f32>(op, acc ? load<f32>(op) + t : t);
  }
}

// n floats, stride strideB bytes apart, copied to a contiguous dst.
function gather(n: i32, src: usize, strideB: usize, dst: usize): void {
  for (let i = 0; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + <usize>i * strideB));
}

// C (1×N) = beta·C + op(A) (1×K) · op(B).
function gemvRow(transA: i32, transB: i32, N: i32, K: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, beta: i32, ws: usize): void {
  const ldaB = <usize>lda << 2, ldbB = <usize>ldb << 2;
  for (let p = 0; p < K; p += KB) {
    const kb = min(KB, K - p);
    const acc = beta != 0 || p > 0;
    // op(A)(0,k) is a[k] (contiguous) or a[k·lda] (gathered into ws).
    let s = a + (transA ? <usize>p * ldaB : <usize>p << 2);
    if (transA) {
      gather(kb, s, ldaB, ws);
      s = ws;
    }
    if (transB) dots(N, kb, s, b + (<usize>p << 2), ldbB, c, 4, acc);
    else axpyRows(N, kb, s, b + <usize>p * ldbB, ldbB, c, acc);
  }
}

// C (M×1, rows ldc apart) = beta·C + op(A) · op(B) (K×1).
function gemvCol(transA: i32, transB: i32, M: i32, K: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, beta: i32, ws: usize): void {
  const ldaB = <usize>lda << 2, ldbB = <usize>ldb << 2, ldcB = <usize>ldc << 2;
  const tmp = ws + (<usize>(MC * KC) << 2);
  for (let p = 0; p < K; p += KB) {
    const kb = min(KB, K - p);
    const acc = beta != 0 || p > 0;
    // op(B)(k,0) is b[k] (contiguous) or b[k·ldb] (gathered into ws).
    let s = b + (transB ? <usize>p << 2 : <usize>p * ldbB);
    if (!transB) {
      gather(kb, s, ldbB, ws);
      s = ws;
    }
    if (!transA) {
      dots(M, kb, s, a + (<usize>p << 2), ldaB, c, ldcB, acc);
    } else {
      // op(A)(i,k) = A[k][i]: combine rows of A into a contiguous block, then scatter into the column of C.
      for (let i = 0; i < M; i += LB) {
        const lb = min(LB, M - i);
        axpyRows(lb, kb, s, a + <usize>p * ldaB + (<usize>i << 2), ldaB, tmp, false);
        for (let r = 0; r < lb; r++) {
          const cp = c + <usize>(i + r) * ldcB;
          const v = load<f32>(tmp + (<usize>r << 2));
          store<f32>(cp, acc ? load<f32>(cp) + v : v);
        }
      }
    }
  }
}

/**
 * C = beta·C + op(A)·op(B); op(A) is M×K, op(B) K×N, C M×N, all row-major with row strides (in floats) of the
 * arrays as stored. a, b, c are byte addresses; ws is a private workspace of workspaceBytes() bytes.
 */
export function sgemm(
  transA: i32, transB: i32, M: i32, N: i32, K: i32,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, beta: i32, ws: usize,
): void {
  if (M <= 0 || N <= 0) return;
  const ldcB = <usize>ldc << 2;
  if (K <= 0) {
    if (beta == 0) for (let i = 0; i < M; i++) memory.fill(c + <usize>i * ldcB, 0, <usize>N << 2);
    return;
  }
  if (M == 1) {
    gemvRow(transA, transB, N, K, a, lda, b, ldb, c, beta, ws);
    return;
  }
  if (N == 1) {
    gemvCol(transA, transB, M, K, a, lda, b, ldb, c, ldc, beta, ws);
    return;
  }
  const apk = ws;
  const bpk = ws + (<usize>(MC * KC) << 2);
  const tile = bpk + (<usize>(KC * NC) << 2);
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      const acc = beta != 0 || pc > 0;
      packB(transB, b, ldb, pc, kc, jc, nc, bpk);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        packA(transA, a, lda, ic, mc, pc, kc, apk);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bp = bpk + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const ap = apk + (<usize>(ir * kc) << 2);
            const cp = c + ((<usize>(ic + ir) * ldc + jc + jr) << 2);
            if (mr == MR && nr == NR) {
              kernel4x8(kc, ap, bp, cp, ldcB, acc);
            } else {
              kernel4x8(kc, ap, bp, tile, NR << 2, false);
              for (let r = 0; r < mr; r++) {
                const crow = cp + <usize>r * ldcB;
                const trow = tile + (<usize>(r * NR) << 2);
                for (let q = 0; q < nr; q++) {
                  const o = <usize>q << 2;
                  const v = load<f32>(trow + o);
                  store<f32>(crow + o, acc ? load<f32>(crow + o) + v : v);
                }
              }
            }
          }
        }
      }
    }
  }
}
