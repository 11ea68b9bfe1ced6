import { describe, expect, it } from 'vitest';
import { resample } from '../../src/core/resample.js';
import { simulateMarket } from '../../src/core/simulator.js';
import { InvalidParameterError } from '../../src/core/errors.js';

describe('resample', () => {
  const { candles } = simulateMarket({ symbols: ['BTC'], candles: 4 * 24 + 3, seed: 3 });
  const btc = candles.BTC!;

  it('aggregates 15m into 1h with first open, max high, min low, last close, summed volume', () => {
    const h = resample(btc, '15m', '1h');
    expect(h.time.length).toBe(24);
    for (let k = 0; k < 24; k++) {
      const s = k * 4;
      expect(h.time[k]).toBe(btc.time[s]);
      expect(h.open[k]).toBe(btc.open[s]);
      expect(h.close[k]).toBe(btc.close[s + 3]);
      expect(h.high[k]).toBe(Math.max(...btc.high.subarray(s, s + 4)));
      expect(h.low[k]).toBe(Math.min(...btc.low.subarray(s, s + 4)));
      const v = btc.volume.subarray(s, s + 4);
      expect(h.volume[k]).toBe(v[0]! + v[1]! + v[2]! + v[3]!);
    }
  });

  it('drops the incomplete trailing bucket unless partial is asked', () => {
    expect(resample(btc, '15m', '1h').time.length).toBe(24);
    const partial = resample(btc, '15m', '1h', { partial: true });
    expect(partial.time.length).toBe(25);
    expect(partial.close[24]).toBe(btc.close[btc.close.length - 1]);
  });

  it('drops a bucket with a missing candle inside', () => {
    const keep = (i: number) => i !== 5;
    const pick = (a: Float64Array) => a.filter((_, i) => keep(i));
    const gapped = { time: pick(btc.time), open: pick(btc.open), high: pick(btc.high), low: pick(btc.low), close: pick(btc.close), volume: pick(btc.volume) };
    const h = resample(gapped, '15m', '1h');
    expect(h.time.length).toBe(23);
    expect(h.time[1]).toBe(btc.time[8]);
  });

  it('aggregates 1h into 1d on the UTC grid', () => {
    const hourly = simulateMarket({ symbols: ['ETH'], timeframe: '1h', candles: 72, seed: 4 }).candles.ETH!;
    const d = resample(hourly, '1h', '1d');
    expect(Array.from(d.time)).toEqual([0, 1, 2].map((k) => hourly.time[0]! + k * 86_400_000));
  });

  it('rejects a target that is not a longer multiple of the source', () => {
    expect(() => resample(btc, '1h', '15m')).toThrow(InvalidParameterError);
    expect(() => resample(btc, '15m', '15m')).toThrow(InvalidParameterError);
  });
});
