/**
 * The bounds every model reader applies to what a file declares, so that a corrupt or hostile file can never force
 * a large allocation, an endless loop or deep recursion, and always ends in a typed error:
 *
 * - **Counts against what is present.** A count read from a file (elements of an array, nodes, trees, categorical
 *   words, feature names) is accepted only if that many elements can be present in what remains of the input:
 *   `count * minimumElementSize <= remaining bytes` for binary formats ({@link ByteReader.count}), `count ===` the
 *   number of values actually on the line for text ({@link parseCount} then the line's own token count), the length
 *   of the array actually present for JSON. So nothing is allocated for elements that are not there.
 * - **Zero-width elements.** Elements that occupy no bytes (UBJSON's typed containers of `Z`/`T`/`F`) are charged
 *   to a budget of one element per input byte for the whole document, so that they cannot multiply the input.
 * - **Nesting** is at most {@link MAX_NESTING} levels deep (the UBJSON reader recurses once per level).
 * - **Header numbers** that no elements back: `nFeatures <= MAX_MODEL_FEATURES` and `numClass <= max(1, numTrees)`
 *   (every class of a multiclass model has a tree), see {@link checkModelShape}.
 *
 * Consequence, the bound the fuzz tests check: loading a model of `n` input bytes (or characters) allocates
 * O(n) memory, at most 128 bytes of typed arrays per input byte, and every later per-model allocation
 * (prediction, importance, export) is proportional to the input, the rows predicted and `nFeatures` (TreeSHAP's,
 * quadratic in the tree depth, is capped by `MAX_SHAP_DEPTH`).
 *
 * @module
 */
/** Deepest container nesting a reader accepts (XGBoost models nest 6 levels). */
export const MAX_NESTING = 256;

/**
 * Largest `nFeatures` a model file may declare (2^24 = 16,777,216): the feature-sized results of a loaded model
 * (importance, one row of contributions, the per-feature lines of an export) then stay within 128 MB.
 */
export const MAX_MODEL_FEATURES = 1 << 24;

/** Reports a fault at a byte offset; readers pass one that throws their format's error. */
export type ByteFault = (offset: number, message: string) => never;

/** The element types of the numeric arrays the binary readers decode. `i64` is read as a (possibly rounded) double. */
export type ElementType = 'i8' | 'u8' | 'i16' | 'i32' | 'u32' | 'i64' | 'f32' | 'f64';

/** Bytes per element of each {@link ElementType}. */
export const ELEMENT_SIZE: Readonly<Record<ElementType, number>> = { i8: 1, u8: 1, i16: 2, i32: 4, u32: 4, i64: 8, f32: 4, f64: 8 };

/** A typed array that numbers are decoded into. */
type NumberArray = Int8Array | Uint8Array | Int16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/**
 * A cursor over bytes that never reads past the end: every read and every count is checked against the bytes that
 * remain, and a failure goes to the reader's own error (`fault(offset, message)`), never a `RangeError`.
 *
 * @example
 * ```ts
 * const r = new ByteReader(Uint8Array.of(2, 0, 0, 0, 7, 9), true, (at, m) => { throw new CorruptModelError('layout', `byte ${at}: ${m}`) })
 * const n = r.count(r.u32(), 1, 'items') // 2: two 1-byte items fit in the 2 bytes left
 * r.decode(new Uint8Array(n), 'u8')      // Uint8Array [7, 9]
 * r.u8()                                 // throws: byte 6: unexpected end of input (need 1 more byte(s), 0 left)
 * ```
 */
export class ByteReader {
  /** Offset of the next unread byte. */
  pos: number;
  private readonly view: DataView;

  /**
   * @param bytes the input
   * @param littleEndian byte order of multi-byte numbers
   * @param fault throws the reader's error for a fault at a byte offset
   * @param start offset of the first byte to read
   */
  constructor(readonly bytes: Uint8Array, private readonly littleEndian: boolean, private readonly fault: ByteFault, start = 0) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Throws the reader's error at the current offset. */
  fail(message: string): never {
    return this.fault(this.pos, message);
  }

  /** Consumes `n` bytes and returns the offset of the first, or fails if fewer remain. */
  take(n: number): number {
    const p = this.pos;
    if (!(n <= this.bytes.length - p)) this.fail(`unexpected end of input (need ${n} more byte(s), ${this.bytes.length - p} left)`);
    this.pos = p + n;
    return p;
  }

  /** The next byte, without consuming it. */
  peek(): number {
    if (this.pos >= this.bytes.length) this.fail('unexpected end of input');
    return this.bytes[this.pos]!;
  }

  /** Reads one number of type `type`. */
  read(type: ElementType): number {
    return this.at(this.take(ELEMENT_SIZE[type]), type);
  }

