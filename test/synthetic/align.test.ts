import { describe, expect, it } from 'vitest';
import { sliceCandles, validateCandles } from '../../src/core/candles.js';
import { Rng } from '../../src/core/rng.js';
import { simulateMarket } from '../../src/core/simulator.js';
import type { Candles } from '../../src/core/types.js';
import { TimeframeMismatchError, alignCandles } from '../../src/synthetic/index.js';

const M15 = 900_000;
const T0 = Date.UTC(2024, 2, 1);

/** Candles at slots `slots` (multiples of 15 minutes from T0) with the given closes; open = previous close. */
function series(slots: readonly number[], closes: readonly number[], step = M15): Candles {
  const n = slots.length;
  const close = Float64Array.from(closes);
  const open = Float64Array.from(closes, (c, i) => (i === 0 ? c : closes[i - 1]!));
  return {
    time: Float64Array.from(slots, (s) => T0 + s * step),
    open,
    high: Float64Array.from({ length: n }, (_, i) => Math.max(open[i]!, close[i]!) * 1.01),
    low: Float64Array.from({ length: n }, (_, i) => Math.min(open[i]!, close[i]!) * 0.99),
    close,
    volume: Float64Array.from({ length: n }, (_, i) => 10 + i),
  };
}

const slotsOf = (c: Candles): number[] => Array.from(c.time, (t) => (t - T0) / M15);

describe('alignCandles', () => {
  const btc = series([0, 1, 2, 3, 4], [100, 101, 102, 103, 104]);
  const eth = series([0, 1, 3, 4], [10, 11, 13, 14]);
  const sol = series([1, 2, 3, 4, 5], [5, 6, 7, 8, 9]);

  it("'inner' keeps the times every symbol has, with each symbol's own candles", () => {
    const a = alignCandles({ BTC: btc, ETH: eth, SOL: sol }, { timeframe: '15m', policy: 'inner' });
    expect(Object.keys(a)).toEqual(['BTC', 'ETH', 'SOL']);
    for (const s of ['BTC', 'ETH', 'SOL']) {
      expect(slotsOf(a[s]!)).toEqual([1, 3, 4]);
      expect(Array.from(a[s]!.carried)).toEqual([0, 0, 0]);
      expect(a[s]!.timeframe).toBe('15m');
    }
    expect(Array.from(a.BTC!.close)).toEqual([101, 103, 104]);
    expect(Array.from(a.ETH!.close)).toEqual([11, 13, 14]);
    expect(Array.from(a.ETH!.open)).toEqual([10, 11, 13]);
    expect(Array.from(a.SOL!.volume)).toEqual([10, 12, 13]);
  });

  it("is 'inner' by default", () => {
    expect(slotsOf(alignCandles({ BTC: btc, ETH: eth }, { timeframe: '15m' }).BTC!)).toEqual([0, 1, 3, 4]);
  });

  it("'carry' keeps every time from the latest start, carrying the last close with volume 0 and a mask", () => {
    const a = alignCandles({ BTC: btc, ETH: eth, SOL: sol }, { timeframe: '15m', policy: 'carry' });
    for (const s of ['BTC', 'ETH', 'SOL']) expect(slotsOf(a[s]!)).toEqual([1, 2, 3, 4, 5]);
    // ETH has no slot 2: its slot-1 close (11) is carried as a flat zero-volume candle.
    expect(Array.from(a.ETH!.carried)).toEqual([0, 1, 0, 0, 1]);
    expect([a.ETH!.open[1], a.ETH!.high[1], a.ETH!.low[1], a.ETH!.close[1], a.ETH!.volume[1]]).toEqual([11, 11, 11, 11, 0]);
    expect([a.ETH!.close[4], a.ETH!.volume[4]]).toEqual([14, 0]);
    expect(Array.from(a.BTC!.carried)).toEqual([0, 0, 0, 0, 1]);
    expect(Array.from(a.BTC!.close)).toEqual([101, 102, 103, 104, 104]);
    expect(Array.from(a.SOL!.carried)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(a.SOL!.close)).toEqual([5, 6, 7, 8, 9]);
  });

  it("'carry' carries into the first grid time when a symbol has no candle there", () => {
    const a = alignCandles({ X: series([0, 2, 3], [1, 3, 4]), Y: series([1, 2, 3], [7, 8, 9]) }, { timeframe: '15m', policy: 'carry' });
    expect(slotsOf(a.X!)).toEqual([1, 2, 3]);
    expect(Array.from(a.X!.close)).toEqual([1, 3, 4]);
    expect(Array.from(a.X!.carried)).toEqual([1, 0, 0]);
  });

  it('the aligned series are valid candles and new arrays (inputs untouched)', () => {
    const a = alignCandles({ BTC: btc, ETH: eth, SOL: sol }, { timeframe: '15m', policy: 'carry' });
    for (const s of Object.values(a)) expect(() => validateCandles(s, { timeframe: '15m', gaps: 'allow' })).not.toThrow();
    a.BTC!.close[0] = -1;
    expect(btc.close[1]).toBe(101);
  });

  it('cutting any one input at t leaves every aligned row up to t unchanged (both policies)', () => {
    const rng = new Rng(3);
    const sim = simulateMarket({ candles: 400, seed: 8, start: T0 });
    const drop = (c: Candles, p: number): Candles => {
      const keep = Array.from(c.time, (_, i) => i === 0 || rng.uniform() > p);
      const pick = (a: Float64Array) => Float64Array.from(a.filter((_, i) => keep[i]));
      return { time: pick(c.time), open: pick(c.open), high: pick(c.high), low: pick(c.low), close: pick(c.close), volume: pick(c.volume) };
    };
    const all: Record<string, Candles> = { BTC: drop(sim.candles.BTC!, 0.05), ETH: drop(sim.candles.ETH!, 0.1), SOL: sim.candles.SOL! };
    for (const policy of ['inner', 'carry'] as const) {
      const full = alignCandles(all, { timeframe: '15m', policy });
      for (const cut of Object.keys(all)) {
        for (let k = 0; k < 8; k++) {
          const t = T0 + (20 + Math.floor(rng.uniform() * 370)) * M15;
          const c = all[cut]!;
          let end = 0;
          while (end < c.time.length && c.time[end]! <= t) end++;
          const part = alignCandles({ ...all, [cut]: sliceCandles(c, 0, end) }, { timeframe: '15m', policy });
          for (const s of Object.keys(all)) {
            const rows = full[s]!.time.findIndex((x) => x > t);
            const upTo = rows === -1 ? full[s]!.time.length : rows;
            for (const f of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
              expect(Array.from(part[s]![f].subarray(0, upTo)), `${policy} cut ${cut} at ${t}: ${s}.${f}`).toEqual(Array.from(full[s]![f].subarray(0, upTo)));
            }
            expect(Array.from(part[s]!.carried.subarray(0, upTo))).toEqual(Array.from(full[s]!.carried.subarray(0, upTo)));
          }
        }
      }
    }
  });
});

