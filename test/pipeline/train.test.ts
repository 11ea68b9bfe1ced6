/**
 * trainMarketModel and its datasets: features and labels checked against computeFeatures and closes read here,
 * no lookahead (a truncated history gives the same rows and labels), the artifact decodes and predicts as the
 * ensemble trained on the same dataset, the metrics are its out-of-fold report, and bad options are refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { simulateMarket } from '../../src/core/simulator.js';
import { sliceCandles } from '../../src/core/candles.js';
import type { Candles } from '../../src/core/types.js';
import type { EnsembleConfig } from '../../src/ensemble/training/config.js';
import { trainEnsemble } from '../../src/ensemble/training/train.js';
import { computeFeatures } from '../../src/features/compute.js';
import { featureLookback } from '../../src/features/lookback.js';
import { loadServableModel } from '../../src/pipeline/model-codec.js';
import { marketDatasets, trainMarketModel, type HorizonMetrics, type TrainedMarketModel } from '../../src/pipeline/train.js';
import { checkModelInput } from '../../src/store/ops/model-rows.js';
import { featureMatrix, storedModel } from './model-fixtures.js';

const FEATURES = ['rsi_14', 'atr_14', 'log_return_1'];
const CONFIG: EnsembleConfig = {
  members: [
    { name: 'xgboost', kind: 'gbdt-depthwise', params: { maxDepth: 3, nEstimators: 20, learningRate: 0.1 } },
    { name: 'lightgbm', kind: 'gbdt-leafwise', params: { numLeaves: 8, nEstimators: 20, learningRate: 0.1, minDataInLeaf: 20 } },
  ],
  seed: 3,
};

const sim = simulateMarket({ candles: 1500, symbols: ['BTC'], seed: 11, signal: { strength: 0.3 } });
const candles: Candles = sim.candles.BTC!;
const signal = sim.signal!.BTC!;
const L = Math.max(...FEATURES.map((f) => featureLookback(f, '15m')));

describe('marketDatasets', () => {
  it('takes the features from the lookback on and labels the direction h candles ahead (read here from the closes)', () => {
    const [d1, d3] = marketDatasets({ candles, features: FEATURES, columns: { signal }, horizons: [3, 1] });
    expect([d1!.horizon, d3!.horizon]).toEqual([1, 3]);
    const frame = computeFeatures(candles, { features: FEATURES });
    const n = candles.time.length - L;
    for (const { horizon: h, dataset: d } of [d1!, d3!]) {
      expect([d.X.rows, d.X.cols, d.featureNames]).toEqual([n, 4, [...FEATURES, 'signal']]);
      expect(d.time).toEqual(candles.time.slice(L));
      for (const r of [0, 1, 500, n - h - 1, n - 1]) {
        FEATURES.forEach((f, j) => expect(d.X.data[r * 4 + j]).toBe(frame.column(f)[r + L]));
        expect(d.X.data[r * 4 + 3]).toBe(signal[r + L]);
        const [now, later] = [candles.close[r + L]!, candles.close[r + L + h]];
        if (later === undefined || later === now) {
          expect([d.y[r], d.t1[r]], `row ${r} h ${h}`).toEqual([NaN, NaN]);
        } else {
          expect([d.y[r], d.t1[r]], `row ${r} h ${h}`).toEqual([later > now ? 1 : 0, r + h]);
        }
      }
      for (let r = n - h; r < n; r++) expect(d.t1[r], `row ${r}: its label needs a candle beyond the data`).toBeNaN();
    }
  });

  it('looks no further than the candles it is given: a truncated history gives the same rows and labels', () => {
    const [full] = marketDatasets({ candles, features: FEATURES, horizons: [4] });
    const m = 900;
    const [cut] = marketDatasets({ candles: sliceCandles(candles, 0, m), features: FEATURES, horizons: [4] });
    const rows = m - L;
    expect(cut!.dataset.X.data).toEqual(full!.dataset.X.data.subarray(0, rows * FEATURES.length));
    for (let r = 0; r < rows; r++) {
      if (r + 4 < rows) expect([cut!.dataset.y[r], cut!.dataset.t1[r]]).toEqual([full!.dataset.y[r], full!.dataset.t1[r]]);
      else expect(cut!.dataset.t1[r]).toBeNaN();
    }
  });

  it('defaults to every single-asset feature of the catalogue, dropping the rows before the longest lookback', () => {
    const long = simulateMarket({ candles: 2000, symbols: ['BTC'], seed: 5 }).candles.BTC!;
    const frame = computeFeatures(long);
    const [d] = marketDatasets({ candles: long });
    expect(d!.dataset.featureNames).toEqual(frame.names);
    expect(frame.names.some((f) => f.startsWith('syn_'))).toBe(false);
    const drop = long.time.length - d!.dataset.X.rows;
    expect(drop).toBeLessThanOrEqual(Math.max(...frame.names.map((f) => featureLookback(f, '15m'))));
    frame.names.forEach((f, j) => expect(d!.dataset.X.data[j], f).toBe(frame.column(f)[drop]));
    expect(frame.names.some((f) => Number.isNaN(frame.column(f)[drop - 1]!))).toBe(true);
  });

  describe('refuses', () => {
    it.each([
      ['no horizons', { horizons: [] }, 'options.horizons: expected a non-empty array'],
      ['horizon 0', { horizons: [0] }, 'options.horizons[0]: must be an integer >= 1, got 0'],
      ['horizon 2.5', { horizons: [1, 2.5] }, 'options.horizons[1]: must be an integer >= 1, got 2.5'],
      ['a horizon twice', { horizons: [4, 1, 4] }, 'options.horizons[2]: horizon 4 is given twice'],
      ['an unknown option', { horizon: 1 }, 'options.horizon: unknown option'],
      ['an unknown label option', { labels: { deadZoneAs: 'class' } }, 'options.labels.deadZoneAs: unknown option'],
      ['a column of the wrong length', { columns: { signal: signal.subarray(1) } }, 'options.columns.signal: expected a Float64Array of 1500 values'],
      ['a column that is no Float64Array', { columns: { signal: [1, 2] } }, 'options.columns.signal: expected a Float64Array'],
      ['a column named as a feature', { columns: { rsi_14: signal } }, 'options.columns.rsi_14: is also a feature name'],
      ['a column never defined', { columns: { empty: new Float64Array(1500).fill(NaN) } }, 'options.columns.empty: empty has no value on these 1500 candles'],
    ])('%s (InvalidParameterError)', (_, extra, message) => {
      const call = (): unknown => marketDatasets({ candles, features: FEATURES, ...(extra as object) });
      expect(call).toThrow(InvalidParameterError);
      expect(call).toThrow(message);
    });

    it('a feature the history is too short for (InvalidParameterError)', () => {
      const call = (): unknown => marketDatasets({ candles: sliceCandles(candles, 0, 150), features: ['sma_200_ratio'] });
      expect(call).toThrow(InvalidParameterError);
      expect(call).toThrow('options.features: sma_200_ratio has no value on these 150 candles (too short a history)');
    });
  });
});

describe('trainMarketModel', () => {
  let one: TrainedMarketModel, two: TrainedMarketModel;
  beforeAll(() => {
    one = trainMarketModel({ candles, features: FEATURES, columns: { signal }, ensemble: CONFIG });
    two = trainMarketModel({ candles, features: FEATURES, columns: { signal }, horizons: [4, 1], ensemble: CONFIG });
  });

  it('gives an ensemble artifact for horizon 1 that predicts as the ensemble trained on the same dataset, its report as metrics', async () => {
    const [d] = marketDatasets({ candles, features: FEATURES, columns: { signal } });
    const reference = trainEnsemble(d!.dataset, CONFIG);
    expect([one.format, one.horizons, one.featureNames]).toEqual(['alpha-v4-ensemble', [1], [...FEATURES, 'signal']]);
    const m = reference.report.calibrated!;
    expect(one.metrics).toEqual({
      horizons: [1],
      byHorizon: { '1': { rows: m.rows, folds: reference.report.folds, calibrated: true, accuracy: { value: m.accuracy.value, lower: m.accuracy.lower, upper: m.accuracy.upper }, logLoss: m.logLoss, auc: m.auc, ece: m.ece } },
    });
    const model = await loadServableModel(storedModel(one.format, one.binary, one.featureNames));
    const X = featureMatrix(20, 8, 4);
    expect((await model.predict(X))[0]!.pUp).toEqual((await reference.ensemble.predict(X)).calibrated);
    expect(one.trainStart).toEqual(new Date(reference.ensemble.window!.first));
    expect(one.trainEnd).toEqual(new Date(reference.ensemble.window!.last));
  });

  it('gives a horizon bundle for several horizons; the planted signal predicts the next candle only', async () => {
    expect([two.format, two.horizons]).toEqual(['alpha-v4-horizons', [1, 4]]);
    const model = await loadServableModel(storedModel(two.format, two.binary, two.featureNames));
    expect(model.horizons).toEqual([1, 4]);
    const byHorizon = two.metrics.byHorizon as unknown as Record<string, HorizonMetrics>;
    expect(byHorizon['1']).toEqual((one.metrics.byHorizon as unknown as Record<string, HorizonMetrics>)['1']);
    expect(byHorizon['1']!.accuracy.lower).toBeGreaterThan(0.5);
    expect(byHorizon['4']!.accuracy.lower).toBeLessThan(byHorizon['1']!.accuracy.lower);
  });

  it('spreads into saveModelVersion\'s input: the horizons are not enumerable', () => {
    expect(Object.keys(two).sort()).toEqual(['binary', 'featureNames', 'format', 'metrics', 'trainEnd', 'trainStart']);
    const input = checkModelInput({ symbol: 'BTC', timeframe: '15m', ...two, activate: true });
    expect([input.format, input.activate]).toEqual(['alpha-v4-horizons', true]);
  });

  it('is deterministic: the same candles and options give the same bytes', () => {
    expect(trainMarketModel({ candles, features: FEATURES, columns: { signal }, ensemble: CONFIG }).binary).toEqual(one.binary);
  });
});
