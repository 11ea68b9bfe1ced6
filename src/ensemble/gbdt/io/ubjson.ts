/**
 * A small Universal Binary JSON (UBJSON, Draft 12) reader, enough for XGBoost's `save_model("m.ubj")` format
 * (the default of XGBoost >= 2.1). Runtime-agnostic: UTF-8 is decoded by hand (no Web text-decoding API).
 *
 * Values map to JavaScript as: objects -> plain objects, arrays -> arrays, strongly typed numeric arrays
 * (`[$d#...`, `[$U#...`, ...) -> typed arrays (`Float32Array`, `Uint8Array`, `Int32Array`, ...; int64 -> `Float64Array`),
 * numbers -> numbers (int64 beyond 2^53 lose precision), 'H' high-precision numbers -> strings.
 * Reference: https://ubjson.org/type-reference/ and XGBoost `src/common/json.cc` (UBJReader).
 * @module
 */
import { ModelFormatError } from '../../errors.js';
import { utf8Decode } from './utf8.js';

/** A decoded UBJSON value. */
export type UBJValue = null | boolean | number | string | UBJValue[] | { [key: string]: UBJValue } | Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Int32Array;

const MAX_DEPTH = 256;

/**
 * Decodes one UBJSON document. Throws {@link ModelFormatError} (format `'xgboost-ubjson'`) on truncated or
 * malformed input, naming the byte offset.
 *
 * @example
 * ```ts
 * parseUBJSON(Uint8Array.of(0x7b, 0x69, 1, 0x61, 0x69, 5, 0x7d)) // { a: 5 }
 * ```
 */
export function parseUBJSON(bytes: Uint8Array): UBJValue {
  const r = new Reader(bytes);
  const v = r.value(r.u8(), 0);
  return v;
}

class Reader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private fail(message: string): never {
    throw new ModelFormatError('xgboost-ubjson', `byte ${this.pos}`, message);
  }

  private need(n: number): number {
    const p = this.pos;
    if (p + n > this.bytes.length) this.fail(`unexpected end of input (need ${n} more byte(s))`);
    this.pos = p + n;
    return p;
  }

  u8(): number {
    return this.bytes[this.need(1)]!;
  }

  private peek(): number {
    if (this.pos >= this.bytes.length) this.fail('unexpected end of input');
    return this.bytes[this.pos]!;
  }

  private int(marker: number): number {
    const v = this.view;
    switch (marker) {
      case 0x69: return v.getInt8(this.need(1)); // i
      case 0x55: return v.getUint8(this.need(1)); // U
      case 0x49: return v.getInt16(this.need(2)); // I
      case 0x6c: return v.getInt32(this.need(4)); // l
      case 0x4c: { // L
        const p = this.need(8);
        return v.getInt32(p) * 4294967296 + v.getUint32(p + 4);
      }
      default: return this.fail(`expected an integer type marker, got 0x${marker.toString(16)}`);
    }
  }

  private count(): number {
    const n = this.int(this.u8());
    if (n < 0) this.fail(`negative length ${n}`);
    return n;
  }

  private str(): string {
    const n = this.count();
    const p = this.need(n);
    return utf8Decode(this.bytes, p, p + n);
  }

  value(marker: number, depth: number): UBJValue {
    const v = this.view;
    switch (marker) {
      case 0x5a: return null; // Z
      case 0x54: return true; // T
      case 0x46: return false; // F
      case 0x69: case 0x55: case 0x49: case 0x6c: case 0x4c: return this.int(marker);
      case 0x64: return v.getFloat32(this.need(4)); // d
      case 0x44: return v.getFloat64(this.need(8)); // D
      case 0x53: return this.str(); // S
      case 0x48: return this.str(); // H (high precision number, kept as its decimal string)
      case 0x43: return String.fromCharCode(this.u8()); // C
      case 0x5b: return this.array(depth + 1); // [
      case 0x7b: return this.object(depth + 1); // {
      default: return this.fail(`unknown type marker 0x${marker.toString(16)}`);
    }
  }

  /** Reads the optional `$type` and `#count` of a container. */
  private header(): { type: number; count: number } {
    let type = -1;
    let count = -1;
    if (this.peek() === 0x24) { // $
      this.pos++;
      type = this.u8();
      if (this.u8() !== 0x23) this.fail("a '$' type must be followed by a '#' count");
      count = this.count();
    } else if (this.peek() === 0x23) { // #
      this.pos++;
      count = this.count();
    }
    return { type, count };
  }

  private array(depth: number): UBJValue {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    const { type, count } = this.header();
    if (type >= 0) {
      const size = ({ 0x64: 4, 0x44: 8, 0x69: 1, 0x55: 1, 0x49: 2, 0x6c: 4, 0x4c: 8 } as Record<number, number>)[type];
      if (size !== undefined) {
        const p = this.need(count * size);
        const v = this.view;
        switch (type) {
          case 0x64: { const a = new Float32Array(count); for (let i = 0; i < count; i++) a[i] = v.getFloat32(p + 4 * i); return a; }
          case 0x44: { const a = new Float64Array(count); for (let i = 0; i < count; i++) a[i] = v.getFloat64(p + 8 * i); return a; }
          case 0x69: { const a = new Int8Array(count); for (let i = 0; i < count; i++) a[i] = v.getInt8(p + i); return a; }
          case 0x55: return this.bytes.slice(p, p + count);
          case 0x49: { const a = new Int16Array(count); for (let i = 0; i < count; i++) a[i] = v.getInt16(p + 2 * i); return a; }
          case 0x6c: { const a = new Int32Array(count); for (let i = 0; i < count; i++) a[i] = v.getInt32(p + 4 * i); return a; }
          default: { const a = new Float64Array(count); for (let i = 0; i < count; i++) a[i] = v.getInt32(p + 8 * i) * 4294967296 + v.getUint32(p + 8 * i + 4); return a; }
        }
      }
      const out: UBJValue[] = [];
      for (let i = 0; i < count; i++) out.push(this.value(type, depth));
      return out;
    }
    const out: UBJValue[] = [];
    if (count >= 0) {
      for (let i = 0; i < count; i++) out.push(this.value(this.u8(), depth));
      return out;
    }
    for (;;) {
      const m = this.u8();
      if (m === 0x5d) return out; // ]
      if (m === 0x4e) continue; // N (no-op)
      out.push(this.value(m, depth));
    }
  }

  private object(depth: number): UBJValue {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    const { type, count } = this.header();
    const out: { [key: string]: UBJValue } = {};
    if (count >= 0) {
      for (let i = 0; i < count; i++) {
        const k = this.str();
        out[k] = this.value(type >= 0 ? type : this.u8(), depth);
      }
      return out;
    }
    for (;;) {
      const m = this.peek();
      if (m === 0x7d) { // }
        this.pos++;
        return out;
      }
      if (m === 0x4e) { this.pos++; continue; }
      const k = this.str();
      out[k] = this.value(this.u8(), depth);
    }
  }
}
