/**
 * Quickstart: simulated candles -> features -> labels -> a purged walk-forward split -> a gradient-boosted tree
 * model -> calibrated probabilities -> an honest out-of-sample accuracy with its interval.
 *
 * The simulator can plant a predictive series (correlated with the next candle's return). The features cannot see
 * it, so the first model scores about 50%, as any model does on a random walk; the second is given the planted
 * series as an extra column, a stand-in for a genuinely predictive input, and finds it.
 *
 *   npx tsx examples/quickstart.ts
 */
import { accuracy, computeFeatures, fitCalibrator, fixedHorizonLabels, simulateMarket, trainGBDT, walkForwardSplits, type Matrix } from '../src/index.js';

const sim = simulateMarket({ symbols: ['BTC'], candles: 96 * 60, seed: 7, signal: { strength: 0.2 } }); // 60 days, 15m
const btc = sim.candles.BTC!;
const planted = sim.signal!.BTC!;
const names = ['log_return_1', 'log_return_3', 'rsi_14', 'natr_14', 'bbands_percent_b_20', 'adx_14', 'hour_sin', 'hour_cos'];
const frame = computeFeatures(btc, { features: names });
const { label, t1 } = fixedHorizonLabels(btc.close, { horizon: 1 }); // 1 when the next close is higher; NaN: unlabeled

// One purged walk-forward split: train on the first 70%, test on the rest (no label interval crosses into the test).
const n = btc.time.length;
const trainSize = Math.floor(n * 0.7);
const [split] = walkForwardSplits({ n, trainSize, testSize: n - trainSize, t1 });

function evaluate(columns: readonly Float64Array[]): string {
  const usable = (rows: Int32Array) => Array.from(rows).filter((i) => !Number.isNaN(label[i]!) && columns.every((c) => !Number.isNaN(c[i]!)));
  const matrix = (rows: number[]): Matrix => ({ rows: rows.length, cols: columns.length, data: Float64Array.from(rows.flatMap((i) => columns.map((c) => c[i]!))) });
  const train = usable(split!.train);
  const test = usable(split!.test);
  const model = trainGBDT(matrix(train), train.map((i) => label[i]!), { maxDepth: 3, nEstimators: 100, learningRate: 0.05 });
  const scores = model.predictProba(matrix(test));
  // Calibrate on the first half of the test window, measure on the second: never on rows the calibrator saw.
  const half = Math.floor(test.length / 2);
  const calibrator = fitCalibrator('platt', scores.subarray(0, half), test.slice(0, half).map((i) => label[i]!));
  const acc = accuracy(test.slice(half).map((i) => label[i]!), calibrator.transform(scores.subarray(half)));
  return `${(acc.value * 100).toFixed(1)}% [${(acc.lower * 100).toFixed(1)}, ${(acc.upper * 100).toFixed(1)}] on ${acc.n} rows`;
}

console.log(`features only:                 accuracy ${evaluate(frame.columns)} (Wilson 95%)`);
console.log(`features + the planted series: accuracy ${evaluate([...frame.columns, planted])} (Wilson 95%)`);
