/**
 * The output-buffer mechanism behind every `...Into` function (src/indicators/output.ts): what it writes, what it
 * hands the kernel, and what it refuses, checked against hand-written expectations.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidParameterError } from '../../src/core/errors.js';
import { intoOutput, intoOutputs, outputFor, outputsFor } from '../../src/indicators/output.js';
import { macdMeta } from '../../src/indicators/momentum/macd.js';
import { smaMeta } from '../../src/indicators/overlap/sma.js';
import { obvMeta } from '../../src/indicators/volume/obv.js';
import { expectCode } from './harness.js';

const real = new Float64Array([1, 2, 3, 4]);

describe('outputFor / outputsFor', () => {
  it('allocates zeroed arrays of the first input length, and an empty one for a non-Float64Array', () => {
    expect(Array.from(outputFor(real))).toEqual([0, 0, 0, 0]);
    expect(outputFor([1, 2, 3]).length).toBe(0);
    expect(outputFor(undefined).length).toBe(0);
    const outs = outputsFor(macdMeta, real);
    expect(Object.keys(outs)).toEqual(['macd', 'signal', 'hist']);
    expect(outs.macd).not.toBe(outs.signal);
    expect(Object.values(outs).every((o) => o.length === 4 && o.every((v) => v === 0))).toBe(true);
  });
});

describe('intoOutput', () => {
  it('writes NaN on [0, lookback) only and hands back the buffer itself when it has length n', () => {
    const out = new Float64Array([7, 7, 7, 7]);
    expect(intoOutput(smaMeta, out, 4, 2, [real])).toBe(out);
    expect(Array.from(out)).toEqual([NaN, NaN, 7, 7]);
  });

  it('hands back a view of the first n elements of a longer buffer, leaving the rest alone', () => {
    const out = new Float64Array([7, 7, 7, 7, 7, 7]);
    const view = intoOutput(smaMeta, out, 4, 1, [real]);
    expect(view.length).toBe(4);
    expect(view.buffer).toBe(out.buffer);
    expect(view.byteOffset).toBe(0);
    expect(Array.from(out)).toEqual([NaN, 7, 7, 7, 7, 7]);
  });

  it('clips the warm-up to n: any lookback >= n makes all of out[0 .. n) NaN and nothing after (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 5 }), (n, lookback, extra) => {
        const out = new Float64Array(n + extra).fill(7);
        intoOutput(smaMeta, out, n, lookback, [new Float64Array(n)]);
        const nan = Math.min(lookback, n);
        return out.every((v, i) => (i < nan ? Number.isNaN(v) : v === 7));
      }),
    );
  });

  it('accepts an out that shares a buffer with an input without overlapping its first n elements', () => {
    const shared = new ArrayBuffer(8 * 8);
    const input = new Float64Array(shared, 0, 4);
    const out = new Float64Array(shared, 32, 4);
    expect(() => intoOutput(smaMeta, out, 4, 1, [input])).not.toThrow();
  });

  it('refuses a short buffer, a wrong type and overlapping memory, naming the parameter and the input', () => {
    const short = expectCode(() => intoOutput(smaMeta, new Float64Array(3), 4, 1, [real]), 'INVALID_PARAMETER');
    expect(short).toBeInstanceOf(InvalidParameterError);
    expect(short.message).toBe("SMA.out: expected a Float64Array of length >= 4 (the inputs' length), got length 3");
    expect(expectCode(() => intoOutput(smaMeta, [0, 0, 0, 0], 4, 1, [real]), 'INVALID_PARAMETER').message).toContain('SMA.out: expected a Float64Array, got');
    const price = new Float64Array(4);
    const volume = new Float64Array(5);
    const overlap = new Float64Array(volume.buffer, 8, 4);
    const e = expectCode(() => intoOutput(obvMeta, overlap, 4, 0, [price, volume.subarray(0, 4)]), 'INVALID_PARAMETER');
    expect(e.message).toBe('OBV.out: must not share memory with the input volume');
    expect(Array.from(volume)).toEqual([0, 0, 0, 0, 0]);
  });

  it('lets n = 0 pass any Float64Array, writing nothing', () => {
    const out = new Float64Array([7]);
    expect(intoOutput(smaMeta, out, 0, 5, [new Float64Array(0)]).length).toBe(0);
    expect(out[0]).toBe(7);
  });
});

describe('intoOutputs', () => {
  const three = () => ({ macd: new Float64Array(4).fill(7), signal: new Float64Array(4).fill(7), hist: new Float64Array(4).fill(7) });

  it('checks every buffer before writing any, then writes each warm-up', () => {
    const out = { ...three(), hist: new Float64Array(2) };
    const e = expectCode(() => intoOutputs(macdMeta, out, 4, 2, [real]), 'INVALID_PARAMETER');
    expect(e.message).toContain('MACD.out.hist: expected a Float64Array of length >= 4');
    expect(Array.from(out.macd)).toEqual([7, 7, 7, 7]);
    const good = three();
    const views = intoOutputs(macdMeta, good, 4, 2, [real]);
    expect(views.signal).toBe(good.signal);
    for (const b of Object.values(good)) expect(Array.from(b)).toEqual([NaN, NaN, 7, 7]);
  });

  it('refuses a missing output, two outputs on the same memory and a non-object', () => {
    const { hist: _hist, ...missing } = three();
    expect(expectCode(() => intoOutputs(macdMeta, missing as never, 4, 2, [real]), 'INVALID_PARAMETER').message).toBe(
      'MACD.out.hist: expected a Float64Array, got undefined',
    );
    const shared = new Float64Array(4);
    expect(expectCode(() => intoOutputs(macdMeta, { macd: shared, signal: new Float64Array(4), hist: shared }, 4, 2, [real]), 'INVALID_PARAMETER').message).toBe(
      'MACD.out.hist: must not share memory with out.macd',
    );
    expect(expectCode(() => intoOutputs(macdMeta, new Float64Array(4) as never, 4, 2, [real]), 'INVALID_PARAMETER').message).toContain(
      'MACD.out: expected an object of Float64Arrays (macd, signal, hist)',
    );
  });
});
