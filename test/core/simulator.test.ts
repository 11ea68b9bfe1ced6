import { describe, expect, it } from 'vitest';
import { sampleCorrelation, sampleKurtosis, sampleStandardDeviation } from 'simple-statistics';
import { simulateMarket } from '../../src/core/simulator.js';
import { validateCandles } from '../../src/core/candles.js';
import { InvalidParameterError } from '../../src/core/errors.js';

const N = 40_000;
const sim = simulateMarket({ candles: N, seed: 2024 });

function returns(close: Float64Array): number[] {
  const r: number[] = [];
  for (let i = 1; i < close.length; i++) r.push(close[i]! / close[i - 1]! - 1);
  return r;
}
function autocorrelation(x: readonly number[], lag: number): number {
  return sampleCorrelation(x.slice(0, -lag), x.slice(lag));
}

describe('simulateMarket', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = simulateMarket({ candles: 500, seed: 9 });
    const b = simulateMarket({ candles: 500, seed: 9 });
    const c = simulateMarket({ candles: 500, seed: 10 });
    for (const s of ['BTC', 'ETH', 'SOL']) {
      for (const f of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
        expect(Array.from(a.candles[s]![f])).toEqual(Array.from(b.candles[s]![f]));
      }
    }
    expect(Array.from(a.candles.BTC!.close)).not.toEqual(Array.from(c.candles.BTC!.close));
  });

  it('produces valid, gap-free candles on the 15m grid from 2021-01-01 at realistic levels', () => {
    for (const s of sim.symbols) validateCandles(sim.candles[s]!, { timeframe: '15m' });
    expect(sim.candles.BTC!.time[0]).toBe(Date.UTC(2021, 0, 1));
    expect(sim.candles.BTC!.open[0]).toBe(29_000);
    expect(sim.candles.ETH!.open[0]).toBe(730);
    expect(sim.candles.SOL!.open[0]).toBe(1.5);
  });

  it('correlates returns like crypto majors: BTC-ETH about 0.8, BTC-SOL about 0.7 (within 0.06)', () => {
    const [btc, eth, sol] = ['BTC', 'ETH', 'SOL'].map((s) => returns(sim.candles[s]!.close));
    expect(sampleCorrelation(btc!, eth!)).toBeCloseTo(0.8, 0);
    expect(Math.abs(sampleCorrelation(btc!, eth!) - 0.8)).toBeLessThan(0.06);
    expect(Math.abs(sampleCorrelation(btc!, sol!) - 0.7)).toBeLessThan(0.06);
  });

  it('clusters volatility (|r| autocorrelated) without autocorrelated returns', () => {
    const r = returns(sim.candles.BTC!.close);
    const abs = r.map(Math.abs);
    expect(autocorrelation(abs, 1)).toBeGreaterThan(0.1);
    expect(autocorrelation(abs, 10)).toBeGreaterThan(0.05);
    expect(Math.abs(autocorrelation(r, 1))).toBeLessThan(0.03);
  });

  it('has fat tails (excess kurtosis > 1) and an annualized BTC volatility near 65% (within 25%)', () => {
    const r = returns(sim.candles.BTC!.close);
    expect(sampleKurtosis(r)).toBeGreaterThan(1);
    const annual = sampleStandardDeviation(r) * Math.sqrt(365 * 96);
    expect(annual).toBeGreaterThan(0.65 * 0.75);
    expect(annual).toBeLessThan(0.65 * 1.25);
  });

  it('has intraday volume seasonality peaking in the US session', () => {
    const { time, volume } = sim.candles.ETH!;
    const byHour = new Array(24).fill(0);
    for (let i = 0; i < time.length; i++) byHour[new Date(time[i]!).getUTCHours()] += volume[i]!;
    expect(byHour[15] / byHour[3]).toBeGreaterThan(1.3);
  });

  it('contains occasional flat and zero-volume candles', () => {
    const { open, high, low, close, volume } = sim.candles.SOL!;
    let flat = 0;
    let zero = 0;
    for (let i = 0; i < N; i++) {
      if (open[i] === high[i] && high[i] === low[i] && low[i] === close[i]) flat++;
      if (volume[i] === 0) zero++;
    }
    expect(flat / N).toBeGreaterThan(0.001);
    expect(flat / N).toBeLessThan(0.006);
    expect(zero).toBeGreaterThan(0);
    expect(zero).toBeLessThan(flat);
  });

  it('plants a signal with the requested predictive strength (within 0.03)', () => {
    const planted = simulateMarket({ symbols: ['BTC'], candles: N, seed: 5, signal: { strength: 0.2 } });
    const r = returns(planted.candles.BTC!.close);
    const s = Array.from(planted.signal!.BTC!.subarray(0, N - 1));
    expect(Math.abs(sampleCorrelation(s, r) - 0.2)).toBeLessThan(0.03);
    expect(Math.abs(sampleCorrelation(s.slice(1), r.slice(0, -1)))).toBeLessThan(0.03);
  });

  it('rejects bad options with INVALID_PARAMETER', () => {
    expect(() => simulateMarket({ candles: 0 })).toThrow(InvalidParameterError);
    expect(() => simulateMarket({ candles: 1.5 })).toThrow(InvalidParameterError);
    expect(() => simulateMarket({ candles: 10, symbols: ['BTC', 'BTC'] })).toThrow(InvalidParameterError);
    expect(() => simulateMarket({ candles: 10, start: '2021-01-01T00:07:00Z' })).toThrow(InvalidParameterError);
    expect(() => simulateMarket({ candles: 10, signal: { strength: 2 } })).toThrow(InvalidParameterError);
  });
});
