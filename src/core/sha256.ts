/**
 * SHA-256 (FIPS 180-4) in plain TypeScript, for the checksums of stored models: no Web Crypto, no `node:crypto`,
 * so that it runs wherever the library does (plv8 included).
 *
 * @module
 */
import { describeValue } from './describe.js';
import { InvalidParameterError } from './errors.js';

/** The round constants K_0..K_63: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = Uint32Array.of(
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
);

/** The initial hash value H(0): the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const H0 = Uint32Array.of(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19);

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Processes the 64-byte block of `block` at `offset` into the state `h` (FIPS 180-4 section 6.2.2), `w` the schedule. */
function compress(h: Uint32Array, w: Uint32Array, block: Uint8Array, offset: number): void {
  for (let t = 0; t < 16; t++) {
    const p = offset + 4 * t;
    w[t] = (block[p]! << 24) | (block[p + 1]! << 16) | (block[p + 2]! << 8) | block[p + 3]!;
  }
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15]!, y = w[t - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
  }
  let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, hh = h[7]!;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (hh + S1 + ch + K[t]! + w[t]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    hh = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = h[0]! + a;
  h[1] = h[1]! + b;
  h[2] = h[2]! + c;
  h[3] = h[3]! + d;
  h[4] = h[4]! + e;
  h[5] = h[5]! + f;
  h[6] = h[6]! + g;
  h[7] = h[7]! + hh;
}

/**
 * The SHA-256 digest of `bytes` as 64 lowercase hexadecimal characters (PostgreSQL's
 * `encode(sha256(bytes), 'hex')`, the checksum `alpha_v4.model_versions` stores).
 *
 * The message is padded with one 1 bit, zeros, and its length in bits as a 64-bit big-endian integer to a multiple
 * of 512 bits, then each 512-bit block updates the eight 32-bit words of the state with 64 rounds of
 * `T1 = h + Σ1(e) + Ch(e, f, g) + K_t + W_t`, `T2 = Σ0(a) + Maj(a, b, c)` (all modulo 2^32), with the message
 * schedule `W_t = σ1(W_{t-2}) + W_{t-7} + σ0(W_{t-15}) + W_{t-16}` for t >= 16. Pure TypeScript on 32-bit integers:
 * no Web or Node API. Throws `InvalidParameterError` when `bytes` is not a `Uint8Array`.
 *
 * Reference: NIST FIPS 180-4, "Secure Hash Standard (SHS)" (2015), sections 4.1.2, 4.2.2, 5.1.1 and 6.2.
 *
 * @example
 * ```ts
 * sha256Hex(Uint8Array.of(0x61, 0x62, 0x63)) // the bytes of 'abc'; => 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * ```
 */
export function sha256Hex(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new InvalidParameterError('bytes', `expected a Uint8Array, got ${describeValue(bytes)}`);
  const h = H0.slice();
  const w = new Uint32Array(64);
  const n = bytes.length;
  const full = n - (n % 64);
  for (let o = 0; o < full; o += 64) compress(h, w, bytes, o);
  // The last block(s): the rest of the message, the 0x80 byte, zeros, and the bit length (big-endian, 64 bits).
  const rest = n - full;
  const tail = new Uint8Array(rest < 56 ? 64 : 128);
  tail.set(bytes.subarray(full));
  tail[rest] = 0x80;
  const view = new DataView(tail.buffer);
  view.setUint32(tail.length - 8, Math.floor(n / 0x20000000), false);
  view.setUint32(tail.length - 4, (n * 8) >>> 0, false);
  for (let o = 0; o < tail.length; o += 64) compress(h, w, tail, o);
  let out = '';
  for (let i = 0; i < 8; i++) {
    const v = h[i]!;
    out += HEX[v >>> 24]! + HEX[(v >>> 16) & 0xff]! + HEX[(v >>> 8) & 0xff]! + HEX[v & 0xff]!;
  }
  return out;
}
