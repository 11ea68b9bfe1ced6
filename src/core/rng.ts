/**
 * A seeded pseudo-random generator (xoshiro128**, seeded through splitmix32). It uses only 32-bit integer
 * arithmetic, so the same seed gives the same stream on every JavaScript engine and platform.
 * Reference: Blackman & Vigna, "Scrambled linear pseudorandom number generators" (2021).
 *
 * @example
 * ```ts
 * const rng = new Rng(42)
 * rng.uniform() // in [0, 1)
 * rng.normal()  // standard normal
 * ```
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  /** Next 32-bit unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    return ((this.uint32() >>> 5) * 67108864 + (this.uint32() >>> 6)) / 9007199254740992;
  }

  /** Standard normal variate (Marsaglia polar method, using the platform-independent {@link detLog}). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * detLog(s)) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return u * m;
  }

  /**
   * Student-t variate with `dof` in {2, 4, 6, ...}, rescaled to unit variance (dof > 2). Fat-tailed shocks
   * for the simulator; a chi-square with even `dof` is a sum of `dof / 2` exponentials.
   */
  studentT(dof: number): number {
    let chi = 0;
    for (let k = 0; k < dof; k += 2) chi -= 2 * detLog(1 - this.uniform());
    return this.normal() / Math.sqrt(chi / dof) * Math.sqrt((dof - 2) / dof);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const LN2 = 0.6931471805599453;
const SQRT2 = 1.4142135623730951;

/**
 * Natural logarithm computed with + - * / only (exponent split, then the atanh series), so it is bit-identical
 * on every IEEE-754 platform, unlike `Math.log`, whose last bit the ECMAScript spec leaves to the engine.
 * Accurate to about 1 ulp for finite x > 0.
 *
 * @example
 * ```ts
 * detLog(Math.E) // 1 (within 1e-15)
 * ```
 */
export function detLog(x: number): number {
  if (!(x > 0) || x === Infinity) return x === 0 ? -Infinity : x === Infinity ? Infinity : NaN;
  let e = 0;
  while (x >= SQRT2) {
    x *= 0.5;
    e++;
  }
  while (x < SQRT2 / 2) {
    x *= 2;
    e--;
  }
  const z = (x - 1) / (x + 1);
  const z2 = z * z;
  let term = z;
  let sum = 0;
  for (let k = 1; k < 40; k += 2) {
    sum += term / k;
    term *= z2;
    if (term < 1e-20 && term > -1e-20) break;
  }
  return 2 * sum + e * LN2;
}
