/**
 * float32 math that reproduces XGBoost's output transforms bit for bit on Linux x86-64.
 *
 * XGBoost computes `expf` through glibc, whose `expf` (the ARM optimized-routines algorithm, glibc >= 2.27) is
 * not correctly rounded: it differs from `Math.fround(Math.exp(x))` for about one float32 input in a few hundred.
 * {@link expf} re-implements that algorithm (2^(k/32) table + cubic polynomial, same constants), including the
 * fused multiply-adds of the x86-64 FMA build that glibc selects on current CPUs (emulated exactly in double
 * arithmetic). The same algorithm in C, checked against glibc 2.36 `expf` over all 2.2e9 float32 inputs in
 * (-88, 88), matches every one.
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
const SPLITTER = 134217729; // 2^27 + 1 (Veltkamp split)
/** INV_LN2_N split into two halves (Veltkamp), for the exact product InvLn2N * x. */
const INV_HI = SPLITTER * INV_LN2_N - (SPLITTER * INV_LN2_N - INV_LN2_N);
const INV_LO = INV_LN2_N - INV_HI;
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

// Exact double arithmetic helpers (error-free transformations) used to emulate the fused multiply-adds of
// glibc's x86-64 FMA build of expf.
let ERR = 0; // error term written by twoProd/twoSum

/** a * b = result + ERR exactly (Dekker). */
function twoProd(a: number, b: number): number {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b), bl = b - bh;
  ERR = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  return p;
}

/** a + b = result + ERR exactly (Knuth). */
function twoSum(a: number, b: number): number {
  const s = a + b;
  const bb = s - a;
  ERR = (a - (s - bb)) + (b - bb);
  return s;
}

const BITS = new DataView(new ArrayBuffer(8));

/** a + b rounded to odd: the exact sum if representable, else the neighbour with an odd last mantissa bit. */
function addRoundToOdd(a: number, b: number): number {
  const v = twoSum(a, b);
  const w = ERR;
  if (w === 0) return v;
  BITS.setFloat64(0, v);
  const lo = BITS.getUint32(4);
  if (lo & 1) return v;
  // even: step one ulp toward the exact value (away from zero iff w has v's sign)
  const hi = BITS.getUint32(0);
  const away = (w > 0) === (v > 0);
  if (away) {
    if (lo === 0xffffffff) BITS.setUint32(0, hi + 1);
    BITS.setUint32(4, (lo + 1) >>> 0);
  } else {
    if (lo === 0) BITS.setUint32(0, hi - 1);
    BITS.setUint32(4, (lo - 1) >>> 0);
  }
  return BITS.getFloat64(0);
}

/**
 * Correctly rounded fused multiply-add `a * b + c` (Boldo & Melquiond 2008, "Emulation of FMA and correctly rounded
 * sums: proved algorithms using rounding to odd"). Valid without underflow/overflow, which holds for the expf operands.
 */
export function fma(a: number, b: number, c: number): number {
  const uh = twoProd(a, b);
  const ul = ERR;
  const th = twoSum(c, uh);
  const tl = ERR;
  return th + addRoundToOdd(tl, ul);
}

/**
 * glibc's `expf(x)` for a float32 `x`, returned as a float32 value: the algorithm and constants of glibc's x86-64
 * FMA build (`kd` and `r` from fused `InvLn2N * x` products, the polynomial by fused multiply-adds).
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
  // kd = fma(InvLn2N, x, SHIFT) - SHIFT: round-half-even of the exact product z = InvLn2N * x (Dekker product inline).
  const zh = INV_LN2_N * x;
  let t = SPLITTER * x;
  const xh = t - (t - x), xl = x - xh;
  const zl = ((INV_HI * xh - zh) + INV_HI * xl + INV_LO * xh) + INV_LO * xl;
  let kd = zh + SHIFT - SHIFT;
  const d = zh - kd; // exact
  if (d === 0.5 && zl > 0) kd += 1;
  else if (d === -0.5 && zl < 0) kd -= 1;
  const r = (zh - kd) + zl; // fma(InvLn2N, x, -kd): zh - kd is exact, so one rounding
  const s = TAB[kd & 31]! * POW2[160 + (kd >> 5)]!;
  // Fast path: the polynomial with separate roundings differs from the fused one by < 1e-15 relative; if the
  // result is that far from a float32 rounding boundary, both round to the same float32.
  const r2 = r * r;
  t = (C0 * r + C1) * r2 + (C2 * r + 1);
  const v = t * s;
  const f = Math.fround(v);
  if (Math.fround(v * (1 + 4e-15)) === f && Math.fround(v * (1 - 4e-15)) === f) return f;
  return Math.fround(fma(fma(C0, r, C1), r2, fma(C2, r, 1)) * s);
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
