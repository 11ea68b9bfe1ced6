/**
 * float32 math that reproduces XGBoost's output transforms bit for bit on Linux x86-64.
 *
 * XGBoost computes `expf` through glibc, whose `expf` (the ARM optimized-routines algorithm, glibc >= 2.27) is
 * not correctly rounded: it differs from `Math.fround(Math.exp(x))` for about one float32 input in a few hundred.
 * {@link expf} re-implements that algorithm in double arithmetic (2^(k/32) table + cubic polynomial, same
 * constants). Checked against glibc 2.36 `expf` over every float32 in (-88, 88): 2 of 2.2e9 inputs differ by
 * one ulp (glibc's FMA build rounds them differently).
 *
 * Reference: glibc `sysdeps/ieee754/flt-32/e_expf.c`, `e_exp2f_data.c`; XGBoost `src/common/math.h` (Sigmoid, Softmax).
 * @module
 */

/** 2^(i/32), i = 0..31, correctly rounded doubles (glibc `__exp2f_data.tab` without the exponent bias trick). */
const TAB = [
  1.0, 1.0218971486541166, 1.0442737824274138, 1.0671404006768237, 1.0905077326652577, 1.1143867425958924, 1.1387886347566916,
  1.1637248587775775, 1.189207115002721, 1.215247359980469, 1.241857812073484, 1.2690509571917332, 1.2968395546510096,
  1.3252366431597413, 1.3542555469368927, 1.383909881963832, 1.4142135623730951, 1.4451808069770467, 1.4768261459394993,
  1.5091644275934228, 1.5422108254079407, 1.5759808451078865, 1.6104903319492543, 1.645755478153965, 1.681792830507429,
  1.718619298122478, 1.7562521603732995, 1.7947090750031072, 1.8340080864093424, 1.8741676341103, 1.9152065613971474,
  1.9571441241754002,
];
const INV_LN2_N = 46.16624130844683; // 0x1.71547652b82fep+5 = 32 / ln 2
const SHIFT = 6755399441055744; // 0x1.8p52: adding it rounds to an integer (ties to even)
const C0 = 1.6938359250920212e-6; // 0x1.c6af84b912394p-20
const C1 = 0.00023459809789509004; // 0x1.ebfce50fac4f3p-13
const C2 = 0.021660849396613134; // 0x1.62e42ff0c52d6p-6
const OVERFLOW = 88.72283172607422; // 0x1.62e42ep6f
const UNDERFLOW = -103.97207641601562; // -0x1.9fe368p6f
/** 2^e for e in [-160, 160], built by exact doubling. */
const POW2 = (() => {
  const a = new Float64Array(321);
  a[160] = 1;
  for (let e = 1; e <= 160; e++) {
    a[160 + e] = a[159 + e]! * 2;
    a[160 - e] = a[161 - e]! / 2;
  }
  return a;
})();

/**
 * glibc's `expf(x)` for a float32 `x`, returned as a float32 value.
 *
 * @example
 * ```ts
 * expf(0.6790363788604736) // 1.9719766378402710 (glibc), while Math.fround(Math.exp(...)) gives 1.9719765186309814
 * ```
 */
export function expf(x: number): number {
  x = Math.fround(x);
  if (x !== x) return x;
  if (x > OVERFLOW) return Infinity;
  if (x < UNDERFLOW) return 0;
  const z = INV_LN2_N * x;
  const kd = z + SHIFT - SHIFT; // round(z), ties to even: (z + SHIFT) is rounded to an integer in double
  const k = kd; // |k| <= 150 * 32
  const r = z - kd;
  const s = TAB[k & 31]! * POW2[160 + (k >> 5)]!;
  const p = C0 * r + C1;
  const r2 = r * r;
  let y = C2 * r + 1;
  y = p * r2 + y;
  return Math.fround(y * s);
}

const F32_88_7 = Math.fround(88.7);
const F32_EPS = Math.fround(1e-16);

/**
 * XGBoost's float32 sigmoid (`common::Sigmoid`, 1.7+): `1.0f / (expf(min(-x, 88.7f)) + 1.0f + 1e-16f)`.
 *
 * @example
 * ```ts
 * sigmoid32(0) // 0.5
 * sigmoid32(-100) // 3.0085992e-39 (clamped at -88.7, not 0)
 * ```
 */
export function sigmoid32(x: number): number {
  const e = expf(Math.min(-Math.fround(x), F32_88_7));
  return Math.fround(1 / Math.fround(Math.fround(e + 1) + F32_EPS));
}

/**
 * XGBoost's float32 softmax (`common::Softmax`) over `a[o .. o + k - 1]`, in place: `expf(x - max)`, a double sum
 * in index order rounded to float, and a float division.
 */
export function softmax32InPlace(a: Float64Array, o: number, k: number): void {
  let mx = a[o]!;
  for (let i = 1; i < k; i++) if (a[o + i]! > mx) mx = a[o + i]!;
  let sum = 0;
  for (let i = 0; i < k; i++) {
    const e = expf(Math.fround(a[o + i]! - mx));
    a[o + i] = e;
    sum += e; // XGBoost accumulates in a double
  }
  const fsum = Math.fround(sum);
  for (let i = 0; i < k; i++) a[o + i] = Math.fround(a[o + i]! / fsum);
}
