/**
 * A test-only UBJSON writer in XGBoost's style (`save_model("m.ubj")`: int64 key and string lengths, numeric arrays
 * as strongly typed `[$d#` float32 / `[$l#` int32 containers, other arrays counted), so that every XGBoost JSON
 * fixture also exists as UBJSON for the readers' fuzz tests.
 */
const enc = (s: string): Uint8Array => Buffer.from(s, 'utf8');

function push(out: number[], bytes: ArrayLike<number>): void {
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i]!);
}

function int64(out: number[], n: number): void {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  out.push(0x4c);
  push(out, b);
}

function value(v: unknown, out: number[]): void {
  if (v === null) out.push(0x5a);
  else if (v === true) out.push(0x54);
  else if (v === false) out.push(0x46);
  else if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 31) {
      const b = Buffer.alloc(4);
      b.writeInt32BE(v);
      out.push(0x6c);
      push(out, b);
    } else {
      const b = Buffer.alloc(8);
      b.writeDoubleBE(v);
      out.push(0x44);
      push(out, b);
    }
  } else if (typeof v === 'string') {
    const s = enc(v);
    out.push(0x53);
    int64(out, s.length);
    push(out, s);
  } else if (Array.isArray(v)) {
    if (v.length > 0 && v.every((x) => typeof x === 'number')) {
      const ints = v.every((x) => Number.isInteger(x) && Math.abs(x) < 2 ** 31);
      const b = Buffer.alloc(4 * v.length);
      v.forEach((x, i) => (ints ? b.writeInt32BE(x, 4 * i) : b.writeFloatBE(x, 4 * i)));
      out.push(0x5b, 0x24, ints ? 0x6c : 0x64, 0x23);
      int64(out, v.length);
      push(out, b);
    } else {
      out.push(0x5b, 0x23);
      int64(out, v.length);
      for (const x of v) value(x, out);
    }
  } else if (typeof v === 'object') {
    out.push(0x7b);
    for (const [k, x] of Object.entries(v as object)) {
      const key = enc(k);
      int64(out, key.length);
      push(out, key);
      value(x, out);
    }
    out.push(0x7d);
  } else throw new Error(`cannot encode ${typeof v}`);
}

/** The UBJSON encoding of a JSON value (numbers that are not int32 become float32 in arrays, float64 alone). */
export function toUBJSON(v: unknown): Uint8Array {
  const out: number[] = [];
  value(v, out);
  return Uint8Array.from(out);
}
