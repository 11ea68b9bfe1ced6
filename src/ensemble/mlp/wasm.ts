/**
 * The WebAssembly SIMD kernel of the MLP's matrix product, assembled at run time from the opcodes below (no
 * binary blob, no toolchain): a 4 x 8 register tile of float32x4 accumulators, `f32x4.mul` then `f32x4.add` per k,
 * so each output element is the same sequential float32 sum as the TypeScript kernel of `gemm.ts` computes with
 * `Math.fround`, bit for bit (no fused multiply-add: WebAssembly SIMD 128 has none outside relaxed SIMD); then the
 * optional epilogue, `f32x4.add` of the bias and `f32x4.pmax(0, x)` for ReLU.
 * WebAssembly SIMD runs in Node >= 16.4, Deno, and current Chrome, Firefox and Safari; where it is missing
 * (or WebAssembly itself, as in some embedded engines) {@link wasmKernels}' `available()` is false and the
 * TypeScript kernel is used, with the same results, about 10 times slower.
 *
 * Reference: WebAssembly Core Specification 2.0, binary format (5.) and the SIMD instructions (opcodes 0xFD).
 * Self-contained like `gemmKernels`, so that worker threads can receive it as source text.
 *
 * @module
 */

/**
 * The SIMD kernel factory: `bytes()` (the module, about 1 kB), `available()` (does this runtime compile
 * it?) and `allocate(floats)`, a new memory with its float32 heap and the kernel on byte addresses of it:
 * `gemm(M, P, K, a, lda, b, ps, c, ldc, acc, bias, mode)` computes, for i < M and the P panels of 8 columns,
 * C[i][8p + l] (+)= sum_{k < K} A[i][k] B_p[k][l], with A at byte `a` (row stride `lda` bytes), panel p at byte
 * `b + p * ps` (K rows of 8 floats) and C at byte `c` (row stride `ldc` bytes); `acc = 1` adds to C. K >= 1.
 * Then the epilogue: `mode` 1 adds bias[8p + l] (floats at byte `bias`), 2 adds it and applies ReLU (0 < x ? x : 0).
 *
 * @example
 * ```ts
 * const w = wasmKernels()
 * const { heap, kernel } = w.allocate(1 << 20)   // when w.available()
 * gemmKernels().gemm(heap, kernel, M, N, K, a, lda, b, c, ldc, false) // as with the TypeScript kernel
 * w.bytes().length // => 1437
 * ```
 */
