/**
 * Property tests of `resample` (issue 13, item 4): on valid input it equals a straightforward reference, conserves
 * volume per bucket and keeps OHLC bounds; on corrupted input it throws a typed error, never hangs or makes a candle.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resample } from '../../src/core/resample.js';
import { assertCandles } from '../../src/core/candles.js';
import { AlphaError } from '../../src/core/errors.js';
import { TIMEFRAME_MS, type Timeframe } from '../../src/core/timeframe.js';
import { CANDLE_FIELDS, type Candles } from '../../src/core/types.js';

/** Every (from, to) pair where `to` is a longer whole multiple of `from`. */
const PAIRS = (Object.keys(TIMEFRAME_MS) as Timeframe[]).flatMap((from) =>
  (Object.keys(TIMEFRAME_MS) as Timeframe[]).filter((to) => TIMEFRAME_MS[to] > TIMEFRAME_MS[from] && TIMEFRAME_MS[to] % TIMEFRAME_MS[from] === 0).map((to) => [from, to] as const),
);

interface Series {
  readonly from: Timeframe;
  readonly to: Timeframe;
  readonly candles: Candles;
}

const price = fc.double({ min: 0.001, max: 1e5, noNaN: true });
const bar = fc.record({
  skip: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 5 }) }),
  open: price,
  close: price,
  up: fc.double({ min: 0, max: 1, noNaN: true }),
  down: fc.double({ min: 0, max: 0.99, noNaN: true }),
  volume: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true })),
});

/** Valid `from` candles (gaps included) starting anywhere on the `from` grid, before or after 1970. */
const validSeries: fc.Arbitrary<Series> = fc
  .record({ pair: fc.constantFrom(...PAIRS), start: fc.integer({ min: -100_000, max: 100_000 }), bars: fc.array(bar, { minLength: 1, maxLength: 150 }) })
  .map(({ pair: [from, to], start, bars }) => {
    const step = TIMEFRAME_MS[from];
    const n = bars.length;
    const c = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
    let k = start;
    bars.forEach((b, i) => {
      k += i === 0 ? 0 : 1 + b.skip;
      c.time[i] = k * step;
      c.open[i] = b.open;
      c.close[i] = b.close;
      c.high[i] = Math.max(b.open, b.close) * (1 + b.up);
      c.low[i] = Math.min(b.open, b.close) * (1 - b.down);
      c.volume[i] = b.volume;
    });
    return { from, to, candles: c };
  });

/** The straightforward reference: group rows by bucket in a Map, keep complete buckets (or all with `partial`). */
function reference({ from, to, candles: c }: Series, partial: boolean): Candles {
  const toMs = TIMEFRAME_MS[to];
  const per = toMs / TIMEFRAME_MS[from];
  const groups = new Map<number, number[]>();
  c.time.forEach((t, i) => {
    const b = Math.floor(t / toMs) * toMs;
    groups.set(b, [...(groups.get(b) ?? []), i]);
  });
  const kept = [...groups].filter(([, rows]) => partial || rows.length === per);
  const col = (f: (b: number, rows: number[]) => number) => Float64Array.from(kept, ([b, rows]) => f(b, rows));
  return {
    time: col((b) => b),
    open: col((_, rows) => c.open[rows[0]!]!),
    high: col((_, rows) => Math.max(...rows.map((i) => c.high[i]!))),
    low: col((_, rows) => Math.min(...rows.map((i) => c.low[i]!))),
    close: col((_, rows) => c.close[rows.at(-1)!]!),
    volume: col((_, rows) => rows.reduce((s, i) => s + c.volume[i]!, 0)),
  };
}

const RUNS = { numRuns: 300 };

