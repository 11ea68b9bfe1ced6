import { describe, expect, it } from 'vitest';
import { AlphaError, InvalidParameterError } from '../../src/core/errors.js';
import { describeValue } from '../../src/core/describe.js';
import { checkOptions } from '../../src/core/options.js';
import { toEpochMs } from '../../src/core/time.js';

describe('describeValue: type and size, never bulk contents', () => {
  it.each([
    [new Float64Array(1_766_338), 'Float64Array(1766338)'],
    [new Uint8Array(3), 'Uint8Array(3)'],
    ['x'.repeat(10_000), `"${'x'.repeat(40)}..." (10000 chars)`],
    ['rsi_14', '"rsi_14"'],
    [{ high: 1 }, 'object { high }'],
    [{ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 }, 'object { a, b, c, d, e, ... (6 keys) }'],
    [{}, 'object {}'],
    [[1, 2, 3], 'Array(3)'],
    [NaN, 'NaN'],
    [-Infinity, '-Infinity'],
    [null, 'null'],
    [undefined, 'undefined'],
    [12n, '12n'],
    [new Date(Date.UTC(2024, 0, 1)), '2024-01-01T00:00:00.000Z'],
    [new Date(NaN), 'Invalid Date'],
    [() => 1, 'a function'],
    [new Map([[1, 2]]), 'Map(1)'],
    [new Set([1, 2, 3]), 'Set(3)'],
    [new ArrayBuffer(16), 'ArrayBuffer(16 bytes)'],
    [Object.create(null) as object, 'object {}'],
    [new (class Point { x = 1; y = 2 })(), 'Point { x, y }'],
  ])('%s', (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });
});

describe('AlphaError messages are bounded', () => {
  it('cuts a message over MAX_MESSAGE characters', () => {
    const e = new InvalidParameterError('x', 'y'.repeat(100_000));
    expect(e.message.length).toBe(AlphaError.MAX_MESSAGE);
    expect(e.message.endsWith('...')).toBe(true);
    expect(e.message.startsWith('x: yyy')).toBe(true);
  });
});

describe('checkOptions', () => {
  const known = ['n', 'trainSize', 'testSize', 'embargo'];
  it('accepts undefined and known keys', () => {
    expect(checkOptions(undefined, known)).toEqual({});
    const o = { n: 10, embargo: 2 };
    expect(checkOptions(o, known)).toBe(o);
  });
  it('rejects an unknown key, naming it and listing the known ones', () => {
    const e = (() => {
      try {
        checkOptions({ n: 1, trainsize: 5 } as object, known, 'options');
      } catch (x) {
        return x as InvalidParameterError;
      }
    })();
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect(e!.parameter).toBe('options.trainsize');
    expect(e!.message).toBe('options.trainsize: unknown option (known: n, trainSize, testSize, embargo)');
  });
  it('cuts a hostile key in the parameter name', () => {
    const key = 'k'.repeat(10_000);
    expect(() => checkOptions({ [key]: 1 } as object, known, 'options')).toThrowError(expect.objectContaining({ parameter: `options.${'k'.repeat(40)}...` }));
    expect(describeValue({ [key]: 1 })).toBe(`object { ${'k'.repeat(40)}... }`);
  });
  it.each([[null], [5], ['gaps'], [[1]], [new Float64Array(2)]])('rejects a non-object %s', (value) => {
    expect(() => checkOptions(value as object, known, 'options')).toThrowError(expect.objectContaining({ code: 'INVALID_PARAMETER', parameter: 'options' }));
  });
});

describe('toEpochMs', () => {
  it.each([
    ['2024-01-01', Date.UTC(2024, 0, 1)],
    ['2024-01-01 00:15:00+00', Date.UTC(2024, 0, 1, 0, 15)],
    ['2024-01-01 02:15:00+02', Date.UTC(2024, 0, 1, 0, 15)],
    ['2024-01-01T00:15:00.500-01', Date.UTC(2024, 0, 1, 1, 15, 0, 500)],
    ['2024-01-01T00:15:00', Date.UTC(2024, 0, 1, 0, 15)],
    ['2024-01-01T00:15:00Z', Date.UTC(2024, 0, 1, 0, 15)],
    ['1704067200000', 1704067200000],
  ])('%s', (text, ms) => {
    expect(toEpochMs(text)).toBe(ms);
  });
  it('scales numbers by secondScale and gives NaN for what is not a time', () => {
    expect(toEpochMs(1704067200, 1000)).toBe(1704067200000);
    expect(toEpochMs('yesterday')).toBeNaN();
    expect(toEpochMs({})).toBeNaN();
  });
});
