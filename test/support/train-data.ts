/**
 * Deterministic synthetic datasets for the trainer tests. scripts/fixtures/train_reference.py generates the very
 * same data (it ports `Rng` and `detLog` bit for bit) and trains python3-xgboost on it; the fixture stores
 * checksums so a test fails loudly if the two generators ever drift apart.
 */
import type { Matrix } from '../../src/core/types.js';
import { Rng, detLog } from '../../src/core/rng.js';

/** Dataset kinds: `binary` / `regression` share the signal; `censored` hides the signal's top range as NaN. */
export type DataKind = 'binary' | 'regression' | 'censored';

/** A generated dataset: X (row-major, NaN = missing), labels, and per-row weights (1 + 2 * [x6 > 0]). */
export interface Dataset {
  X: Matrix;
  y: Float64Array;
  weight: Float64Array;
}

/** Number of features of every generated dataset. */
export const N_FEATURES = 8;

/**
 * Row i: x_j ~ N(0, 1) for j = 0..7 (drawn in order), then x4 := floor(4 x4) / 4 (ties), x5 := NaN with
 * probability 0.15 (one uniform draw per row, always drawn), then
 * s = x0 - 0.8 x1 + 0.8 x2 x3 + 0.6 [x4 > 0.5] + (x5 missing ? 0.8 : 0.4 x5), and
 * - binary: y = [s + L > 0] with L = log(u) - log(1 - u) logistic noise (u uniform);
 * - regression: y = s + 0.5 z (z normal);
 * - censored: y = [x0 + 0.5 z > 0], then x0 := NaN where x0 > 0.7 (the signal lives where the value is missing).
 */
export function makeDataset(kind: DataKind, seed: number, rows: number): Dataset {
  const rng = new Rng(seed);
  const F = N_FEATURES;
  const data = new Float64Array(rows * F);
  const y = new Float64Array(rows);
  const weight = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const o = i * F;
    for (let j = 0; j < F; j++) data[o + j] = rng.normal();
    data[o + 4] = Math.floor(data[o + 4]! * 4) / 4;
    if (rng.uniform() < 0.15) data[o + 5] = NaN;
    const x5 = data[o + 5]!;
    const s = data[o]! - 0.8 * data[o + 1]! + 0.8 * data[o + 2]! * data[o + 3]! + (data[o + 4]! > 0.5 ? 0.6 : 0) + (Number.isNaN(x5) ? 0.8 : 0.4 * x5);
    if (kind === 'binary') {
      const u = rng.uniform();
      y[i] = s + (detLog(u) - detLog(1 - u)) > 0 ? 1 : 0;
    } else if (kind === 'regression') {
      y[i] = s + 0.5 * rng.normal();
    } else {
      y[i] = data[o]! + 0.5 * rng.normal() > 0 ? 1 : 0;
      if (data[o]! > 0.7) data[o] = NaN;
    }
    weight[i] = data[o + 6]! > 0 ? 3 : 1;
  }
  return { X: { rows, cols: F, data }, y, weight };
}

/** Rows [from, to) of a dataset. */
export function sliceRows(d: Dataset, from: number, to: number): Dataset {
  const F = d.X.cols;
  return { X: { rows: to - from, cols: F, data: d.X.data.slice(from * F, to * F) }, y: d.y.slice(from, to), weight: d.weight.slice(from, to) };
}

/** Sequential (left-to-right) sums used as checksums against the Python generator. */
export function checksums(d: Dataset): { xSum: number; nanCount: number; ySum: number } {
  let xSum = 0, nanCount = 0, ySum = 0;
  for (const v of d.X.data) {
    if (Number.isNaN(v)) nanCount++;
    else xSum += v;
  }
  for (const v of d.y) ySum += v;
  return { xSum, nanCount, ySum };
}
