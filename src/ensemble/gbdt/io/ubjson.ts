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
import { describeValue } from '../../../core/describe.js';
import { ModelFormatError } from '../../errors.js';
import { ByteReader, ELEMENT_SIZE, MAX_NESTING, type ElementType } from './bounded.js';
import { utf8Decode } from './utf8.js';

/** A decoded UBJSON value. */
export type UBJValue = null | boolean | number | string | UBJValue[] | { [key: string]: UBJValue } | Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Int32Array;

/** The numeric type markers: element type and the typed array a strongly typed container of them decodes to. */
const NUMERIC: Record<number, [ElementType, new (n: number) => Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Int32Array]> = {
  0x69: ['i8', Int8Array], // i
  0x55: ['u8', Uint8Array], // U
  0x49: ['i16', Int16Array], // I
  0x6c: ['i32', Int32Array], // l
  0x4c: ['i64', Float64Array], // L
  0x64: ['f32', Float32Array], // d
  0x44: ['f64', Float64Array], // D
};

/** True for the markers of values that occupy no bytes in a strongly typed container: Z (null), T (true), F (false). */
const isZeroWidth = (marker: number): boolean => marker === 0x5a || marker === 0x54 || marker === 0x46;

/** Sets `out[k] = v` as an own property, even for `"__proto__"` (as `JSON.parse` does). */
function setKey(out: { [key: string]: UBJValue }, k: string, v: UBJValue): void {
  if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  else out[k] = v;
}

/**
 * Decodes one UBJSON document. Throws {@link ModelFormatError} (format `'xgboost-ubjson'`) on truncated or
 * malformed input, naming the byte offset, and when `bytes` is not a `Uint8Array`.
 *
 * Bounded (see `bounded.ts`): every length and count is checked against the bytes that remain before anything is
 * allocated, containers of values that occupy no bytes (`[$Z#...`, `$T`, `$F`) may hold at most one value per
 * input byte over the whole document, and containers nest at most 256 deep. So an n-byte document decodes to at
 * most 2n values, in O(n) time and memory.
 *
 * @example
 * ```ts
 * parseUBJSON(Uint8Array.of(0x7b, 0x69, 1, 0x61, 0x69, 5, 0x7d)) // { a: 5 }
 * ```
 */
export function parseUBJSON(bytes: Uint8Array): UBJValue {
  if (!(bytes instanceof Uint8Array)) throw new ModelFormatError('xgboost-ubjson', '$', `expected the UBJSON bytes as a Uint8Array, got ${describeValue(bytes)}`);
  return new Parser(bytes).document();
}

class Parser {
  private readonly r: ByteReader;
  /** Values still allowed in zero-width typed containers (one per input byte). */
  private zeroWidthBudget: number;

  constructor(bytes: Uint8Array) {
    this.r = new ByteReader(bytes, false, (at, message) => {
      throw new ModelFormatError('xgboost-ubjson', `byte ${at}`, message);
    });
    this.zeroWidthBudget = bytes.length;
  }

  document(): UBJValue {
    return this.value(this.r.u8(), 0);
  }

  private int(marker: number): number {
    const t = NUMERIC[marker];
    if (t === undefined || t[0] === 'f32' || t[0] === 'f64') return this.r.fail(`expected an integer type marker, got 0x${marker.toString(16)}`);
    return this.r.read(t[0]);
  }

  /** A length or count: an integer, checked against the bytes left at `minBytes` per element. */
  private count(minBytes: number, what: string): number {
    return this.r.count(this.int(this.r.u8()), minBytes, what);
  }

  private str(): string {
    const n = this.count(1, 'string length');
    const p = this.r.take(n);
    return utf8Decode(this.r.bytes, p, p + n);
  }

  private value(marker: number, depth: number): UBJValue {
    const numeric = NUMERIC[marker];
    if (numeric) return this.r.read(numeric[0]);
    switch (marker) {
      case 0x5a: return null; // Z
      case 0x54: return true; // T
      case 0x46: return false; // F
      case 0x53: return this.str(); // S
      case 0x48: return this.str(); // H (high precision number, kept as its decimal string)
      case 0x43: return String.fromCharCode(this.r.u8()); // C
      case 0x5b: return this.array(depth + 1); // [
      case 0x7b: return this.object(depth + 1); // {
      default: return this.r.fail(`unknown type marker 0x${marker.toString(16)}`);
    }
  }

  /** Reads the optional `$type` and `#count` of a container (-1 when absent). */
  private header(depth: number, perElement: number): { type: number; count: number } {
    if (depth > MAX_NESTING) this.r.fail(`containers nested deeper than ${MAX_NESTING}`);
    let type = -1;
    if (this.r.peek() === 0x24) { // $
      this.r.pos++;
      type = this.r.u8();
      if (this.r.u8() !== 0x23) this.r.fail("a '$' type must be followed by a '#' count");
    } else if (this.r.peek() !== 0x23) return { type, count: -1 }; // #
    else this.r.pos++;
    if (isZeroWidth(type)) {
      // the values occupy no bytes: charge them to the document's budget instead
      const count = this.r.count(this.int(this.r.u8()), 0, 'container count');
      if (count > this.zeroWidthBudget) this.r.fail(`${count} values of type 0x${type.toString(16)} exceed the document's budget of one per input byte`);
      this.zeroWidthBudget -= count;
      return { type, count };
    }
    const numeric = NUMERIC[type];
    return { type, count: this.count(numeric ? ELEMENT_SIZE[numeric[0]] : perElement, 'container count') };
  }

  private array(depth: number): UBJValue {
    const { type, count } = this.header(depth, 1);
    const numeric = NUMERIC[type];
    if (numeric) return this.r.decode(new numeric[1](count), numeric[0]);
    const out: UBJValue[] = [];
    if (count >= 0) {
      for (let i = 0; i < count; i++) out.push(this.value(type >= 0 ? type : this.r.u8(), depth));
      return out;
    }
    for (;;) {
      const m = this.r.u8();
      if (m === 0x5d) return out; // ]
      if (m !== 0x4e) out.push(this.value(m, depth)); // N is a no-op
    }
  }

  private object(depth: number): UBJValue {
    // every entry has a key of at least two bytes (a length marker and a length)
    const { type, count } = this.header(depth, 2);
    const out: { [key: string]: UBJValue } = {};
    if (count >= 0) {
      for (let i = 0; i < count; i++) setKey(out, this.str(), this.value(type >= 0 ? type : this.r.u8(), depth));
      return out;
    }
    for (;;) {
      const m = this.r.peek();
      if (m === 0x7d) { // }
        this.r.pos++;
        return out;
      }
      if (m === 0x4e) this.r.pos++;
      else setKey(out, this.str(), this.value(this.r.u8(), depth));
    }
  }
}
