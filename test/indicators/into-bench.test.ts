/**
 * The `...Into(out, ...)` variants of the ten bench indicators: each one against the real TA-Lib C library (npm
 * `talib`) and against its allocating function on the bench series (bench/lib/data.ts, a small slice), with a dirty,
 * longer caller buffer (every element of `out[0 .. n)` must be written, nothing after it), and its bad inputs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidParameterError } from '../../src/core/errors.js';
import * as I from '../../src/indicators/index.js';
import type { IndicatorMeta, IndicatorParams, InputName } from '../../src/indicators/types.js';
import { benchCandles } from '../../bench/lib/data.js';
import { runTalib } from './talib-oracle.js';
import { expectCode } from './harness.js';

const N = 2500;
const DATA = benchCandles(N, 42);
const COLUMNS: Record<InputName, Float64Array> = {
  open: DATA.open,
  high: DATA.high,
  low: DATA.low,
  close: DATA.close,
  volume: DATA.volume,
  real: DATA.close,
  real0: DATA.close,
  real1: DATA.close,
  periods: DATA.close,
};

type Outs = Float64Array | Record<string, Float64Array>;

/** One bench indicator: its metadata, the bench parameters, and both entry points on positional inputs. */
interface Case {
  readonly meta: IndicatorMeta;
  readonly params: IndicatorParams;
  alloc(inputs: Float64Array[]): Outs;
  into(out: unknown, inputs: Float64Array[]): Outs;
}

const CASES: readonly Case[] = [
  { meta: I.smaMeta, params: { period: 20 }, alloc: ([x]) => I.sma(x!, 20), into: (o, [x]) => I.smaInto(o as Float64Array, x!, 20) },
  { meta: I.emaMeta, params: { period: 20 }, alloc: ([x]) => I.ema(x!, 20), into: (o, [x]) => I.emaInto(o as Float64Array, x!, 20) },
  { meta: I.rsiMeta, params: { period: 14 }, alloc: ([x]) => I.rsi(x!, 14), into: (o, [x]) => I.rsiInto(o as Float64Array, x!, 14) },
  {
    meta: I.macdMeta,
    params: { fastPeriod: 12, slowPeriod: 26, signalPeriod: 9 },
    alloc: ([x]) => I.macd(x!, 12, 26, 9),
    into: (o, [x]) => I.macdInto(o as I.MacdSeries, x!, 12, 26, 9),
  },
  {
    meta: I.bbandsMeta,
    params: { period: 20, nbDevUp: 2, nbDevDn: 2, maType: 0 },
    alloc: ([x]) => I.bbands(x!, 20, 2, 2, 0),
    into: (o, [x]) => I.bbandsInto(o as I.BbandsSeries, x!, 20, 2, 2, 0),
  },
  { meta: I.atrMeta, params: { period: 14 }, alloc: ([h, l, c]) => I.atr(h!, l!, c!, 14), into: (o, [h, l, c]) => I.atrInto(o as Float64Array, h!, l!, c!, 14) },
  {
    meta: I.stochMeta,
    params: { fastKPeriod: 14, slowKPeriod: 3, slowKMaType: 0, slowDPeriod: 3, slowDMaType: 0 },
    alloc: ([h, l, c]) => I.stoch(h!, l!, c!, 14, 3, 0, 3, 0),
    into: (o, [h, l, c]) => I.stochInto(o as I.StochSeries, h!, l!, c!, 14, 3, 0, 3, 0),
  },
  { meta: I.adxMeta, params: { period: 14 }, alloc: ([h, l, c]) => I.adx(h!, l!, c!, 14), into: (o, [h, l, c]) => I.adxInto(o as Float64Array, h!, l!, c!, 14) },
  { meta: I.obvMeta, params: {}, alloc: ([x, v]) => I.obv(x!, v!), into: (o, [x, v]) => I.obvInto(o as Float64Array, x!, v!) },
  {
    meta: I.mfiMeta,
    params: { period: 14 },
    alloc: ([h, l, c, v]) => I.mfi(h!, l!, c!, v!, 14),
    into: (o, [h, l, c, v]) => I.mfiInto(o as Float64Array, h!, l!, c!, v!, 14),
  },
];

const SENTINEL = 12345.678;
const multi = (meta: IndicatorMeta) => meta.outputs.length > 1;
const inputsOf = (meta: IndicatorMeta, n = N) => meta.inputs.map((name) => COLUMNS[name].slice(0, n));
const dirty = (length: number) => new Float64Array(length).fill(SENTINEL);
/** Caller buffers for `meta`, `extra` elements longer than the inputs and full of a sentinel. */
function buffers(meta: IndicatorMeta, n: number, extra = 3): Outs {
  if (!multi(meta)) return dirty(n + extra);
  return Object.fromEntries(meta.outputs.map((o) => [o.name, dirty(n + extra)]));
}
/** The outputs keyed by name. */
const named = (meta: IndicatorMeta, r: Outs): Record<string, Float64Array> => (r instanceof Float64Array ? { [meta.outputs[0]!.name]: r } : r);

/** Indexes where `a` and `b` differ bit for bit (NaN equals NaN, 0 differs from -0), first few only. */
function bitDiffs(a: Float64Array, b: Float64Array, n: number): number[] {
  const bad: number[] = [];
  for (let i = 0; i < n && bad.length < 5; i++) if (!Object.is(a[i], b[i])) bad.push(i);
  return bad;
}

