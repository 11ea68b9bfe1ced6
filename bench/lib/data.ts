import { simulateMarket } from '../../src/core/index.js';

/** OHLCV columns of one simulated symbol. */
export interface Ohlcv {
  readonly n: number;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** The benchmark series: `n` simulated 15m BTC candles from a fixed seed. */
export function benchCandles(n: number, seed: number): Ohlcv {
  const c = simulateMarket({ symbols: ['BTC'], candles: n, seed }).candles.BTC!;
  return { n, time: c.time, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume };
}

/** Same columns as plain `number[]`, the input type of the JS peers and of the `talib` binding. */
export interface OhlcvArrays {
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
  readonly volume: number[];
}

export function toArrays(d: Ohlcv): OhlcvArrays {
  return {
    open: Array.from(d.open),
    high: Array.from(d.high),
    low: Array.from(d.low),
    close: Array.from(d.close),
    volume: Array.from(d.volume),
  };
}

/** Binary layout read by bench/native/harness.c: int64 n, then n float64 each of open, high, low, close, volume (little-endian). */
export function encodeCandles(d: Ohlcv): Uint8Array {
  const buf = new ArrayBuffer(8 + 5 * 8 * d.n);
  new DataView(buf).setBigInt64(0, BigInt(d.n), true);
  [d.open, d.high, d.low, d.close, d.volume].forEach((col, i) => {
    new Float64Array(buf, 8 + i * 8 * d.n, d.n).set(col);
  });
  return new Uint8Array(buf);
}
