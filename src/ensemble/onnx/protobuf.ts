/**
 * A minimal Protocol Buffers wire-format writer and reader: what ONNX's `ModelProto` needs (varints, int64 with
 * negative values, fixed32 floats, fixed64 doubles, length-delimited bytes, strings and nested messages, packed
 * repeated scalars). Schema-free: the ONNX field numbers live in `onnx-proto.ts`. Runtime-agnostic (plain typed
 * arrays; UTF-8 by `utf8.ts`). Reading is bounded like our other readers: every read goes through `ByteReader`
 * (`gbdt/io/bounded.ts`), and a length is checked against the bytes present before its payload is taken.
 *
 * Reference: the protobuf encoding guide, https://protobuf.dev/programming-guides/encoding/ (wire types 0 VARINT,
 * 1 I64, 2 LEN, 5 I32; groups 3 and 4 are deprecated and rejected here).
 *
 * @module
 */
import { ModelFormatError } from '../errors.js';
import { ByteReader } from '../gbdt/io/bounded.js';
import { utf8Decode, utf8Encode } from '../gbdt/io/utf8.js';

/** Wire type 0: a varint (int32, int64, uint64, bool, enum). */
export const WIRE_VARINT = 0;
/** Wire type 1: 8 little-endian bytes (double, fixed64). */
export const WIRE_I64 = 1;
/** Wire type 2: a varint length and that many bytes (string, bytes, messages, packed repeated scalars). */
export const WIRE_LEN = 2;
/** Wire type 5: 4 little-endian bytes (float, fixed32). */
export const WIRE_I32 = 5;

/**
 * Builds one protobuf message field by field, in the order the calls are made. Nested messages are built with
 * their own writer and added with {@link ProtoWriter.message}.
 *
 * @example
 * ```ts
 * const w = new ProtoWriter()
 * w.int(1, 150)
 * w.string(2, 'X')
 * w.finish() // => Uint8Array [0x08, 0x96, 0x01, 0x12, 0x01, 0x58]
 * ```
 */
