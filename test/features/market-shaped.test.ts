/**
 * The catalogue contract on series shaped like real exchange data (test/support/market-shaped.ts: prices near 1e-3
 * and 1e5, one candle in five flat, runs of zero volume, filled gaps, an odd start time, 1m/5m/1h) and on
 * degenerate ones (entirely flat, entirely without volume, both), for every single-asset feature:
 * - TA-Lib parity of every entry that declares it (npm `talib`, plain number[] inputs), NaN where TA-Lib is NaN;
 * - defined after its lookback: neither NaN nor ±Infinity from `featureLookback(spec, timeframe)` on, except where
 *   TA-Lib itself is NaN for a TA-Lib-mapped feature; never ±Infinity anywhere;
 * - streaming equals batch bit for bit (next and peek), no lookahead at random cut points;
 * and, per timeframe (all seven, series starting mid-day mid-week and one candle after Monday 00:00), the lookback
 * rule: `spec.lookback >= featureLookback(spec, tf)`, every value defined from `featureLookback(spec, tf)` on, and a
 * calendar feature's first value exactly there on the worst-case start.
 */
import { describe, expect, it } from 'vitest';
import { candlesFromRows, type CandleSeries } from '../../src/core/candles.js';
import { Rng } from '../../src/core/rng.js';
import { simulateMarket } from '../../src/core/simulator.js';
import { TIMEFRAMES, timeframeMs, type Timeframe } from '../../src/core/timeframe.js';
import { FEATURES, computeFeatures, featureLookback, type FeatureFrame } from '../../src/features/index.js';
import { MARKET_SHAPED } from '../support/market-shaped.js';
import { lookaheadMismatch, streamMismatch, talibColumn, talibEqual } from './contract.js';

const SINGLE = FEATURES.filter((f) => f.group !== 'synthetic');
const HOUR = 3_600_000;
/** Wednesday 2024-03-13 13:47 UTC: mid-day, mid-week. */
const MID_WEEK = Date.UTC(2024, 2, 13, 13, 47);

/** 1h candles from mid-week: flat at 100 or moving around it, with volume 5 or none. */
function degenerate(n: number, moving: boolean, volume: number): CandleSeries {
  const start = MID_WEEK - (MID_WEEK % HOUR);
  const price = (i: number) => (moving ? 100 * (1 + 0.01 * Math.sin(i / 5)) : 100);
  const rows = Array.from({ length: n }, (_, i) => {
    const open = price(i);
    const close = price(i + 1);
    const wick = moving ? 0.002 : 0;
    return [start + i * HOUR, open, Math.max(open, close) * (1 + wick), Math.min(open, close) * (1 - wick), close, volume];
  });
  return candlesFromRows(rows, { timeframe: '1h', gaps: 'fill' });
}

const SERIES: readonly { name: string; timeframe: Timeframe; candles: CandleSeries }[] = [
  ...MARKET_SHAPED,
  { name: 'entirely flat', timeframe: '1h', candles: degenerate(800, false, 5) },
  { name: 'entirely without volume', timeframe: '1h', candles: degenerate(800, true, 0) },
  { name: 'flat and without volume', timeframe: '1h', candles: degenerate(800, false, 0) },
];

/** TA-Lib's column of every TA-Lib-mapped feature over the candles. */
function talibColumns(candles: CandleSeries): Map<string, Float64Array> {
  return new Map(SINGLE.filter((f) => f.talib !== undefined).map((f) => [f.name, talibColumn(f.talib!, candles).values]));
}

/** Every value from `featureLookback(f, timeframe)` on that is NaN (unless TA-Lib is NaN there too) or infinite. */
function undefinedValues(frame: FeatureFrame, timeframe: Timeframe, talib: Map<string, Float64Array>): string[] {
  return SINGLE.flatMap((f) => {
    const c = frame.column(f.name);
    const from = featureLookback(f, timeframe);
    const bad: number[] = [];
    for (let i = 0; i < c.length; i++) {
      const x = c[i]!;
      if (x === Infinity || x === -Infinity || (i >= from && Number.isNaN(x) && !Number.isNaN(talib.get(f.name)?.[i] ?? 0))) bad.push(i);
    }
    return bad.length === 0 ? [] : [`${f.name}: ${bad.length} rows from ${bad[0]} (${c[bad[0]!]}), lookback ${from}`];
  });
}

