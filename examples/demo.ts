/**
 * The end-to-end demo on the embedded default: simulate BTC/ETH/SOL with a planted signal, validate the rows
 * the way they arrive from a database, compute the feature catalogue, label, run a purged walk-forward with the
 * TypeScript GBDT, and report honest out-of-sample metrics. Run: npm run demo
 */
import {
  FEATURES,
  accuracy,
  candlesFromRows,
  computeFeatures,
  coverageAccuracyCurve,
  coverageAtAccuracy,
  fixedHorizonLabels,
  resample,
  rocAuc,
  simulateMarket,
  trainGBDT,
  walkForwardSplits,
  RsiStream,
} from '../src/index.js';

const days = 120;
const n = days * 96;
const sim = simulateMarket({ candles: n, seed: 42, signal: { strength: 0.15 } });
console.log(`Simulated ${days} days of 15m candles for ${sim.symbols.join(', ')} (${n} each) with a planted signal`);

for (const symbol of sim.symbols) {
  const c = sim.candles[symbol]!;
  // Rows as Postgres returns them: timestamptz strings and numeric strings.
  const rows = Array.from(c.time, (t, i) => ({
    ts: new Date(t).toISOString().replace('T', ' ').replace('.000Z', '+00'),
    open: String(c.open[i]),
    high: String(c.high[i]),
    low: String(c.low[i]),
    close: String(c.close[i]),
    volume: String(c.volume[i]),
  }));
  const candles = candlesFromRows(rows, { timeframe: '15m' });
  const hourly = resample(candles, '15m', '1h');

  const t0 = performance.now();
  const frame = computeFeatures(candles);
  const featureMs = performance.now() - t0;

  // Model inputs: every catalogue feature plus the planted signal (the simulator's known predictor).
  const columns = [...frame.columns, sim.signal![symbol]!];
  const { label, t1 } = fixedHorizonLabels(candles.close, { horizon: 1 });
  const warm = 400;
  const labels: number[] = [];
  const probs: number[] = [];
  for (const { train, test } of walkForwardSplits({ n, trainSize: 6_000, testSize: 1_800, t1 })) {
    const pick = (idx: Int32Array) => idx.filter((r) => r >= warm && !Number.isNaN(label[r]!));
    const matrix = (idx: Int32Array) => {
      const data = new Float64Array(idx.length * columns.length);
      idx.forEach((r, i) => columns.forEach((col, j) => (data[i * columns.length + j] = col[r]!)));
      return { rows: idx.length, cols: columns.length, data };
    };
    const tr = pick(train);
    const te = pick(test);
    const model = trainGBDT(matrix(tr), Array.from(tr, (r) => label[r]!), { maxDepth: 3, nEstimators: 80, learningRate: 0.1, seed: 7 });
    model.predictProba(matrix(te)).forEach((p, i) => {
      probs.push(p);
      labels.push(label[te[i]!]!);
    });
  }
  const acc = accuracy(labels, probs);
  const coverage = coverageAtAccuracy(coverageAccuracyCurve(labels, probs), 0.6);
  console.log(
    `${symbol.padEnd(4)} ${frame.names.length} of ${FEATURES.length} catalogue features (no peers given) in ${featureMs.toFixed(0)} ms, ${hourly.close.length} hourly candles; ` +
      `out-of-sample accuracy ${(acc.value * 100).toFixed(1)}% [${(acc.lower * 100).toFixed(1)}, ${(acc.upper * 100).toFixed(1)}] on ${acc.n}, ` +
      `AUC ${rocAuc(labels, probs).toFixed(3)}, ${(coverage * 100).toFixed(1)}% of candles reach 60%`,
  );
}

// Streaming: warm up on history, then peek at a still-open candle and commit it.
const btc = sim.candles.BTC!;
const rsiStream = new RsiStream(14);
for (let i = 0; i < btc.close.length - 1; i++) rsiStream.next(btc.close[i]!);
const last = btc.close[btc.close.length - 1]!;
console.log(`BTC stream: RSI(14) if the open candle closed 1% higher ${rsiStream.peek(last * 1.01).toFixed(2)}, committed ${rsiStream.next(last).toFixed(2)}`);
