/**
 * The float32 matrix product of the MLP, in plain TypeScript: packing, transposition and a cache-blocked,
 * register-blocked kernel whose every multiply and add is rounded to float32 (`Math.fround`), so that it computes
 * exactly what the WebAssembly SIMD kernel of `wasm.ts` computes. Either kernel gives, for every output element,
 *
 *   C[i][j] = fl32( ... fl32(fl32(c0 + fl32(A[i][0] * B[0][j])) + fl32(A[i][1] * B[1][j])) ... + fl32(A[i][K-1] * B[K-1][j]))
 *
 * with c0 = 0 (or the previous C[i][j] when accumulating): a sequential float32 sum over k, whatever the blocking.
 *
 * Everything lives in one factory, {@link gemmKernels}, that refers to nothing outside itself: the Node worker
 * threads of `parallel.node.ts` receive it as source text (`String(gemmKernels)`) and run the very same code.
 *
 * @module
 */

/**
 * The GEMM building blocks. All matrices live in one `Float32Array` heap (the WebAssembly memory when the SIMD
 * kernel is used) and are addressed by element offsets. B operands are *packed* first into panels of 8 columns:
 * element (k, j) of a K x N matrix B goes to `dst + (floor(j / 8) * K + k) * 8 + j % 8`, with zeros in the padding
 * columns j >= N. The product C = A B then writes `ceil(N / 8) * 8` columns per row of C (the padding columns are
 * scratch), so `ldc` must be at least that.
 *
 * Blocking: the k dimension is cut into chunks of `KC` = 256 (a packed chunk of B, 256 x 256 floats at most, stays
 * in L2), the rows into blocks of 4 and the columns into the panels of 8 (the 4 x 8 tile of C stays in registers).
 *
 * @example
 * ```ts
 * const g = gemmKernels()
 * const h = new Float32Array(64)                  // heap: A (2x2) at 0, packed B at 8, C (2 x 8) at 40
 * h.set([1, 2, 3, 4], 0)
 * g.packRows(Float32Array.of(5, 6, 7, 8), 0, 2, 2, 2, h, 8) // B = [[5, 6], [7, 8]]
 * g.gemm(h, undefined, 2, 2, 2, 0, 2, 8, 40, 8, false)
 * [h[40], h[41], h[48], h[49]] // => [19, 22, 43, 50]
 * ```
 */
