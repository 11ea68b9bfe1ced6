/**
 * The protobuf wire format: known encodings from the protobuf encoding guide, writer/reader round trips as
 * properties, and readONNXModel on any truncation or garbage: a ModelFormatError, never another error or a hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../src/core/errors.js';
import { ModelFormatError } from '../../../src/ensemble/errors.js';
import { readONNXModel } from '../../../src/ensemble/onnx/onnx-read.js';
import { float32LE, protoInts, protoString, ProtoWriter, readProto } from '../../../src/ensemble/onnx/protobuf.js';
import { toONNX } from '../../../src/ensemble/onnx/to-onnx.js';
import { handMLP } from './helpers.js';

describe('protobuf wire format', () => {
  it('writes the encoding guide examples: 150 as 96 01, a string, negative int64 as 10 bytes', () => {
    expect(Array.from(new ProtoWriter().int(1, 150).finish())).toEqual([0x08, 0x96, 0x01]);
    expect(Array.from(new ProtoWriter().string(2, 'testing').finish())).toEqual([0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67]);
    expect(Array.from(new ProtoWriter().int(1, -1).finish())).toEqual([0x08, ...Array(9).fill(0xff), 0x01]);
    expect(Array.from(new ProtoWriter().int(1, -2).finish())).toEqual([0x08, 0xfe, ...Array(8).fill(0xff), 0x01]);
    expect(Array.from(new ProtoWriter().float(3, 1).finish())).toEqual([0x1d, 0, 0, 0x80, 0x3f]);
    expect(Array.from(float32LE([1, -2]))).toEqual([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]);
  });

  it('reads back every safe integer, packed or not, and floats, strings and nested messages', () => {
    fc.assert(
      fc.property(fc.array(fc.maxSafeInteger().chain((n) => fc.constantFrom(n, n === 0 ? 0 : -n))), fc.string(), fc.float({ noNaN: true }), (ints, s, f) => {
        const inner = new ProtoWriter().string(1, s).float(2, f);
        const w = new ProtoWriter().packedInts(8, ints).message(5, inner);
        for (const n of ints) w.int(3, n);
        const fields = readProto(w.finish(), 'm');
        expect(protoInts(fields, 8, 'm')).toEqual(ints);
        expect(protoInts(fields, 3, 'm')).toEqual(ints);
        const nested = readProto(fields.find((x) => x.field === 5)!.bytes, 'inner');
        expect(protoString(nested, 1)).toBe(s);
        expect(nested.find((x) => x.field === 2)!.value).toBe(Math.fround(f));
      }),
    );
  });

  it('rejects a non-integer varint and reports truncation, overlong varints, groups and field 0 with the byte', () => {
    expect(() => new ProtoWriter().int(1, 0.5)).toThrow(ModelFormatError);
    expect(() => new ProtoWriter().int(1, 2 ** 53)).toThrow(ModelFormatError);
    const bad: [number[], RegExp][] = [
      [[0x08], /m byte 1: truncated varint/],
      [[0x08, ...Array(10).fill(0x80), 0x01], /varint longer than 10 bytes/],
      [[0x12, 0x05, 0x61], /length 5 runs past the end \(1 byte\(s\) left\)/],
      [[0x1d, 0, 0], /truncated 4-byte value/],
      [[0x0b], /unsupported wire type 3/],
      [[0x00, 0x01], /invalid field number 0/],
    ];
    for (const [bytes, message] of bad) expect(() => readProto(Uint8Array.from(bytes), 'm'), message.source).toThrow(message);
  });
});

/** Reads `b`: it must be a model or throw ModelFormatError, nothing else. */
function modelOrFormatError(b: Uint8Array): void {
  try {
    readONNXModel(b);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelFormatError);
  }
}

describe('readONNXModel on damaged files', () => {
  const bytes = toONNX(handMLP([4, 8, 1], 3));

  it('every truncation of an exported model is a ModelFormatError', () => {
    for (let n = 0; n < bytes.length; n++) expect(() => readONNXModel(bytes.subarray(0, n)), `${n} bytes`).toThrow(ModelFormatError);
  });

  it('arbitrary bytes are a model or a ModelFormatError, never another error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), modelOrFormatError),
      { numRuns: 2000 },
    );
  });

  it('a flipped byte anywhere is a model or a ModelFormatError', () => {
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const b = bytes.slice();
        b[at]! ^= x;
        modelOrFormatError(b);
      }),
      { numRuns: 1000 },
    );
  });

  it('a missing graph, ir_version or opset is named; a non-Uint8Array is an InvalidParameterError', () => {
    expect(() => readONNXModel(new ProtoWriter().int(1, 8).finish())).toThrow(/opset_import: no operator set imported/);
    expect(() => readONNXModel(new ProtoWriter().int(1, 8).message(8, new ProtoWriter().int(2, 15)).finish())).toThrow(/ModelProto.graph: missing/);
    expect(() => readONNXModel(new ProtoWriter().string(2, 'x').finish())).toThrow(/ir_version: missing or invalid/);
    expect(() => readONNXModel([1, 2] as never)).toThrow(InvalidParameterError);
  });
});
