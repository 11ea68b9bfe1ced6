/**
 * Data of the MLP tests: a seeded tabular problem with a planted rule, and the simulator's planted market signal.
 */
import type { Matrix } from '../../../src/core/types.js';
import { Rng } from '../../../src/core/rng.js';
import { simulateMarket } from '../../../src/core/simulator.js';
import type { DenseLayer, MLPModelData } from '../../../src/ensemble/mlp/types.js';

/** Rows of standard-normal features; y = 1 when x0 - x1 + x2 plus noise is positive (or that sum, for regression). */
export function plantedRule(rows: number, cols: number, seed: number, regression = false): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const data = new Float64Array(rows * cols), y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < cols; f++) data[i * cols + f] = rng.normal();
    const s = data[i * cols]! - data[i * cols + 1]! + (cols > 2 ? data[i * cols + 2]! : 0) + 0.5 * rng.normal();
    y[i] = regression ? s : s > 0 ? 1 : 0;
  }
  return { X: { rows, cols, data }, y };
}

/**
 * The simulator's planted signal as a learning problem: per candle t, features [noise, last return, signal[t],
 * log volume, range / close, uniform noise], label 1 when the next close is higher.
 */
export function marketProblem(candles: number, seed: number): { X: Matrix; y: Float64Array; signalColumn: number } {
  const sim = simulateMarket({ candles, seed, symbols: ['BTC'], signal: { strength: 0.3 } });
  const c = sim.candles.BTC!, sig = sim.signal!.BTC!;
  const cols = 6, rows = candles - 2;
  const data = new Float64Array(rows * cols), y = new Float64Array(rows);
  const rng = new Rng(seed + 1);
  for (let t = 1; t < candles - 1; t++) {
    const o = (t - 1) * cols;
    data[o] = rng.normal();
    data[o + 1] = c.close[t]! / c.close[t - 1]! - 1;
    data[o + 2] = sig[t]!;
    data[o + 3] = Math.log(c.volume[t]! + 1);
    data[o + 4] = (c.high[t]! - c.low[t]!) / c.close[t]!;
    data[o + 5] = rng.uniform();
    y[t - 1] = c.close[t + 1]! > c.close[t]! ? 1 : 0;
  }
  return { X: { rows, cols, data }, y, signalColumn: 2 };
}

/** Rows [from, to) of X. */
export function sliceRows(X: Matrix, from: number, to: number): Matrix {
  return { rows: to - from, cols: X.cols, data: X.data.subarray(from * X.cols, to * X.cols) };
}

/** A random network of the given widths (He-like scale), hidden ReLU, output per objective. */
export function randomNetwork(dims: readonly number[], seed: number, objective: 'binary' | 'regression' = 'binary'): MLPModelData {
  const rng = new Rng(seed);
  const F = dims[0]!;
  const layers: DenseLayer[] = [];
  for (let l = 1; l < dims.length; l++) {
    const inputs = dims[l - 1]!, outputs = dims[l]!;
    const weight = Float32Array.from({ length: inputs * outputs }, () => rng.normal() * Math.sqrt(2 / inputs));
    const bias = Float32Array.from({ length: outputs }, () => 0.1 * rng.normal());
    const activation = l < dims.length - 1 ? 'relu' : objective === 'binary' ? 'sigmoid' : 'linear';
    layers.push({ inputs, outputs, weight, bias, activation });
  }
  const scaler = {
    center: Float64Array.from({ length: F }, () => rng.normal()),
    scale: Float64Array.from({ length: F }, () => 0.5 + rng.uniform()),
    impute: Float64Array.from({ length: F }, () => rng.normal()),
  };
  return { objective, scaler, layers };
}

/** Every weight and bias of a model's layers, as one array (for bit-for-bit comparisons). */
export function allParameters(layers: readonly DenseLayer[]): number[] {
  return layers.flatMap((l) => [...l.weight, ...l.bias]);
}
