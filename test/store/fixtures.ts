/** Data for the store suites: candles written to the source tables, predictions, model binaries. */
import { simulateMarket } from '../../src/core/simulator.js';
import type { Candles } from '../../src/core/types.js';
import { timeframeMs, type Timeframe } from '../../src/core/timeframe.js';
import type { AlphaStore, PredictionInput } from '../../src/store/index.js';

/** `n` simulated candles of `symbol` starting at `start` (epoch ms on the grid). */
export function candles(symbol: string, n: number, start: number, timeframe: Timeframe = '15m', seed = 7): Candles {
  return simulateMarket({ symbols: [symbol], candles: n, start, timeframe, seed }).candles[symbol]!;
}

/** Inserts candles into a source table through kysely (chunks of 1000 rows: 7000 parameters per statement). */
export async function insertCandles(
  store: AlphaStore,
  table: 'indicators.ohlcv_15m' | 'indicators.ohlcv_1h' | 'training.spot_15m',
  symbol: string,
  c: Candles,
): Promise<void> {
  for (let start = 0; start < c.time.length; start += 1000) {
    const rows = [];
    for (let i = start; i < Math.min(c.time.length, start + 1000); i++) {
      rows.push({ symbol, ts: new Date(c.time[i]!), open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]!, volume: c.volume[i]! });
    }
    await store.db.insertInto(table).values(rows).execute();
  }
}

/** The open time of the 15m candle `k` candles before now (k >= 0). */
export function recent15m(k: number, now = Date.now()): number {
  const step = timeframeMs('15m');
  return Math.floor(now / step) * step - k * step;
}

/** Deterministic predictions of `symbol` at the given times (horizon 1, model version `version`). */
export function predictions(symbol: string, times: ArrayLike<number>, version = 1, seed = 1): PredictionInput[] {
  const out: PredictionInput[] = [];
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  for (let i = 0; i < times.length; i++) {
    const pUp = Math.round(next() * 1e6) / 1e6;
    const direction = pUp > 0.55 ? 1 : pUp < 0.45 ? -1 : 0;
    out.push({
      symbol,
      timeframe: '15m',
      ts: times[i]!,
      horizon: 1,
      pUp,
      direction,
      confidence: Math.abs(pUp - 0.5) * 2,
      size: direction === 0 ? 0 : Math.round(next() * 1000) / 1000,
      modelVersion: version,
      members: { gbdt: Math.round(next() * 1e6) / 1e6, mlp: pUp },
    });
  }
  return out;
}

/** A pseudo-random model binary of `n` bytes. */
export function modelBinary(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}
