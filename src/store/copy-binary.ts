/**
 * PostgreSQL's binary COPY format (`COPY ... FROM STDIN WITH (FORMAT binary)`), written with a DataView: float8
 * travels as its 8 IEEE bytes (exact, and no number-to-text conversion on either side), timestamptz as
 * microseconds since 2000-01-01 UTC. Used by the COPY bulk paths on node-postgres and PGlite.
 */

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]; // PGCOPY\n\377\r\n\0
/** Milliseconds from the Unix epoch to PostgreSQL's epoch (2000-01-01T00:00:00Z). */
const PG_EPOCH_MS = 946_684_800_000;

/**
 * Builds binary COPY data in chunks; `take()` hands out what was written so far. Each field method writes the
 * field's length, then its bytes in network order.
 *
 * @example
 * ```ts
 * const w = new BinaryCopyWriter()
 * w.header().row(2).int4(7).float8(NaN, true).trailer()
 * w.take().length // => 35 (header 19, field count 2, int4 8, NULL 4, trailer 2)
 * ```
 */
export class BinaryCopyWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(capacity = 1 << 20) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** The file header (signature, flags, extension length). */
  header(): this {
    this.ensure(19);
    this.buf.set(SIGNATURE, this.pos);
    this.pos += 11;
    this.view.setInt32(this.pos, 0);
    this.view.setInt32(this.pos + 4, 0);
    this.pos += 8;
    return this;
  }

  /** Starts a tuple of `fields` fields. */
  row(fields: number): this {
    this.ensure(2);
    this.view.setInt16(this.pos, fields);
    this.pos += 2;
    return this;
  }

  /** A NULL field. */
  null(): this {
    this.ensure(4);
    this.view.setInt32(this.pos, -1);
    this.pos += 4;
    return this;
  }

  /** A text (or varchar) field from UTF-8 bytes. */
  bytes(b: Uint8Array): this {
    this.ensure(4 + b.length);
    this.view.setInt32(this.pos, b.length);
    this.buf.set(b, this.pos + 4);
    this.pos += 4 + b.length;
    return this;
  }

  /** A jsonb field (format version 1, then the JSON text). */
  jsonb(jsonUtf8: Uint8Array): this {
    this.ensure(5 + jsonUtf8.length);
    this.view.setInt32(this.pos, jsonUtf8.length + 1);
    this.buf[this.pos + 4] = 1;
    this.buf.set(jsonUtf8, this.pos + 5);
    this.pos += 5 + jsonUtf8.length;
    return this;
  }

  /** A float8 field; NaN as NULL when `nanAsNull`. */
  float8(x: number, nanAsNull = false): this {
    if (nanAsNull && x !== x) return this.null();
    this.ensure(12);
    this.view.setInt32(this.pos, 8);
    this.view.setFloat64(this.pos + 4, x);
    this.pos += 12;
    return this;
  }

  /** An int2 field. */
  int2(x: number): this {
    this.ensure(6);
    this.view.setInt32(this.pos, 2);
    this.view.setInt16(this.pos + 4, x);
    this.pos += 6;
    return this;
  }

  /** An int4 field. */
  int4(x: number): this {
    this.ensure(8);
    this.view.setInt32(this.pos, 4);
    this.view.setInt32(this.pos + 4, x);
    this.pos += 8;
    return this;
  }

  /** A timestamptz field from epoch milliseconds (sub-millisecond fractions are kept to the microsecond). */
  timestamptz(ms: number): this {
    this.ensure(12);
    this.view.setInt32(this.pos, 8);
    this.view.setBigInt64(this.pos + 4, BigInt(Math.round((ms - PG_EPOCH_MS) * 1000)));
    this.pos += 12;
    return this;
  }

  /** The end-of-data marker. */
  trailer(): this {
    this.ensure(2);
    this.view.setInt16(this.pos, -1);
    this.pos += 2;
    return this;
  }

  /** Hands out the bytes written so far (a copy) and starts over. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }
}
