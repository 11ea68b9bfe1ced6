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
 *
 * @example
 * ```ts
 * const a = 1 + 2 ** -30, b = 1 - 2 ** -30
 * a * b - 1     // 0 (two roundings)
 * fma(a, b, -1) // -(2 ** -60), exact
 * ```
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

// glibc logf (sysdeps/ieee754/flt-32/e_logf.c, __logf_data): log(x) = log1p(z/c - 1) + log(c) + k ln2.
const LOGF_TAB = [
  1.398907162146528, -0.33569133332882284, 1.3403141896637998, -0.2929040563774074, 1.286432210124115, -0.2518726580937369,
  1.2367150214269895, -0.21245868807117255, 1.1906977166711752, -0.17453945183745634, 1.1479821020556429, -0.1380057072319758,
  1.1082251448272158, -0.10275976698545139, 1.0711297413057381, -0.06871392447020525, 1.036437278977283, -0.0357891387398228,
  1.0, 0.0, 0.9492859795739057, 0.05204517742929496, 0.8951049428609004, 0.11081431298787942, 0.8476821620351103, 0.1652495223695143,
  0.8050314851692001, 0.21687389031699977, 0.7664671008843108, 0.2659635028121397, 0.731428603316328, 0.3127556664073557,
];
const LOGF_A0 = -0.25089342214237154, LOGF_A1 = 0.333456765744066, LOGF_A2 = -0.4999997485802103;
const LN2 = 0.6931471805599453;
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/**
 * glibc's `logf(x)` for a float32 `x`, returned as a float32 value (same table, polynomial and operation order;
 * checked in C against glibc 2.36 on every third positive float32: no difference). `Math.fround(Math.log(x))`
 * differs from it for about 1 input in 5,000.
 *
 * @example
 * ```ts
 * logf(7 / 3) // 0.8472978472709656, the float32 glibc returns (fround(Math.log) gives 0.8472977876663208)
 * ```
 */
export function logf(x: number): number {
  F32[0] = x;
  let ix = U32[0]!;
  if (ix === 0x3f800000) return 0;
  if (((ix - 0x00800000) >>> 0) >= 0x7f800000 - 0x00800000) {
    if ((ix & 0x7fffffff) === 0) return -Infinity;
    if (ix === 0x7f800000) return Infinity;
    if (ix & 0x80000000 || ix > 0x7f800000) return NaN;
    F32[0] = Math.fround(F32[0]! * 8388608); // subnormal: normalize
    ix = U32[0]! - (23 << 23);
  }
  const tmp = (ix - 0x3f330000) >>> 0;
  const i = (tmp >>> 19) & 15;
  const k = (tmp | 0) >> 23;
  U32[0] = (ix - (tmp & 0xff800000)) >>> 0;
  const z = F32[0]!;
  const r = z * LOGF_TAB[2 * i]! - 1;
  const y0 = LOGF_TAB[2 * i + 1]! + k * LN2;
  const r2 = r * r;
  let y = LOGF_A1 * r + LOGF_A2;
  y = LOGF_A0 * r2 + y;
  y = y * r2 + (y0 + r);
  return Math.fround(y);
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
 *
 * @example
 * ```ts
 * const p = Float64Array.of(0.5, 1.5, -1) // one row, 3 classes
 * softmax32InPlace(p, 0, 3)               // float32 probabilities as XGBoost multi:softprob returns them
 * ```
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

/**
 * XGBoost's `ProbToMargin` for the logistic objectives, in float32 exactly as XGBoost computes it:
 * `-logf(1.0f / base_score - 1.0f)` (`src/objective/regression_loss.h`), with glibc's `logf` ({@link logf}).
 * The XGBoost loader turns `base_score` into a margin with it, and the trainer its base score, so that an exported
 * model states `base_score` exactly.
 *
 * @example
 * ```ts
 * xgbLogit(0.5) // -0 (XGBoost's default base_score gives a zero margin)
 * ```
 */
export function xgbLogit(baseScore: number): number {
  const b = Math.fround(baseScore);
  return -logf(Math.fround(Math.fround(1 / b) - 1));
}

/**
 * The next float32 above the float32 value `f` (f finite or -Infinity; the smallest subnormal for +-0): one unit in
 * the last place toward +Infinity, by stepping the bit pattern.
 *
 * @example
 * ```ts
 * nextUpFloat32(1) // => 1.0000001192092896 (1 + 2^-23)
 * ```
 */
export function nextUpFloat32(f: number): number {
  if (f === 0) return 1.401298464324817e-45;
  F32[0] = f;
  U32[0] = f > 0 ? U32[0]! + 1 : U32[0]! - 1;
  return F32[0]!;
}

/**
 * The next float32 below the float32 value `f` (f finite; minus the smallest subnormal for +-0).
 *
 * @example
 * ```ts
 * nextDownFloat32(1) // 0.9999999403953552 (1 - 2^-24)
 * ```
 */
export function nextDownFloat32(f: number): number {
  if (f === 0) return -1.401298464324817e-45;
  F32[0] = f;
  U32[0] = f > 0 ? U32[0]! - 1 : U32[0]! + 1;
  return F32[0]!;
}

/**
 * The IEEE 754 bit pattern of the float32 value nearest to `x`, as an unsigned 32-bit integer.
 *
 * @example
 * ```ts
 * float32Bits(1) // 0x3f800000
 * ```
 */
export function float32Bits(x: number): number {
  F32[0] = x;
  return U32[0]!;
}

/**
 * The smallest float32 >= x, so that `Math.fround(v) < x` iff `Math.fround(v) < ceilFloat32(x)` for every v: how a
 * double threshold becomes an exact XGBoost (float32) threshold. Non-finite x is returned as is.
 *
 * @example
 * ```ts
 * ceilFloat32(0.1) // 0.10000000149011612 (Math.fround(0.1) is already above 0.1)
 * ceilFloat32(1 + 2 ** -30) // 1.0000001192092896
 * ```
 */
export function ceilFloat32(x: number): number {
  const f = Math.fround(x);
  return f >= x || !Number.isFinite(x) ? f : nextUpFloat32(f);
}
