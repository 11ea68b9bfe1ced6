/**
 * The end-to-end demo on the embedded default: simulate BTC/ETH/SOL, validate the rows the way they arrive
 * from a database, resample to 1h, compute TA-Lib-exact indicators in batch, and stream the last candles.
 * Run: npm run demo
 */
import { candlesFromRows, resample, simulateMarket } from '../src/index.js';
import { AdxStream, RsiStream, macd, rsi, sma } from '../src/indicators/index.js';

const days = 90;
const sim = simulateMarket({ candles: days * 96, seed: 42 });
console.log(`Simulated ${days} days of 15m candles for ${sim.symbols.join(', ')}`);

for (const symbol of sim.symbols) {
  const c = sim.candles[symbol]!;
  // Rows as Postgres returns them: timestamptz strings and numeric strings.
  const rows = Array.from(c.time, (t, i) => ({
    ts: new Date(t).toISOString().replace('T', ' ').replace('.000Z', '+00'),
    open: c.open[i]!.toString(),
    high: c.high[i]!.toString(),
    low: c.low[i]!.toString(),
    close: c.close[i]!.toString(),
    volume: c.volume[i]!.toString(),
  }));
  const candles = candlesFromRows(rows, { timeframe: '15m' });
  const hourly = resample(candles, '15m', '1h');
  const last = candles.close.length - 1;
  const r = rsi(candles.close, 14);
  const m = macd(candles.close, 12, 26, 9);
  const trend = sma(hourly.close, 50);
  console.log(
    `${symbol.padEnd(4)} close ${candles.close[last]!.toFixed(2).padStart(10)}  RSI(14) ${r[last]!.toFixed(2)}  ` +
      `MACD hist ${m.hist[last]!.toExponential(3)}  1h SMA(50) ${trend[trend.length - 1]!.toFixed(2)}  (${hourly.close.length} hourly candles)`,
  );
}

// Streaming: warm up on history, then peek at a still-open candle and commit it.
const btc = sim.candles.BTC!;
const rsiStream = new RsiStream(14);
const adxStream = new AdxStream(14);
for (let i = 0; i < btc.close.length - 1; i++) {
  rsiStream.next(btc.close[i]!);
  adxStream.next({ high: btc.high[i]!, low: btc.low[i]!, close: btc.close[i]! });
}
const i = btc.close.length - 1;
const open = { high: btc.high[i]!, low: btc.low[i]!, close: btc.close[i]! * 1.01 };
console.log(`BTC stream: RSI if the open candle closed 1% higher ${rsiStream.peek(open.close).toFixed(2)}, ` +
  `committed ${rsiStream.next(btc.close[i]!).toFixed(2)}; ADX ${adxStream.next({ high: btc.high[i]!, low: btc.low[i]!, close: btc.close[i]! }).toFixed(2)}`);
