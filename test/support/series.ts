import { simulateMarket } from '../../src/core/simulator.js';
import type { Candles } from '../../src/core/types.js';
import type { InputName } from '../../src/indicators/types.js';

/** A named test series: OHLCV plus a second real series (for BETA/CORREL) and an integer periods series (MAVP). */
export interface TestSeries {
  readonly name: string;
  readonly inputs: Record<InputName, Float64Array>;
}

const LENGTH = 400;

function mapRows(c: Candles, f: (i: number, row: [number, number, number, number, number]) => [number, number, number, number, number]): Candles {
  const out = { time: c.time.slice(), open: c.open.slice(), high: c.high.slice(), low: c.low.slice(), close: c.close.slice(), volume: c.volume.slice() };
  for (let i = 0; i < c.time.length; i++) {
    const [o, h, l, cl, v] = f(i, [c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!, c.volume[i]!]);
    out.open[i] = o;
    out.high[i] = h;
    out.low[i] = l;
    out.close[i] = cl;
    out.volume[i] = v;
  }
  return out;
}

function toSeries(name: string, c: Candles, other: Candles): TestSeries {
  const n = c.time.length;
  const periods = new Float64Array(n);
  for (let i = 0; i < n; i++) periods[i] = 2 + ((i * 7) % 29);
  return {
    name,
    inputs: { open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, real: c.close, real0: c.close, real1: other.close.subarray(0, n).slice(), periods },
  };
}

const sim = simulateMarket({ symbols: ['BTC', 'ETH'], candles: LENGTH, seed: 11 });
const btc = sim.candles.BTC!;
const eth = sim.candles.ETH!;

const scale = (k: number) => (_: number, [o, h, l, c, v]: [number, number, number, number, number]) =>
  [o * k, h * k, l * k, c * k, v] as [number, number, number, number, number];

/** Trending: the simulated path times a steady 0.3% per candle drift. */
const trending = mapRows(btc, (i, [o, h, l, c, v]) => {
  const g = Math.pow(1.003, i);
  return [o * g, h * g, l * g, c * g, v];
});
/** Ranging: returns of the simulated path folded back toward a fixed level by a sine of period 50. */
const ranging = mapRows(eth, (i, [o, h, l, c, v]) => {
  const level = 2000 * (1 + 0.05 * Math.sin(i / 8)) / eth.close[i]!;
  return [o * level, h * level, l * level, c * level, v];
});
/** Flat: a run of 60 identical zero-range, zero-volume candles in the middle. */
const flat = mapRows(btc, (i, row) => (i >= 150 && i < 210 ? [30000, 30000, 30000, 30000, 0] : row));
/** Zero volume: a run of 50 zero-volume candles whose prices keep moving. */
const zeroVolume = mapRows(btc, (i, [o, h, l, c, v]) => [o, h, l, c, i >= 100 && i < 150 ? 0 : v]);
/** A single spike: one candle whose high and close jump tenfold. */
const spike = mapRows(ranging, (i, [o, h, l, c, v]) => (i === 200 ? [o, h * 10, l, c * 10, v * 20] : [o, h, l, c, v]));

/** The shared fixture every indicator runs on. */
export const SERIES: readonly TestSeries[] = [
  toSeries('trending', trending, eth),
  toSeries('ranging', ranging, btc),
  toSeries('flat-run', flat, eth),
  toSeries('zero-volume', zeroVolume, eth),
  toSeries('huge-prices', mapRows(btc, scale(1e6)), eth),
  toSeries('tiny-prices', mapRows(btc, scale(1e-8)), eth),
  toSeries('spike', spike, eth),
  toSeries('shorter-than-lookback', mapRows(btc, scale(1)), eth),
  toSeries('nan-in-close', mapRows(btc, (i, [o, h, l, c, v]) => [o, h, l, i === 200 ? NaN : c, v]), eth),
].map((s) => (s.name === 'shorter-than-lookback' ? truncate(s, 6) : s));

function truncate(s: TestSeries, n: number): TestSeries {
  const inputs = {} as Record<InputName, Float64Array>;
  for (const k of Object.keys(s.inputs) as InputName[]) inputs[k] = s.inputs[k].slice(0, n);
  return { name: s.name, inputs };
}