describe('alignCandles errors', () => {
  const btc = series([0, 1, 2, 3], [100, 101, 102, 103]);
  const code = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (e) {
      return e;
    }
    throw new Error('expected an error');
  };

  it('a series tagged with another timeframe is a TimeframeMismatchError naming the symbol', () => {
    const eth1h = validateCandles(series([0, 4, 8], [1, 2, 3]), { timeframe: '1h' });
    const e = code(() => alignCandles({ BTC: btc, ETH: eth1h }, { timeframe: '15m' }));
    expect(e).toBeInstanceOf(TimeframeMismatchError);
    expect(e).toMatchObject({ code: 'TIMEFRAME_MISMATCH', symbol: 'ETH', expected: '15m' });
  });

  it('off-grid times are a TimeframeMismatchError (5-minute candles passed as 15m)', () => {
    const eth5m = series([0, 1, 2, 3], [1, 2, 3, 4], 300_000);
    expect(code(() => alignCandles({ BTC: btc, ETH: eth5m }, { timeframe: '15m' }))).toMatchObject({ code: 'TIMEFRAME_MISMATCH', symbol: 'ETH' });
  });

  it('a coarser untagged series (1h candles passed as 15m) is a TimeframeMismatchError', () => {
    const sol1h = series([0, 1, 2], [1, 2, 3], 4 * M15);
    expect(code(() => alignCandles({ BTC: btc, SOL: sol1h }, { timeframe: '15m' }))).toMatchObject({ code: 'TIMEFRAME_MISMATCH', symbol: 'SOL' });
  });

  it('invalid candles are a CandleValidationError whose fields name the symbol', () => {
    const bad = series([0, 1, 2], [1, 2, 3]);
    bad.high[2] = 0.5;
    expect(code(() => alignCandles({ BTC: btc, ETH: bad }, { timeframe: '15m' }))).toMatchObject({ code: 'CANDLE_VALIDATION', issues: expect.arrayContaining([expect.objectContaining({ row: 2, field: 'ETH.high' })]) });
  });

  it('bad options and inputs are InvalidParameterErrors', () => {
    expect(code(() => alignCandles({}, { timeframe: '15m' }))).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'bySymbol' });
    expect(code(() => alignCandles({ BTC: btc }, { timeframe: '2h' as '1h' }))).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'timeframe' });
    expect(code(() => alignCandles({ BTC: btc }, { timeframe: '15m', policy: 'outer' as 'inner' }))).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'policy' });
    expect(code(() => alignCandles({ BTC: btc, ETH: series([10, 11], [1, 2]) }, { timeframe: '15m' }))).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'bySymbol' });
    // a column that is no Float64Array is a candle issue, found by the core candle checks (was INVALID_PARAMETER 'bySymbol.BTC.close')
    expect(code(() => alignCandles({ BTC: { ...btc, close: [1, 2, 3, 4] as unknown as Float64Array } }, { timeframe: '15m' }))).toMatchObject({
      code: 'CANDLE_VALIDATION',
      issues: [expect.objectContaining({ row: -1, field: 'BTC.close', reason: 'wrong_type' })],
    });
  });
});
