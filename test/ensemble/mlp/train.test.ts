/**
 * trainMLP's behaviour: it learns the simulator's planted signal (AUC well above 0.5, near the signal's own AUC)
 * and a regression target; it is deterministic for a seed, bit for bit, with either matrix kernel; early stopping
 * restores the best epoch; the progress callback reports every epoch and can stop training.
 */
import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../../src/calibration/metrics.js';
import { trainMLP } from '../../../src/ensemble/mlp/train.js';
import type { MLPParams, MLPProgress } from '../../../src/ensemble/mlp/params.js';
import { allParameters, marketProblem, plantedRule, sliceRows } from './data.js';

const SMALL: MLPParams = { hiddenLayers: [16, 8], batchSize: 256, epochs: 8, seed: 5 };

describe('trainMLP learns', () => {
  it('the simulator planted signal: held-out AUC well above 0.5, close to the signal itself', () => {
    const { X, y, signalColumn } = marketProblem(12_000, 5);
    const cut = 8000;
    const model = trainMLP(sliceRows(X, 0, cut), y.subarray(0, cut), { hiddenLayers: [16, 8], batchSize: 512, epochs: 30, learningRate: 3e-3, seed: 1 });
    const test = sliceRows(X, cut, X.rows), yt = y.subarray(cut);
    const auc = rocAuc(yt, model.predictProba(test));
    const oracle = rocAuc(yt, Float64Array.from({ length: test.rows }, (_, i) => test.data[i * X.cols + signalColumn]!));
    expect(oracle).toBeGreaterThan(0.56);
    expect(auc).toBeGreaterThan(0.6);
    expect(auc).toBeGreaterThan(oracle - 0.02);
  });

  it('a regression target (squared error, linear output)', () => {
    const { X, y } = plantedRule(3000, 5, 3, true);
    const model = trainMLP(X, y, { ...SMALL, objective: 'regression', epochs: 20, learningRate: 3e-3 });
    const pred = model.predict(X);
    let mse = 0, variance = 0, mean = 0;
    for (let i = 0; i < y.length; i++) mean += y[i]! / y.length;
    for (let i = 0; i < y.length; i++) {
      mse += (pred[i]! - y[i]!) ** 2 / y.length;
      variance += (y[i]! - mean) ** 2 / y.length;
    }
    expect(mse).toBeLessThan(0.15 * variance); // the noise is 0.25 of a variance of about 3.25
    expect(model.layers.at(-1)!.activation).toBe('linear');
  });
});

describe('trainMLP is deterministic', () => {
  const { X, y } = plantedRule(1500, 6, 9);
  const params: MLPParams = { ...SMALL, dropout: 0.2 };

  it('the same seed gives the same weights bit for bit; another seed other weights', () => {
    const a = allParameters(trainMLP(X, y, params).layers);
    expect(allParameters(trainMLP(X, y, params).layers)).toEqual(a);
    expect(allParameters(trainMLP(X, y, { ...params, seed: 6 }).layers)).not.toEqual(a);
  });

  it('the WebAssembly and TypeScript kernels train the same weights bit for bit', () => {
    const a = allParameters(trainMLP(X, y, { ...params, epochs: 3, gemm: 'wasm' }).layers);
    expect(allParameters(trainMLP(X, y, { ...params, epochs: 3, gemm: 'typescript' }).layers)).toEqual(a);
  });
});

describe('early stopping and progress', () => {
  const { X, y } = plantedRule(1200, 4, 2);

  it('reports every epoch, stops after `patience` epochs without improvement and restores the best epoch', () => {
    const seen: MLPProgress[] = [];
    // a large learning rate on a small network overfits fast, so the validation loss turns up early
    const model = trainMLP(X, y, { hiddenLayers: [64, 64], batchSize: 64, epochs: 60, patience: 3, learningRate: 0.02, validationFraction: 0.3, seed: 2, onProgress: (p) => void seen.push(p) });
    const t = model.training!;
    expect(seen.map((p) => p.epoch)).toEqual(seen.map((_, i) => i));
    expect(seen.length).toBeLessThan(60);
    const valid = seen.map((p) => p.validLoss!);
    const best = valid.indexOf(Math.min(...valid));
    expect(t.bestEpoch).toBe(best);
    expect(seen.length).toBe(best + 1 + 3);
    expect(t.bestValidLoss).toBe(valid[best]);
    expect(t.history.valid).toEqual(valid);
    expect(t.history.train).toEqual(seen.map((p) => p.trainLoss));
    expect(seen.every((p) => Number.isFinite(p.trainLoss) && p.elapsedMs >= 0)).toBe(true);
    // the returned weights are the best epoch's: retraining for exactly best + 1 epochs without stopping gives them
    const again = trainMLP(X, y, { hiddenLayers: [64, 64], batchSize: 64, epochs: best + 1, patience: 1000, learningRate: 0.02, validationFraction: 0.3, seed: 2 });
    expect(allParameters(model.layers)).toEqual(allParameters(again.layers));
  });

  it('uses an evalSet instead of the tail, and onProgress returning false stops', () => {
    const { X: Xv, y: yv } = plantedRule(300, 4, 99);
    let calls = 0;
    const model = trainMLP(X, y, { ...SMALL, evalSet: { X: Xv, y: yv }, onProgress: () => ++calls < 2 });
    expect(calls).toBe(2);
    expect(model.training!.history.valid.length).toBe(2);
  });

  it('without validation rows trains every epoch on all rows', () => {
    const model = trainMLP(X, y, { ...SMALL, epochs: 3, validationFraction: 0 });
    expect(model.training!.bestEpoch).toBe(2);
    expect(model.training!.bestValidLoss).toBeUndefined();
    expect(model.training!.history.valid).toEqual([]);
  });

  it('never propagates NaN inputs: rows with missing values predict finite probabilities', () => {
    const data = Float64Array.from(X.data);
    for (let i = 0; i < data.length; i += 7) data[i] = NaN;
    const model = trainMLP({ rows: X.rows, cols: X.cols, data }, y, { ...SMALL, epochs: 2 });
    const p = model.predictProba({ rows: 2, cols: 4, data: Float64Array.of(NaN, NaN, NaN, NaN, 1, NaN, -Infinity, 2) });
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
  });
});