  /** Reads an unsigned byte. */
  u8(): number {
    return this.bytes[this.take(1)]!;
  }

  /** Reads an unsigned 32-bit integer. */
  u32(): number {
    return this.read('u32');
  }

  /**
   * Checks a count read from the input before anything is allocated for it: `n` must be an integer with
   * `0 <= n` and `n * minBytes <= remaining` (each element occupies at least `minBytes` bytes). Returns `n`.
   */
  count(n: number, minBytes: number, what: string): number {
    if (!Number.isInteger(n) || n < 0) this.fail(`${what}: invalid count ${n}`);
    if (n * minBytes > this.remaining) this.fail(`${what}: count ${n} needs ${n * minBytes} byte(s), only ${this.remaining} left`);
    return n;
  }

  /** Fills `out` with `out.length` numbers of type `type` (the bytes are checked first). Returns `out`. */
  decode<T extends NumberArray>(out: T, type: ElementType): T {
    const n = out.length;
    const p = this.take(n * ELEMENT_SIZE[type]);
    const v = this.view;
    const le = this.littleEndian;
    // one loop per type: this is the inner loop of every binary model load
    switch (type) {
      case 'i8': for (let i = 0; i < n; i++) out[i] = v.getInt8(p + i); break;
      case 'u8': out.set(this.bytes.subarray(p, p + n)); break;
      case 'i16': for (let i = 0; i < n; i++) out[i] = v.getInt16(p + 2 * i, le); break;
      case 'i32': for (let i = 0; i < n; i++) out[i] = v.getInt32(p + 4 * i, le); break;
      case 'u32': for (let i = 0; i < n; i++) out[i] = v.getUint32(p + 4 * i, le); break;
      case 'f32': for (let i = 0; i < n; i++) out[i] = v.getFloat32(p + 4 * i, le); break;
      case 'f64': for (let i = 0; i < n; i++) out[i] = v.getFloat64(p + 8 * i, le); break;
      case 'i64': for (let i = 0; i < n; i++) out[i] = this.at(p + 8 * i, 'i64'); break;
    }
    return out;
  }

  private at(p: number, type: ElementType): number {
    const v = this.view;
    const le = this.littleEndian;
    switch (type) {
      case 'i8': return v.getInt8(p);
      case 'u8': return v.getUint8(p);
      case 'i16': return v.getInt16(p, le);
      case 'i32': return v.getInt32(p, le);
      case 'u32': return v.getUint32(p, le);
      case 'f32': return v.getFloat32(p, le);
      case 'f64': return v.getFloat64(p, le);
      case 'i64': return v.getInt32(le ? p + 4 : p, le) * 4294967296 + v.getUint32(le ? p : p + 4, le);
    }
  }
}

/**
 * Parses a count or index field of a text format: optional sign, decimal digits only (no `''`, `1.5`, `0x10`,
 * `1e3`, `abc`), at least `min` and at most 2^53 - 1. Returns the number or `undefined` if the text is not one.
 *
 * @example
 * ```ts
 * parseCount('31', 0)  // 31
 * parseCount('abc', 0) // undefined
 * parseCount('-1', 0)  // undefined
 * parseCount('-1', -1) // -1
 * ```
 */
export function parseCount(text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const s = text.trim();
  if (!/^[+-]?\d{1,16}$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) && n >= min ? n : undefined;
}

/**
 * Checks the header numbers of a model file that no elements back (see the module doc): `nFeatures` in
 * `[0, MAX_MODEL_FEATURES]` and `numClass` in `[1, max(1, numTrees)]`. Calls `fail(field, message)` otherwise.
 *
 * @example
 * ```ts
 * checkModelShape({ nFeatures: 1e9, numClass: 1, numTrees: 3 }, fail) // fail('nFeatures', 'declares 1000000000 features, ...')
 * checkModelShape({ nFeatures: 6, numClass: 1e9, numTrees: 3 }, fail) // fail('numClass', '1000000000 classes but only 3 tree(s), ...')
 * ```
 */
export function checkModelShape(shape: { nFeatures: number; numClass: number; numTrees: number }, fail: (field: 'nFeatures' | 'numClass', message: string) => never): void {
  const { nFeatures, numClass, numTrees } = shape;
  if (!Number.isInteger(nFeatures) || nFeatures < 0 || nFeatures > MAX_MODEL_FEATURES) {
    fail('nFeatures', `declares ${nFeatures} features, a model file may declare 0 to ${MAX_MODEL_FEATURES}`);
  }
  if (!Number.isInteger(numClass) || numClass < 1) fail('numClass', `declares ${numClass} classes, expected a positive integer`);
  if (numClass > Math.max(1, numTrees)) fail('numClass', `declares ${numClass} classes but only ${numTrees} tree(s), every class needs a tree`);
}