export class ProtoWriter {
  private out = new Uint8Array(64);
  private length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.out.length) return;
    const grown = new Uint8Array(Math.max(this.out.length * 2, this.length + n));
    grown.set(this.out.subarray(0, this.length));
    this.out = grown;
  }

  /** A varint of a non-negative integer below 2^53, or of a negative one as its 64-bit two's complement (10 bytes). */
  private varint(n: number): void {
    if (!Number.isSafeInteger(n)) throw new ModelFormatError('model', 'protobuf varint', `expected a safe integer, got ${n}`);
    this.reserve(10);
    if (n < 0) {
      let v = BigInt.asUintN(64, BigInt(n));
      for (let i = 0; i < 9; i++, v >>= 7n) this.out[this.length++] = Number(v & 0x7fn) | 0x80;
      this.out[this.length++] = Number(v);
      return;
    }
    while (n >= 0x80) {
      this.out[this.length++] = (n % 128) | 0x80;
      n = Math.floor(n / 128);
    }
    this.out[this.length++] = n;
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** An integer field (int32, int64, enum, bool as 0/1): any safe integer, negative ones as 64-bit two's complement. */
  int(field: number, n: number): this {
    this.tag(field, WIRE_VARINT);
    this.varint(n);
    return this;
  }

  /** A float field (fixed32, IEEE 754 single precision, little-endian). */
  float(field: number, x: number): this {
    this.tag(field, WIRE_I32);
    this.reserve(4);
    new DataView(this.out.buffer).setFloat32(this.length, x, true);
    this.length += 4;
    return this;
  }

  /** A bytes field (also the raw form of a string or a nested message). */
  bytes(field: number, b: Uint8Array): this {
    this.tag(field, WIRE_LEN);
    this.varint(b.length);
    this.reserve(b.length);
    this.out.set(b, this.length);
    this.length += b.length;
    return this;
  }

  /** A string field, UTF-8 encoded. */
  string(field: number, s: string): this {
    return this.bytes(field, Uint8Array.from(utf8Encode(s)));
  }

  /** A nested message field. */
  message(field: number, m: ProtoWriter): this {
    return this.bytes(field, m.finish());
  }

  /** A packed repeated integer field (int64/int32 varints in one length-delimited record). */
  packedInts(field: number, values: ArrayLike<number>): this {
    const inner = new ProtoWriter();
    for (let i = 0; i < values.length; i++) inner.varint(values[i]!);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated float field (4 little-endian bytes per value in one length-delimited record). */
  packedFloats(field: number, values: ArrayLike<number>): this {
    return this.bytes(field, float32LE(values));
  }

  /** The bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.out.slice(0, this.length);
  }
}

/**
 * The values as IEEE 754 single-precision little-endian bytes, 4 per value (rounded to float32): the layout of a
 * packed `repeated float` and of ONNX `TensorProto.raw_data` for FLOAT tensors.
 *
 * @example
 * ```ts
 * float32LE([1]) // => Uint8Array [0, 0, 0x80, 0x3f]
 * ```
 */
export function float32LE(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return bytes;
}

/**
 * One field of a decoded message. `value` holds the number of a VARINT (int64 read as a signed number; exact up to
 * 2^53), I32 (read as a float) or I64 (read as a double) field; `bytes` the payload of a LEN field (a view into the
 * input, not a copy).
 */
export interface ProtoField {
  /** The field number. */
  readonly field: number;
  /** The wire type: {@link WIRE_VARINT}, {@link WIRE_I64}, {@link WIRE_LEN} or {@link WIRE_I32}. */
  readonly wire: number;
  /** The numeric value (0 for LEN fields). */
  readonly value: number;
  /** The payload of a LEN field (empty for the others). */
  readonly bytes: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/** A `ByteReader` over `bytes` whose faults are `ModelFormatError`s at `${where} byte N`. */
function protoReader(bytes: Uint8Array, where: string): ByteReader {
  return new ByteReader(bytes, true, (at, message) => {
    throw new ModelFormatError('model', `${where} byte ${at}`, message);
  });
}

/** One varint as a signed int64 (two's complement), exact up to 2^53 in magnitude. */
function varint(r: ByteReader): number {
  let value = 0;
  let big: bigint | undefined;
  for (let shift = 0; ; shift += 7) {
    if (r.remaining === 0) r.fail('truncated varint');
    if (shift > 63) r.fail('varint longer than 10 bytes');
    const b = r.u8();
    // 7 groups (49 bits) are exact in a double; beyond that the value is completed as a bigint.
    if (shift < 49) value += (b & 0x7f) * 2 ** shift;
    else big = (big ?? BigInt(value)) + (BigInt(b & 0x7f) << BigInt(shift));
    if (b < 0x80) break;
  }
  return big === undefined ? value : Number(BigInt.asIntN(64, big));
}

/**
 * Decodes the top-level fields of one protobuf message, in order (repeated fields appear once per occurrence).
 * Nested messages stay as `bytes`, to be read with another call. Throws `ModelFormatError` (format `'model'`,
 * `where` = `${where} byte N`) on a truncated field, a varint longer than 10 bytes, field number 0 or a group.
 *
 * @example
 * ```ts
 * readProto(Uint8Array.of(0x08, 0x96, 0x01, 0x12, 0x01, 0x58), 'msg')
 * // => [{ field: 1, wire: 0, value: 150, bytes: Uint8Array [] }, { field: 2, wire: 2, value: 0, bytes: Uint8Array [0x58] }]
 * ```
 */
export function readProto(bytes: Uint8Array, where: string): ProtoField[] {
  const fields: ProtoField[] = [];
  const r = protoReader(bytes, where);
  while (r.remaining > 0) {
    const key = varint(r);
    const field = Math.floor(key / 8);
    const wire = key - field * 8;
    if (field < 1 || field > 0x1fffffff) r.fail(`invalid field number ${field}`);
    if (wire === WIRE_VARINT) {
      fields.push({ field, wire, value: varint(r), bytes: EMPTY });
    } else if (wire === WIRE_I32 || wire === WIRE_I64) {
      if (r.remaining < (wire === WIRE_I32 ? 4 : 8)) r.fail(`field ${field}: truncated ${wire === WIRE_I32 ? 4 : 8}-byte value`);
      fields.push({ field, wire, value: r.read(wire === WIRE_I32 ? 'f32' : 'f64'), bytes: EMPTY });
    } else if (wire === WIRE_LEN) {
      const n = varint(r);
      if (!(n >= 0 && n <= r.remaining)) r.fail(`field ${field}: length ${n} runs past the end (${r.remaining} byte(s) left)`);
      const at = r.take(n);
      fields.push({ field, wire, value: 0, bytes: bytes.subarray(at, at + n) });
    } else {
      r.fail(`field ${field}: unsupported wire type ${wire}`);
    }
  }
  return fields;
}

/**
 * The integers of a repeated integer field, packed (one LEN record) or not (one VARINT per value), as protobuf
 * parsers must accept both.
 *
 * @example
 * ```ts
 * const w = new ProtoWriter().packedInts(8, [1, -1])
 * protoInts(readProto(w.finish(), 'm'), 8, 'm') // => [1, -1]
 * ```
 */
export function protoInts(fields: readonly ProtoField[], field: number, where: string): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (f.wire === WIRE_VARINT) {
      out.push(f.value);
    } else if (f.wire === WIRE_LEN) {
      const r = protoReader(f.bytes, `${where}.${field}`);
      while (r.remaining > 0) out.push(varint(r));
    } else {
      throw new ModelFormatError('model', `${where}.${field}`, `expected an integer, got wire type ${f.wire}`);
    }
  }
  return out;
}

/**
 * The string of a LEN field (UTF-8), or `''` when the field is absent (proto3 default).
 *
 * @example
 * ```ts
 * protoString(readProto(new ProtoWriter().string(1, 'X').finish(), 'm'), 1) // => 'X'
 * ```
 */
export function protoString(fields: readonly ProtoField[], field: number): string {
  let s = '';
  for (const f of fields) if (f.field === field && f.wire === WIRE_LEN) s = utf8Decode(f.bytes, 0, f.bytes.length);
  return s;
}