describe.each(CASES.map((c) => [c.meta.name, c] as const))('%sInto', (_name, c) => {
  const inputs = inputsOf(c.meta);

  it('writes TA-Lib C bit for bit on the bench series, into a dirty longer buffer, and leaves the tail alone', () => {
    const talib = runTalib(c.meta, Object.fromEntries(c.meta.inputs.map((name, i) => [name, inputs[i]!])), c.params).outputs;
    const out = buffers(c.meta, N);
    const returned = c.into(out, inputs);
    expect(returned).toBe(out);
    for (const o of c.meta.outputs) {
      const got = named(c.meta, out)[o.name]!;
      expect(bitDiffs(got, talib[o.name]!, N), `${o.name} vs TA-Lib`).toEqual([]);
      expect(Array.from(got.subarray(N)), `${o.name} past n`).toEqual([SENTINEL, SENTINEL, SENTINEL]);
    }
  });

  it('equals the allocating function, whose warm-up is NaN exactly up to the lookback', () => {
    const alloc = named(c.meta, c.alloc(inputs));
    const out = named(c.meta, c.into(buffers(c.meta, N, 0), inputs));
    const lookback = c.meta.lookback(c.params);
    for (const o of c.meta.outputs) {
      expect(bitDiffs(out[o.name]!, alloc[o.name]!, N), o.name).toEqual([]);
      const a = alloc[o.name]!;
      expect(a.subarray(0, lookback).every(Number.isNaN), `${o.name} warm-up`).toBe(true);
      expect(a.subarray(lookback).every(Number.isFinite), `${o.name} values`).toBe(true);
    }
  });

  it('writes only NaN, on the whole of out[0 .. n), for any series no longer than the warm-up (property)', () => {
    const lookback = c.meta.lookback(c.params);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: lookback }), (n) => {
        const out = c.into(buffers(c.meta, n), inputsOf(c.meta, n));
        for (const o of c.meta.outputs) {
          const got = named(c.meta, out)[o.name]!;
          if (!got.subarray(0, n).every(Number.isNaN) || !got.subarray(n).every((v) => v === SENTINEL)) return false;
        }
        return true;
      }),
      { numRuns: 25 },
    );
  });

  it('equals the allocating function on any prefix of the bench series (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), (n) => {
        const sub = inputsOf(c.meta, n);
        const alloc = named(c.meta, c.alloc(sub));
        const out = named(c.meta, c.into(buffers(c.meta, n), sub));
        return c.meta.outputs.every((o) => bitDiffs(out[o.name]!, alloc[o.name]!, n).length === 0);
      }),
      { numRuns: 30 },
    );
  });

  const outName = (o = c.meta.outputs[0]!.name) => (multi(c.meta) ? `${c.meta.name}.out.${o}` : `${c.meta.name}.out`);
  /** Good buffers with the first output replaced by `bad`. */
  const withFirst = (bad: unknown): unknown => {
    if (!multi(c.meta)) return bad;
    return { ...(buffers(c.meta, N) as Record<string, Float64Array>), [c.meta.outputs[0]!.name]: bad };
  };

  it('rejects an out buffer shorter than the inputs, writing nothing', () => {
    const short = dirty(N - 1);
    const e = expectCode(() => c.into(withFirst(short), inputs), 'INVALID_PARAMETER');
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect(e.message).toContain(outName());
    expect(e.message).toContain(`length >= ${N}`);
    expect(e.message).toContain(`got length ${N - 1}`);
    expect(short.every((v) => v === SENTINEL)).toBe(true);
  });

  it('rejects an out buffer that is not a Float64Array', () => {
    for (const bad of [new Float32Array(N), Array.from({ length: N }, () => 0), undefined]) {
      const e = expectCode(() => c.into(withFirst(bad), inputs), 'INVALID_PARAMETER');
      expect(e).toBeInstanceOf(InvalidParameterError);
      expect(e.message).toContain(outName());
      expect(e.message).toContain('expected a Float64Array');
    }
  });

  it('rejects an out buffer that shares memory with an input, leaving the input unchanged', () => {
    // the last input lives in a buffer one element longer, so that a view shifted by one element overlaps it
    const last = inputs.length - 1;
    const shared = new ArrayBuffer((N + 1) * 8);
    const own = inputs.map((x, i) => (i === last ? new Float64Array(shared, 0, N) : x));
    own[last]!.set(inputs[last]!);
    for (const alias of [own[last]!, new Float64Array(shared, 8, N)]) {
      const e = expectCode(() => c.into(withFirst(alias), own), 'INVALID_PARAMETER');
      expect(e).toBeInstanceOf(InvalidParameterError);
      expect(e.message).toContain(outName());
      expect(e.message).toContain(`must not share memory with the input ${c.meta.inputs[last]}`);
    }
    expect(bitDiffs(own[last]!, inputs[last]!, N)).toEqual([]);
  });

  if (multi(c.meta)) {
    it('rejects outputs that share memory with each other, and an out that is not an object', () => {
      const [first, second] = c.meta.outputs;
      const shared = dirty(N);
      const out = { ...(buffers(c.meta, N) as Record<string, Float64Array>), [first!.name]: shared, [second!.name]: shared };
      const e = expectCode(() => c.into(out, inputs), 'INVALID_PARAMETER');
      expect(e.message).toContain(`${c.meta.name}.out.${second!.name}`);
      expect(e.message).toContain(`must not share memory with out.${first!.name}`);
      expect(shared.every((v) => v === SENTINEL)).toBe(true);
      for (const bad of [null, new Float64Array(N), 3]) {
        const err = expectCode(() => c.into(bad, inputs), 'INVALID_PARAMETER');
        expect(err.message).toContain(`${c.meta.name}.out:`);
        expect(err.message).toContain('expected an object of Float64Arrays');
      }
    });
  }
});
