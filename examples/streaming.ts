/**
 * Streaming: warm a feature stream on history, then feed it candles as they close, and check that every value is
 * the batch computation's, bit for bit. `peek` evaluates the still-open candle without changing the state; the
 * state serializes to JSON and resumes (a worker restart, or the pipeline's stored stream state).
 *
 *   npx tsx examples/streaming.ts
 */
import { candleAt, computeFeatures, createFeatureStream, restoreFeatureStream, RsiStream, simulateMarket, type Candles } from '../src/index.js';

const btc = simulateMarket({ symbols: ['BTC'], candles: 96 * 20, seed: 3 }).candles.BTC!; // 20 days of 15m candles
const names = ['rsi_14', 'macd_hist_12_26_9', 'atr_14', 'bbands_percent_b_20', 'obv', 'cdl_engulfing'];
const split = btc.time.length - 96; // the last day arrives live
const head = (c: Candles, k: number): Candles => ({ time: c.time.subarray(0, k), open: c.open.subarray(0, k), high: c.high.subarray(0, k), low: c.low.subarray(0, k), close: c.close.subarray(0, k), volume: c.volume.subarray(0, k) });

let live = createFeatureStream({ features: names }).fromHistory(head(btc, split));
const batch = computeFeatures(btc, { features: names });
let identical = 0;
for (let i = split; i < btc.time.length; i++) {
  const candle = candleAt(btc, i);
  live.peek({ ...candle, close: candle.close * 1.001, high: Math.max(candle.high, candle.close * 1.001) }); // open candle: no trace
  const row = live.next(candle); // the candle closed
  identical += names.every((name, j) => Object.is(row[j], batch.column(name)[i])) ? 1 : 0;
  if (i === split + 47) live = restoreFeatureStream(JSON.parse(JSON.stringify(live.toJSON()))); // a restart mid-day
}
console.log(`${identical} of ${btc.time.length - split} live rows bit-identical to batch (${names.length} features, restored once mid-day)`);

const rsi = new RsiStream(14);
for (const close of btc.close) rsi.next(close);
console.log(`RSI(14) of the last candle: ${rsi.next(btc.close.at(-1)!).toFixed(4)} (after one more identical close)`);
