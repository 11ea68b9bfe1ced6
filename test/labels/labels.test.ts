import { describe, expect, it } from 'vitest';
import { fixedHorizonLabels, metaLabels, rollingVolatility, tripleBarrierLabels } from '../../src/labels/index.js';
import { simulateMarket } from '../../src/core/simulator.js';
import { sampleStandardDeviation } from 'simple-statistics';
import type { Candles } from '../../src/core/types.js';

const f = (xs: number[]) => Float64Array.from(xs);
const candles = (close: number[], high = close, low = close): Candles => ({ time: f(close.map((_, i) => i * 900_000)), open: f(close), high: f(high), low: f(low), close: f(close), volume: f(close.map(() => 1)) });
const nanIs = (xs: Float64Array) => Array.from(xs, (x) => (Number.isNaN(x) ? 'NaN' : x));

describe('fixed-horizon labels', () => {
  const close = f([100, 101, 101, 100.05, 99, 100]);
  it('labels up/down after h candles, leaves the last h unlabeled (NaN, never 0) and carries t1', () => {
    const { label, t1, ret } = fixedHorizonLabels(close, { horizon: 2 });
    expect(nanIs(label)).toEqual([1, 0, 0, 0, 'NaN', 'NaN']);
    expect(nanIs(t1)).toEqual([2, 3, 4, 5, 'NaN', 'NaN']);
    expect(ret[0]).toBeCloseTo(0.01, 15);
  });
  it('leaves a zero return unlabeled and honours the dead zone, as NaN or as a third class', () => {
    expect(nanIs(fixedHorizonLabels(close).label)).toEqual([1, 'NaN', 0, 0, 1, 'NaN']);
    expect(nanIs(fixedHorizonLabels(close, { deadZone: 0.005 }).label)).toEqual([1, 'NaN', 0, 0, 1, 'NaN']);
    // 1-candle returns: +1%, 0, -0.941%, -1.049%, +1.010%
    expect(nanIs(fixedHorizonLabels(close, { deadZone: 0.0095 }).label)).toEqual([1, 'NaN', 'NaN', 0, 1, 'NaN']);
    expect(nanIs(fixedHorizonLabels(close, { deadZone: 0.0095, deadZoneAs: 'class' }).label)).toEqual([1, 0.5, 0.5, 0, 1, 'NaN']);
  });
  it.each([
    ['horizon 0', () => fixedHorizonLabels(close, { horizon: 0 })],
    ['fractional horizon', () => fixedHorizonLabels(close, { horizon: 1.5 })],
    ['negative dead zone', () => fixedHorizonLabels(close, { deadZone: -0.1 })],
    ['NaN dead zone', () => fixedHorizonLabels(close, { deadZone: NaN })],
    ['unknown dead-zone mode', () => fixedHorizonLabels(close, { deadZoneAs: 'drop' as 'class' })],
    ['a NaN price', () => fixedHorizonLabels(f([1, NaN, 2]))],
    ['a zero price', () => fixedHorizonLabels(f([1, 0, 2]))],
  ])('rejects %s with INVALID_PARAMETER', (_n, fn) => expect(fn).toThrowError(expect.objectContaining({ code: 'INVALID_PARAMETER' })));
});

describe('triple barrier', () => {
  const sigma = f([0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01]);
  it('takes the first barrier touched: upper, lower, or the vertical one', () => {
    // from 100: upper 102 (pt 2), lower 99 (sl 1)
    const c = candles([100, 100.5, 101, 100, 100, 100, 100], [100, 100.6, 102.5, 100.2, 100.1, 100, 100], [100, 99.8, 100.5, 99.5, 99.9, 100, 100]);
    const tb = tripleBarrierLabels(c, { horizon: 3, profitTake: 2, stopLoss: 1, volatility: sigma });
    expect(tb.label[0]).toBe(1);
    expect(tb.barrier[0]).toBe(1);
    expect(tb.t1[0]).toBe(2);
    expect(tb.ret[0]).toBeCloseTo(0.02, 12);
    // from 100.5 (t=1): upper 102.51 not reached (102.5), lower 99.495: t=3 low 99.5 no; vertical at t=4: 100 < 100.5 -> 0
    expect([tb.label[1], tb.barrier[1], tb.t1[1]]).toEqual([0, 0, 4]);
    expect(nanIs(tb.label).slice(4)).toEqual(['NaN', 'NaN', 'NaN']);
  });
  it('resolves a candle touching both barriers as the lower one first', () => {
    const c = candles([100, 100, 100], [100, 103, 100], [100, 98, 100]);
    const tb = tripleBarrierLabels(c, { horizon: 1, profitTake: 2, stopLoss: 1, volatility: f([0.01, 0.01, 0.01]) });
    expect([tb.label[0], tb.barrier[0]]).toEqual([0, -1]);
  });
  it('estimates volatility from past returns only (sample std of log returns)', () => {
    const sim = simulateMarket({ symbols: ['BTC'], candles: 300, seed: 3 }).candles.BTC!;
    const v = rollingVolatility(sim.close, 20);
    const r = Array.from({ length: 20 }, (_, k) => Math.log(sim.close[100 - 19 + k]! / sim.close[100 - 20 + k]!));
    expect(v[100]).toBeCloseTo(sampleStandardDeviation(r), 12);
    expect(Number.isNaN(v[19]!)).toBe(true);
  });
  it('meta-labels say whether the primary side made money', () => {
    const c = candles([100, 101, 102, 100, 99, 98], [100, 101, 102, 100, 99, 98], [100, 101, 102, 100, 99, 98]);
    const side = f([1, -1, -1, 0, 1, 1]);
    const m = metaLabels(side, c, { horizon: 2, profitTake: 100, stopLoss: 100, volatility: f([0.01, 0.01, 0.01, 0.01, 0.01, 0.01]) });
    expect(nanIs(m.label)).toEqual([1, 1, 1, 'NaN', 'NaN', 'NaN']);
    expect(m.ret[1]).toBeCloseTo(-(100 / 101 - 1), 12);
  });
  it.each([
    ['horizon 0', () => tripleBarrierLabels(candles([1, 2]), { horizon: 0, profitTake: 1, stopLoss: 1, volatility: f([0.1, 0.1]) })],
    ['negative profit-take', () => tripleBarrierLabels(candles([1, 2]), { horizon: 1, profitTake: -1, stopLoss: 1, volatility: f([0.1, 0.1]) })],
    ['a volatility of the wrong length', () => tripleBarrierLabels(candles([1, 2]), { horizon: 1, profitTake: 1, stopLoss: 1, volatility: f([0.1]) })],
    ['a volatility window of 1', () => rollingVolatility(f([1, 2, 3]), 1)],
    ['a side other than -1/0/1', () => metaLabels(f([2, 0]), candles([1, 2]), { horizon: 1, profitTake: 1, stopLoss: 1, volatility: f([0.1, 0.1]) })],
  ])('rejects %s with INVALID_PARAMETER', (_n, fn) => expect(fn).toThrowError(expect.objectContaining({ code: 'INVALID_PARAMETER' })));
});
