/**
 * Series shaped like real exchange data, for the shared contract tests (indicators and the feature catalogue):
 *
 * - prices around 1e-3 (an altcoin quoted in BTC) and around 1e5 (BTC in USDT);
 * - about one candle in five flat (open = high = low = close), as thin books print them;
 * - runs of zero volume (with flat and with moving prices);
 * - gaps (missing rows) filled by `candlesFromRows`' `gaps: 'fill'` policy, as users load them;
 * - a first candle at an odd time of day (not midnight, not on the hour), so calendar features start mid-day;
 * - the timeframes 1m, 5m and 1h.
 *
 * The rows go through the public `candlesFromRows`, so every series is a valid `CandleSeries`. Deterministic (seeded).
 */
import { candlesFromRows, type CandleSeries } from '../../src/core/candles.js';
import { Rng } from '../../src/core/rng.js';
import { timeframeMs, type Timeframe } from '../../src/core/timeframe.js';

/** One real-market-shaped series and what it is made of. */
export interface MarketShapedSeries {
  readonly name: string;
  readonly timeframe: Timeframe;
  readonly candles: CandleSeries;
  /** Rows removed before loading (each became a filled, flat, zero-volume candle). */
  readonly gapRows: number;
}

interface Shape {
  readonly name: string;
  readonly timeframe: Timeframe;
  readonly price: number;
  readonly candles: number;
  /** Per-candle log-return volatility. */
  readonly sigma: number;
  readonly seed: number;
}

const SHAPES: readonly Shape[] = [
  { name: 'alt-btc-1m', timeframe: '1m', price: 0.0021, candles: 3000, sigma: 0.0015, seed: 101 },
  { name: 'btc-usdt-5m', timeframe: '5m', price: 98_000, candles: 2400, sigma: 0.0018, seed: 202 },
  { name: 'alt-btc-1h', timeframe: '1h', price: 0.0016, candles: 1500, sigma: 0.006, seed: 303 },
  { name: 'btc-usdt-1h', timeframe: '1h', price: 64_000, candles: 1500, sigma: 0.005, seed: 404 },
];

/** 2024-03-14 13:47 UTC, moved down onto the timeframe's grid: an odd time of day (13:47, 13:45 or 13:00). */
const START = Date.UTC(2024, 2, 14, 13, 47);

function build(shape: Shape): MarketShapedSeries {
  const rng = new Rng(shape.seed);
  const step = timeframeMs(shape.timeframe);
  const start = START - (START % step);
  const rows: [number, number, number, number, number, number][] = [];
  let close = shape.price;
  let zeroRun = 0;
  let gapRows = 0;
  for (let i = 0; i < shape.candles; i++) {
    const open = close;
    if (zeroRun === 0 && rng.uniform() < 0.01) zeroRun = 5 + Math.floor(rng.uniform() * 25);
    const quiet = zeroRun > 0;
    if (quiet) zeroRun--;
    const flat = rng.uniform() < 0.15 || (quiet && rng.uniform() < 0.5);
    let high = open;
    let low = open;
    if (!flat) {
      // Fat-tailed returns (Student t, 4 dof), rounded to a tick of 1e-8 of the price level (exchanges quote on ticks).
      const tick = shape.price * 1e-6;
      close = Math.max(tick, Math.round((open * Math.exp(shape.sigma * rng.studentT(4))) / tick) * tick);
      high = Math.max(open, close) * (1 + Math.abs(rng.normal()) * shape.sigma * 0.5);
      low = Math.min(open, close) * (1 - Math.abs(rng.normal()) * shape.sigma * 0.5);
    }
    const volume = quiet ? 0 : flat && rng.uniform() < 0.3 ? 0 : Math.round(rng.uniform() * 1000 * 1e4) / 1e4;
    // About one row in 150 is missing (and, once, a stretch of 40): the fill policy puts flat zero-volume candles there.
    if (i > 0 && i < shape.candles - 1 && (rng.uniform() < 1 / 150 || i === Math.floor(shape.candles / 2))) {
      const missing = i === Math.floor(shape.candles / 2) ? 40 : 1;
      gapRows += missing;
      i += missing - 1;
      close = open;
      continue;
    }
    rows.push([start + i * step, open, high, low, close, volume]);
  }
  const candles = candlesFromRows(rows, { timeframe: shape.timeframe, gaps: 'fill' });
  return { name: shape.name, timeframe: shape.timeframe, candles, gapRows };
}

/** The real-market-shaped series (1m, 5m and 1h; prices near 1e-3 and 1e5), built once. */
export const MARKET_SHAPED: readonly MarketShapedSeries[] = SHAPES.map(build);