describe.each(SERIES)('$name ($timeframe)', ({ timeframe, candles }) => {
  const n = candles.time.length;
  const full = computeFeatures(candles);
  const talib = talibColumns(candles);

  it('computes every single-asset feature', () => expect(full.names).toEqual(SINGLE.map((f) => f.name)));

  it('equals TA-Lib for every entry that declares it', () => {
    const diffs = [...talib].flatMap(([name, ref]) => {
      const ours = full.column(name);
      for (let i = 0; i < n; i++) if (!talibEqual(ours[i]!, ref[i]!)) return [`${name}[${i}] = ${ours[i]}, TA-Lib ${ref[i]}`];
      return [];
    });
    expect(diffs, diffs.join('\n')).toEqual([]);
  });

  it('is defined after its lookback (NaN only where TA-Lib is) and never infinite', () => {
    const bad = undefinedValues(full, timeframe, talib);
    expect(bad, bad.join('\n')).toEqual([]);
  });

  it('streams bit for bit as batch, with next and peek, through a JSON round trip', () => {
    expect(streamMismatch(candles, full, Math.floor(n / 3))).toBeUndefined();
  });

  it('uses no candle after t, at random cut points', () => {
    const rng = new Rng(n);
    for (let k = 0; k < 6; k++) expect(lookaheadMismatch(candles, full, Math.floor(rng.uniform() * n))).toBeUndefined();
  });
});

describe('documented values where a range or the volume is zero', () => {
  const frameOf = (name: string) => computeFeatures(SERIES.find((s) => s.name === name)!.candles);
  /** From row `from` on, the column equals `value` everywhere. */
  const constantFrom = (frame: FeatureFrame, name: string, from: number, value: number) => expect(frame.column(name).subarray(from).every((x) => x === value), name).toBe(true);

  it('on a flat series: parts of the range 0, positions in it 0.5, levels on the close', () => {
    const flat = frameOf('entirely flat');
    for (const name of ['body_ratio', 'upper_wick_ratio', 'lower_wick_ratio']) constantFrom(flat, name, 0, 0);
    for (const name of ['close_position', 'bbands_percent_b_20', 'bbands_percent_b_50', 'fib_position_96', 'fib_position_288', 'vp_va_position_96']) {
      constantFrom(flat, name, SINGLE.find((f) => f.name === name)!.lookback, 0.5);
    }
    for (const name of ['vp_poc_96', 'vp_vah_96', 'vp_val_96', 'vp_va_width_96']) constantFrom(flat, name, 95, 0);
    constantFrom(flat, 'volume_change', 1, 0);
  });

  it('without any volume: volume_change 0 (nothing traded to compare with)', () => {
    constantFrom(frameOf('entirely without volume'), 'volume_change', 1, 0);
    constantFrom(frameOf('flat and without volume'), 'volume_change', 1, 0);
  });
});

describe.each(TIMEFRAMES)('lookback on %s candles', (timeframe) => {
  const step = timeframeMs(timeframe);
  const longest = Math.max(...SINGLE.map((f) => featureLookback(f, timeframe)));
  const n = longest + 50;
  const series = (start: number) => simulateMarket({ symbols: ['ETH'], candles: n, seed: 7, timeframe, start }).candles.ETH!;
  const monday = Date.UTC(2024, 2, 4);
  const midWeek = series(MID_WEEK - (MID_WEEK % step));
  const worst = series(monday + step);

  it('holds within every feature lookback', () => {
    for (const f of SINGLE) expect(f.lookback, f.name).toBeGreaterThanOrEqual(featureLookback(f, timeframe));
  });

  it.each([
    ['mid-day mid-week', midWeek],
    ['one candle after Monday 00:00', worst],
  ])('on a series starting %s, every value is defined from featureLookback(spec, tf) on', (_, candles) => {
    const bad = undefinedValues(computeFeatures(candles), timeframe, new Map());
    expect(bad, bad.join('\n')).toEqual([]);
  });

  it('is exact: the first value is at featureLookback(spec, tf) on the worst-case start', () => {
    const frame = computeFeatures(worst);
    const late = SINGLE.flatMap((f) => {
      const first = frame.column(f.name).findIndex((x) => !Number.isNaN(x));
      return first === featureLookback(f, timeframe) ? [] : [`${f.name}: first value at ${first}, lookback ${featureLookback(f, timeframe)}`];
    });
    expect(late, late.join('\n')).toEqual([]);
  });
});
