/**
 * The float32 GEMM: against a naive matrix product (float64, within float32 rounding) and against the stated
 * arithmetic (a sequential float32 sum per element, written here as a plain loop with Math.fround, exactly); the
 * WebAssembly SIMD kernel against the TypeScript kernel bit for bit; packing, transposition, k-chunking, accumulation.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { gemmKernels } from '../../../src/ensemble/mlp/gemm.js';
import { wasmKernels } from '../../../src/ensemble/mlp/wasm.js';

const g = gemmKernels();
const w = wasmKernels();

function random(n: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** C = A B (row-major A: M x K, B: K x N) by the definition: float64 sums, and float32 sequential sums. */
function naive(A: Float32Array, B: Float32Array, M: number, N: number, K: number): { f64: Float64Array; f32: Float32Array } {
  const f64 = new Float64Array(M * N), f32 = new Float32Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0, t = 0;
      for (let k = 0; k < K; k++) {
        s += A[i * K + k]! * B[k * N + j]!;
        t = Math.fround(t + Math.fround(A[i * K + k]! * B[k * N + j]!));
      }
      f64[i * N + j] = s;
      f32[i * N + j] = t;
    }
  }
  return { f64, f32 };
}

/** Runs C = A B through pack + gemm on a heap (`wasm`: the SIMD kernel), returns C unpadded. */
function product(A: Float32Array, B: Float32Array, M: number, N: number, K: number, wasm: boolean, transposedB = false): Float32Array {
  const ldc = g.padded(N);
  const size = M * K + g.padded(N) * K + M * ldc;
  const { heap, kernel } = wasm ? w.allocate(size) : { heap: new Float32Array(size), kernel: undefined };
  heap.set(A, 0);
  const b = M * K, c = b + g.padded(N) * K;
  if (transposedB) {
    const Bt = new Float32Array(N * K);
    for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) Bt[j * K + k] = B[k * N + j]!;
    g.packColumns(Bt, 0, K, K, N, heap, b);
  } else g.packRows(B, 0, N, K, N, heap, b);
  g.gemm(heap, kernel, M, N, K, 0, K, b, c, ldc, false);
  const out = new Float32Array(M * N);
  for (let i = 0; i < M; i++) out.set(heap.subarray(c + i * ldc, c + i * ldc + N), i * N);
  return out;
}

const SHAPES: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [4, 8, 16], [5, 9, 3], [9, 17, 33], [13, 1, 300], [8, 24, 513], [64, 40, 200]];

describe('gemm', () => {
  it.each(SHAPES)('equals the naive product (%i x %i, K = %i): float32 sequential sums exactly, float64 within rounding', (M, N, K) => {
    const rng = new Rng(M * 1000 + N * 10 + K);
    const A = random(M * K, rng), B = random(K * N, rng);
    const ref = naive(A, B, M, N, K);
    const C = product(A, B, M, N, K, false);
    expect(Array.from(C)).toEqual(Array.from(ref.f32));
    for (let i = 0; i < C.length; i++) expect(Math.abs(C[i]! - ref.f64[i]!)).toBeLessThan(1e-5 * K);
    expect(Array.from(product(A, B, M, N, K, false, true))).toEqual(Array.from(C));
  });

  it.each(SHAPES)('WebAssembly SIMD kernel equals the TypeScript kernel bit for bit (%i x %i, K = %i)', (M, N, K) => {
    const rng = new Rng(7 + M + N + K);
    const A = random(M * K, rng), B = random(K * N, rng);
    expect(Array.from(product(A, B, M, N, K, true))).toEqual(Array.from(product(A, B, M, N, K, false)));
  });

  it('WebAssembly SIMD runs here (Node 20)', () => {
    expect(w.available()).toBe(true);
    expect(w.bytes().length).toBe(1437);
  });

  it('accumulates into C when asked, continuing the same sequential sum', () => {
    const rng = new Rng(3);
    const M = 6, N = 10, K = 40;
    const A = random(M * K, rng), B = random(K * N, rng);
    const ref = naive(A, B, M, N, K).f32;
    for (const wasm of [false, true]) {
      const { heap, kernel } = wasm ? w.allocate(4096) : { heap: new Float32Array(4096), kernel: undefined };
      heap.set(A, 0);
      const b = 512, c = 2048, ldc = 16;
      // first 15 k, then the remaining 25 accumulated: the same as one pass
      g.packRows(B, 0, N, 15, N, heap, b);
      g.gemm(heap, kernel, M, N, 15, 0, K, b, c, ldc, false);
      g.packRows(B, 15 * N, N, 25, N, heap, b);
      g.gemm(heap, kernel, M, N, 25, 15, K, b, c, ldc, true);
      for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) expect(heap[c + i * ldc + j]).toBe(ref[i * N + j]);
    }
  });

  it('epilogue: adds the bias (float32) and applies ReLU, identically in both kernels, on the last k-chunk only', () => {
    const rng = new Rng(12);
    const M = 7, N = 13, K = 300, ldc = 16;
    const A = random(M * K, rng), B = random(K * N, rng), bias = random(N, rng);
    const ref = naive(A, B, M, N, K).f32;
    for (const mode of [1, 2]) {
      const results = [false, true].map((wasm) => {
        const size = M * K + 16 * K + M * ldc + 16;
        const { heap, kernel } = wasm ? w.allocate(size) : { heap: new Float32Array(size), kernel: undefined };
        heap.set(A, 0);
        const b = M * K, c = b + 16 * K, bz = c + M * ldc;
        heap.set(bias, bz);
        g.packRows(B, 0, N, K, N, heap, b);
        g.gemm(heap, kernel, M, N, K, 0, K, b, c, ldc, false, bz, mode);
        return Array.from({ length: M * N }, (_, q) => heap[c + Math.floor(q / N) * ldc + (q % N)]!);
      });
      expect(results[1]).toEqual(results[0]);
      const expected = Array.from(ref, (v, q) => Math.fround(v + bias[q % N]!)).map((z) => (mode === 2 && !(z > 0) ? 0 : z));
      expect(results[0]).toEqual(expected);
    }
  });

  it('K = 0 gives zeros (or leaves C when accumulating)', () => {
    const h = new Float32Array(64).fill(5);
    g.gemm(h, undefined, 2, 3, 0, 0, 1, 0, 32, 8, true);
    expect(h[32]).toBe(5);
    g.gemm(h, undefined, 2, 3, 0, 0, 1, 0, 32, 8, false);
    expect(Array.from(h.subarray(32, 48))).toEqual(new Array(16).fill(0));
  });

  it('packs panels of 8 columns with zero padding, and transposes', () => {
    const h = new Float32Array(64);
    g.packRows(Float32Array.of(1, 2, 3, 4, 5, 6), 0, 3, 2, 3, h, 0); // B = [[1, 2, 3], [4, 5, 6]]
    expect(Array.from(h.subarray(0, 16))).toEqual([1, 2, 3, 0, 0, 0, 0, 0, 4, 5, 6, 0, 0, 0, 0, 0]);
    g.packColumns(Float32Array.of(1, 4, 2, 5, 3, 6), 0, 2, 2, 3, h, 16); // the same B given transposed
    expect(Array.from(h.subarray(16, 32))).toEqual(Array.from(h.subarray(0, 16)));
    h.set([1, 2, 3, 4, 5, 6], 32); // 2 x 3 at 32
    g.transpose(h, 32, 3, 2, 3, 48, 2);
    expect(Array.from(h.subarray(48, 54))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(g.padded(9)).toBe(16);
  });
});