describe('resample on valid input', () => {
  it('equals the reference, with and without partial buckets', () => {
    fc.assert(
      fc.property(validSeries, fc.boolean(), (s, partial) => {
        expect(resample(s.candles, s.from, s.to, { partial })).toEqual(reference(s, partial));
      }),
      RUNS,
    );
  });

  it('conserves volume per complete bucket, keeps OHLC bounds and makes valid candles on the target grid', () => {
    fc.assert(
      fc.property(validSeries, (s) => {
        const out = resample(s.candles, s.from, s.to);
        const toMs = TIMEFRAME_MS[s.to];
        const per = toMs / TIMEFRAME_MS[s.from];
        expect(out.time.length).toBeLessThanOrEqual(Math.floor(s.candles.time.length / per));
        out.time.forEach((b, k) => {
          const rows = Array.from(s.candles.time.keys()).filter((i) => s.candles.time[i]! >= b && s.candles.time[i]! < b + toMs);
          expect(rows.length).toBe(per);
          expect(out.volume[k]).toBe(rows.reduce((v, i) => v + s.candles.volume[i]!, 0));
          expect(out.low[k]).toBeLessThanOrEqual(Math.min(out.open[k]!, out.close[k]!));
          expect(out.high[k]).toBeGreaterThanOrEqual(Math.max(out.open[k]!, out.close[k]!));
          for (const i of rows) {
            expect(out.high[k]).toBeGreaterThanOrEqual(s.candles.high[i]!);
            expect(out.low[k]).toBeLessThanOrEqual(s.candles.low[i]!);
          }
        });
        if (out.time.length > 0) assertCandles(out, s.to);
      }),
      RUNS,
    );
  });

  it('with partial buckets, conserves the total volume', () => {
    fc.assert(
      fc.property(validSeries, (s) => {
        const out = resample(s.candles, s.from, s.to, { partial: true });
        const total = (v: Float64Array) => v.reduce((a, x) => a + x, 0);
        expect(total(out.volume)).toBeCloseTo(total(s.candles.volume), 3);
      }),
      RUNS,
    );
  });
});

type Corruption = (c: { [K in keyof Candles]: Float64Array }, i: number, s: Series) => Candles | void;

/** Ways to break a valid series at row i (i >= 1 where a previous row is needed). */
const CORRUPTIONS: Record<string, Corruption> = {
  'NaN time': (c, i) => void (c.time[i] = NaN),
  'infinite time': (c, i) => void (c.time[i] = Infinity),
  '-Infinity time': (c, i) => void (c.time[i] = -Infinity),
  'time past the Date range': (c, i) => void (c.time[i] = 9e19),
  'time before the Date range': (c, i) => void (c.time[i] = -9e19),
  'duplicate time': (c, i) => void (c.time[i] = c.time[i - 1]!),
  'swapped times': (c, i) => void ([c.time[i], c.time[i - 1]] = [c.time[i - 1]!, c.time[i]!]),
  'time off the grid': (c, i, s) => void (c.time[i] = c.time[i]! + 1 + ((i * 7919) % (TIMEFRAME_MS[s.from] - 1))),
  'copies of one candle': (c, i) => Object.fromEntries(CANDLE_FIELDS.map((f) => [f, new Float64Array(4).fill(c[f][i]!)])) as unknown as Candles,
  'a short column': (c, i) => ({ ...c, close: c.close.slice(0, i) }),
  'a long column': (c) => ({ ...c, open: Float64Array.from([...c.open, 1]) }),
  'a plain-array column': (c) => ({ ...c, high: Array.from(c.high) as unknown as Float64Array }),
  'a missing column': (c) => ({ ...c, volume: undefined as unknown as Float64Array }),
  'NaN price': (c, i) => void (c.close[i] = NaN),
  'zero price': (c, i) => void (c.low[i] = 0),
  'negative price': (c, i) => void (c.open[i] = -c.open[i]!),
  'infinite high': (c, i) => void (c.high[i] = Infinity),
  'high below low': (c, i) => void (c.high[i] = c.low[i]! / 2),
  'negative volume': (c, i) => void (c.volume[i] = -1),
  'NaN volume': (c, i) => void (c.volume[i] = NaN),
};

describe('resample on corrupted input', () => {
  const corrupted = fc.record({
    series: validSeries.filter((s) => s.candles.time.length >= 2),
    kind: fc.constantFrom(...Object.keys(CORRUPTIONS)),
    at: fc.nat(),
  });

  it('throws a typed AlphaError for every corruption, never a candle', () => {
    fc.assert(
      fc.property(corrupted, ({ series, kind, at }) => {
        const c = Object.fromEntries(CANDLE_FIELDS.map((f) => [f, series.candles[f].slice()])) as { [K in keyof Candles]: Float64Array };
        const i = 1 + (at % (c.time.length - 1));
        const broken = CORRUPTIONS[kind]!(c, i, series) ?? c;
        expect(() => resample(broken, series.from, series.to, { partial: true })).toThrow(AlphaError);
      }),
      { numRuns: 600 },
    );
  });

  it('rejects candles declared with a longer timeframe than theirs (off its grid)', () => {
    fc.assert(
      fc.property(validSeries, ({ from, candles }) => {
        const longer = PAIRS.find(([f, t]) => f === from && t !== '1d' && candles.time.some((x) => x % TIMEFRAME_MS[t] !== 0))?.[1];
        fc.pre(longer !== undefined);
        const target = PAIRS.find(([f]) => f === longer)![1];
        expect(() => resample(candles, longer!, target)).toThrowError(expect.objectContaining({ code: 'CANDLE_VALIDATION' }));
      }),
      RUNS,
    );
  });
});