export function gemmKernels() {
  /** k-chunk length of the blocking. */
  const KC = 256;

  /** Width of C rows written for N columns: N rounded up to the panel width 8. */
  function padded(n: number): number {
    return (n + 7) & ~7;
  }

  /** Packs B(k, j) = src[so + k * ld + j] (a row-major K x N matrix) into panels at `h[dst]`. */
  function packRows(src: Float32Array, so: number, ld: number, K: number, N: number, h: Float32Array, dst: number): void {
    for (let j0 = 0; j0 < N; j0 += 8) {
      const w = Math.min(8, N - j0);
      let o = dst + j0 * K;
      for (let k = 0, s = so + j0; k < K; k++, o += 8, s += ld) {
        if (w === 8) {
          h[o] = src[s]!; h[o + 1] = src[s + 1]!; h[o + 2] = src[s + 2]!; h[o + 3] = src[s + 3]!;
          h[o + 4] = src[s + 4]!; h[o + 5] = src[s + 5]!; h[o + 6] = src[s + 6]!; h[o + 7] = src[s + 7]!;
        } else for (let l = 0; l < 8; l++) h[o + l] = l < w ? src[s + l]! : 0;
      }
    }
  }

  /** Packs B(k, j) = src[so + j * ld + k] (B given transposed: a row-major N x K matrix, like a layer's weight) into panels at `h[dst]`. */
  function packColumns(src: Float32Array, so: number, ld: number, K: number, N: number, h: Float32Array, dst: number): void {
    for (let j0 = 0; j0 < N; j0 += 8) {
      const w = Math.min(8, N - j0);
      const o = dst + j0 * K;
      for (let l = 0; l < 8; l++) {
        if (l < w) {
          const s = so + (j0 + l) * ld;
          for (let k = 0; k < K; k++) h[o + k * 8 + l] = src[s + k]!;
        } else {
          for (let k = 0; k < K; k++) h[o + k * 8 + l] = 0;
        }
      }
    }
  }

  /** `h[dst + j * ldt + i] = h[src + i * ld + j]` for i < rows, j < cols, in 8 x 8 tiles. */
  function transpose(h: Float32Array, src: number, ld: number, rows: number, cols: number, dst: number, ldt: number): void {
    for (let i0 = 0; i0 < rows; i0 += 8) {
      const i1 = Math.min(rows, i0 + 8);
      for (let j0 = 0; j0 < cols; j0 += 8) {
        const j1 = Math.min(cols, j0 + 8);
        for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) h[dst + j * ldt + i] = h[src + i * ld + j]!;
      }
    }
  }

  /**
   * The TypeScript kernel: C[i][8p + l] (+)= sum_k A[i][k] * Bpanel_p[k][l] for i < M, p < P, k < K, in float32
   * arithmetic (see the module comment). `ps` is the distance between panels (the packed matrix's full K times 8).
   * Then the epilogue of `mode` (see {@link gemm}).
   */
  function kernel(h: Float32Array, M: number, P: number, K: number, a: number, lda: number, b: number, ps: number, c: number, ldc: number, acc: boolean, bias: number, mode: number): void {
    const fr = Math.fround;
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      const a0 = a + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
      for (let p = 0; p < P; p++) {
        for (let half = 0; half < 8; half += 4) {
          const o0 = c + i * ldc + p * 8 + half, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
          let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
          let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
          if (acc) {
            c00 = h[o0]!; c01 = h[o0 + 1]!; c02 = h[o0 + 2]!; c03 = h[o0 + 3]!;
            c10 = h[o1]!; c11 = h[o1 + 1]!; c12 = h[o1 + 2]!; c13 = h[o1 + 3]!;
            c20 = h[o2]!; c21 = h[o2 + 1]!; c22 = h[o2 + 2]!; c23 = h[o2 + 3]!;
            c30 = h[o3]!; c31 = h[o3 + 1]!; c32 = h[o3 + 2]!; c33 = h[o3 + 3]!;
          }
          for (let k = 0, q = b + p * ps + half; k < K; k++, q += 8) {
            const y0 = h[q]!, y1 = h[q + 1]!, y2 = h[q + 2]!, y3 = h[q + 3]!;
            let x = h[a0 + k]!;
            c00 = fr(c00 + fr(x * y0)); c01 = fr(c01 + fr(x * y1)); c02 = fr(c02 + fr(x * y2)); c03 = fr(c03 + fr(x * y3));
            x = h[a1 + k]!;
            c10 = fr(c10 + fr(x * y0)); c11 = fr(c11 + fr(x * y1)); c12 = fr(c12 + fr(x * y2)); c13 = fr(c13 + fr(x * y3));
            x = h[a2 + k]!;
            c20 = fr(c20 + fr(x * y0)); c21 = fr(c21 + fr(x * y1)); c22 = fr(c22 + fr(x * y2)); c23 = fr(c23 + fr(x * y3));
            x = h[a3 + k]!;
            c30 = fr(c30 + fr(x * y0)); c31 = fr(c31 + fr(x * y1)); c32 = fr(c32 + fr(x * y2)); c33 = fr(c33 + fr(x * y3));
          }
          h[o0] = c00; h[o0 + 1] = c01; h[o0 + 2] = c02; h[o0 + 3] = c03;
          h[o1] = c10; h[o1 + 1] = c11; h[o1 + 2] = c12; h[o1 + 3] = c13;
          h[o2] = c20; h[o2 + 1] = c21; h[o2 + 2] = c22; h[o2 + 3] = c23;
          h[o3] = c30; h[o3 + 1] = c31; h[o3 + 2] = c32; h[o3 + 3] = c33;
        }
      }
      if (mode !== 0) epilogue(h, c + i * ldc, ldc, 4, P * 8, bias, mode);
    }
    for (; i < M; i++) {
      const ai = a + i * lda;
      for (let p = 0; p < P; p++) {
        const o = c + i * ldc + p * 8;
        for (let l = 0; l < 8; l++) {
          let s = acc ? h[o + l]! : 0;
          for (let k = 0, q = b + p * ps + l; k < K; k++, q += 8) s = fr(s + fr(h[ai + k]! * h[q]!));
          h[o + l] = s;
        }
      }
      if (mode !== 0) epilogue(h, c + i * ldc, ldc, 1, P * 8, bias, mode);
    }
  }

  /** Rows [0, rows) of C at `c`, `width` columns: add bias[j] (float32 sum), and with mode 2 apply ReLU (0 < x ? x : 0). */
  function epilogue(h: Float32Array, c: number, ldc: number, rows: number, width: number, bias: number, mode: number): void {
    for (let i = 0; i < rows; i++) {
      for (let j = 0, o = c + i * ldc; j < width; j++) {
        const z = h[o + j]! + h[bias + j]!;
        h[o + j] = mode === 2 && !(z > 0) ? 0 : z;
      }
    }
  }

  /** The signature of a kernel on byte addresses (the WebAssembly one), see `wasm.ts`. */
  type ByteKernel = (M: number, P: number, K: number, a: number, lda: number, b: number, ps: number, c: number, ldc: number, acc: number, bias: number, mode: number) => void;

  /**
   * C (M x N, row stride `ldc`) = A (M x K, row stride `lda`) times the packed B, at element offsets `a`, `b`, `c`
   * of the heap `h`; `acc` adds to C instead. Then the epilogue `mode`: 0 none, 1 C = fl32(C + bias[j]), 2 also
   * C = (0 < C ? C : 0), with the `ceil(N / 8) * 8` bias values at offset `bias`. Runs the WebAssembly kernel `wasm`
   * when given (then `h` must be a view of its memory from byte 0), the TypeScript kernel otherwise: the results
   * are identical.
   */
  function gemm(h: Float32Array, wasm: ByteKernel | undefined, M: number, N: number, K: number, a: number, lda: number, b: number, c: number, ldc: number, acc: boolean, bias = 0, mode = 0): void {
    if (M === 0 || N === 0) return;
    const P = padded(N) >> 3;
    if (K === 0) {
      if (!acc) for (let i = 0; i < M; i++) h.fill(0, c + i * ldc, c + i * ldc + P * 8);
      if (mode !== 0) epilogue(h, c, ldc, M, P * 8, bias, mode);
      return;
    }
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kc = Math.min(KC, K - k0);
      const add = acc || k0 > 0;
      const last = k0 + kc === K ? mode : 0;
      if (wasm) wasm(M, P, kc, 4 * (a + k0), 4 * lda, 4 * (b + k0 * 8), 32 * K, 4 * c, 4 * ldc, add ? 1 : 0, 4 * bias, last);
      else kernel(h, M, P, kc, a + k0, lda, b + k0 * 8, 8 * K, c, ldc, add, bias, last);
    }
  }

  return { KC, padded, packRows, packColumns, transpose, kernel, epilogue, gemm };
}

/** The building blocks returned by {@link gemmKernels}. */
export type GemmKernels = ReturnType<typeof gemmKernels>;