export function wasmKernels() {
  const uleb = (n: number): number[] => {
    const out: number[] = [];
    do {
      let byte = n & 0x7f;
      n >>>= 7;
      if (n !== 0) byte |= 0x80;
      out.push(byte);
    } while (n !== 0);
    return out;
  };
  const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
  const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
  const name = (s: string): number[] => vec([...s].map((ch) => [ch.charCodeAt(0)]));

  const I32 = 0x7f, V128 = 0x7b, VOID = 0x40;
  const get = (i: number): number[] => [0x20, i], set = (i: number): number[] => [0x21, i];
  const i32 = (v: number): number[] => [0x41, v]; // small non-negative constants only (< 64)
  const ADD = 0x6a, MUL = 0x6c, GT_U = 0x4b, GE_U = 0x4f, LT_U = 0x49, BR = 0x0c, BR_IF = 0x0d, END = 0x0b;
  const simd = (op: number, ...rest: number[]): number[] => [0xfd, ...uleb(op), ...rest];
  const vload = (offset: number): number[] => simd(0x00, 4, ...uleb(offset));
  const vstore = (offset: number): number[] => simd(0x0b, 4, ...uleb(offset));
  const splat32 = simd(0x09, 2, 0);
  const FADD = simd(0xe4), FMUL = simd(0xe6), PMAX = simd(0xeb);
  const ZERO = simd(0x0c, ...new Array<number>(16).fill(0));

  // Locals: the twelve parameters, then i32 scratch, then v128 accumulators and operands.
  const M = 0, P = 1, K = 2, A = 3, LDA = 4, B = 5, PS = 6, C = 7, LDC = 8, ACC = 9, BIAS = 10, MODE = 11;
  const I = 12, PI = 13, PB = 14, PC = 15, KB = 16, Q = 17, KEND = 18, A1 = 19, A2 = 20, A3 = 21, PZ = 22;
  const V0 = 23; // accumulators V0 .. V0 + 7 (row r, half h at V0 + 2r + h), then b0, b1, the splat of A
  const B0 = 31, B1 = 32, AV = 33;
  const rowsOf = [A, A1, A2, A3];

  /** `local.get pc` plus `r * ldc`: the address of row r of the C tile. */
  const rowC = (r: number): number[] => (r === 0 ? get(PC) : [...get(PC), ...get(LDC), ...i32(r), MUL, ADD]);
  /** `dst = x + y` for two locals. */
  const sum = (dst: number, x: number, y: number): number[] => [...get(x), ...get(y), ADD, ...set(dst)];
  const inc = (dst: number, by: number): number[] => [...get(dst), ...i32(by), ADD, ...set(dst)];

  /** The R x 8 tile at C row pc, panel pb: load or zero the accumulators, run over k, store. */
  function micro(R: number): number[] {
    const code: number[] = [...get(ACC), 0x04, VOID];
    for (let r = 0; r < R; r++) for (let h = 0; h < 2; h++) code.push(...rowC(r), ...vload(16 * h), ...set(V0 + 2 * r + h));
    code.push(0x05);
    for (let r = 0; r < R; r++) for (let h = 0; h < 2; h++) code.push(...ZERO, ...set(V0 + 2 * r + h));
    code.push(END, ...i32(0), ...set(KB), ...get(PB), ...set(Q));
    code.push(0x02, VOID, 0x03, VOID);
    code.push(...get(Q), ...vload(0), ...set(B0), ...get(Q), ...vload(16), ...set(B1));
    for (let r = 0; r < R; r++) {
      code.push(...get(rowsOf[r]!), ...get(KB), ADD, ...splat32, ...set(AV));
      for (let h = 0; h < 2; h++) code.push(...get(V0 + 2 * r + h), ...get(AV), ...get(h ? B1 : B0), ...FMUL, ...FADD, ...set(V0 + 2 * r + h));
    }
    code.push(...inc(Q, 32), ...inc(KB, 4), ...get(KB), ...get(KEND), LT_U, BR_IF, 0, END, END);
    // epilogue: mode 1 adds the bias, mode 2 also applies ReLU as pmax(0, x) = (0 < x ? x : 0)
    code.push(...get(MODE), 0x04, VOID);
    for (let r = 0; r < R; r++) for (let h = 0; h < 2; h++) code.push(...get(V0 + 2 * r + h), ...get(PZ), ...vload(16 * h), ...FADD, ...set(V0 + 2 * r + h));
    code.push(...get(MODE), ...i32(2), 0x46 /* i32.eq */, 0x04, VOID);
    for (let r = 0; r < R; r++) for (let h = 0; h < 2; h++) code.push(...ZERO, ...get(V0 + 2 * r + h), ...PMAX, ...set(V0 + 2 * r + h));
    code.push(END, END);
    for (let r = 0; r < R; r++) for (let h = 0; h < 2; h++) code.push(...rowC(r), ...get(V0 + 2 * r + h), ...vstore(16 * h));
    return code;
  }

  /** Every panel of one block of R rows. */
  function panels(R: number): number[] {
    return [
      ...i32(0), ...set(PI), ...get(B), ...set(PB), ...get(C), ...set(PC), ...get(BIAS), ...set(PZ),
      0x02, VOID, 0x03, VOID, ...get(PI), ...get(P), GE_U, BR_IF, 1,
      ...micro(R),
      ...inc(PI, 1), ...sum(PB, PB, PS), ...inc(PC, 32), ...inc(PZ, 32), BR, 0, END, END,
    ];
  }

  function body(): number[] {
    return [
      ...get(K), ...i32(2), 0x74 /* i32.shl */, ...set(KEND), ...i32(0), ...set(I),
      // blocks of 4 rows while i + 4 <= M
      0x02, VOID, 0x03, VOID, ...get(I), ...i32(4), ADD, ...get(M), GT_U, BR_IF, 1,
      ...sum(A1, A, LDA), ...sum(A2, A1, LDA), ...sum(A3, A2, LDA),
      ...panels(4),
      ...sum(A, A3, LDA), ...get(LDC), ...i32(4), MUL, ...get(C), ADD, ...set(C), ...inc(I, 4), BR, 0, END, END,
      // the remaining rows one at a time
      0x02, VOID, 0x03, VOID, ...get(I), ...get(M), GE_U, BR_IF, 1,
      ...panels(1),
      ...sum(A, A, LDA), ...sum(C, C, LDC), ...inc(I, 1), BR, 0, END, END,
      END,
    ];
  }

  let cached: Uint8Array | undefined;
  function bytes(): Uint8Array {
    if (cached) return cached;
    const locals = vec([[...uleb(11), I32], [...uleb(8 + 3), V128]]);
    const fn = [...locals, ...body()];
    cached = Uint8Array.from([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      ...section(1, vec([[0x60, ...vec(new Array<number[]>(12).fill([I32])), ...vec([])]])),
      ...section(2, vec([[...name('e'), ...name('m'), 0x02, 0x00, 0x01]])),
      ...section(3, vec([[0]])),
      ...section(7, vec([[...name('gemm'), 0x00, 0]])),
      ...section(10, vec([[...uleb(fn.length), ...fn]])),
    ]);
    return cached;
  }

  let compiled: object | null | undefined;
  function module(): object | null {
    if (compiled === undefined) {
      try {
        compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes()) ? new WebAssembly.Module(bytes()) : null;
      } catch {
        compiled = null;
      }
    }
    return compiled;
  }

  /** Whether this runtime compiles the SIMD kernel (WebAssembly with the SIMD 128 proposal). */
  function available(): boolean {
    return module() !== null;
  }

  type Kernel = (M: number, P: number, K: number, a: number, lda: number, b: number, ps: number, c: number, ldc: number, acc: number, bias: number, mode: number) => void;

  /**
   * A fresh WebAssembly memory of at least `floats` float32 values, its `Float32Array` view from byte 0 (the heap
   * of `gemmKernels`) and the kernel bound to it. Callers check {@link available} first.
   */
  function allocate(floats: number): { heap: Float32Array; kernel: Kernel } {
    const memory = new WebAssembly!.Memory({ initial: Math.max(1, Math.ceil((floats * 4) / 65536)) });
    const instance = new WebAssembly!.Instance(module()!, { e: { m: memory } });
    return { heap: new Float32Array(memory.buffer, 0, floats), kernel: instance.exports.gemm as Kernel };
  }

  return { bytes, available, allocate };
}

/** The part of the WebAssembly JavaScript API used here (the ES2022 library of the compiler does not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
}
declare const WebAssembly: WasmApi | undefined;

/** The factory's result, see {@link wasmKernels}. */
export type WasmKernels = ReturnType<typeof wasmKernels>;
