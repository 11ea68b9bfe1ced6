/**
 * Load a model trained by Python XGBoost and score with it in TypeScript: the probabilities are XGBoost's own, bit
 * for bit. The model and XGBoost's predictions come from test/fixtures/xgboost, written by the real XGBoost 1.7.4
 * (scripts/fixtures/*.py).
 *
 *   npx tsx examples/load-xgboost-model.ts
 */
import { readFileSync } from 'node:fs';
import { loadXGBoostModel } from '../src/index.js';

const dir = new URL('../test/fixtures/xgboost/', import.meta.url);
const model = loadXGBoostModel(readFileSync(new URL('binary_nan_d4_base03.model.json', dir), 'utf8')); // or the .ubj bytes
// One row per input, missing values written as the string 'NaN' (JSON has no NaN).
const data = JSON.parse(readFileSync(new URL('binary_nan_d4_base03.data.json', dir), 'utf8')) as { inputs: (number | 'NaN')[][]; pred: number[] };
const cols = data.inputs[0]!.length;
const X = { rows: data.inputs.length, cols, data: Float64Array.from(data.inputs.flat(), (v) => (v === 'NaN' ? Number.NaN : v)) };
const p = model.predictProba(X);
const identical = data.pred.filter((q, i) => Object.is(Math.fround(p[i]!), Math.fround(q))).length;
console.log(`${model.numTrees} trees, ${cols} features, ${X.rows} rows (some values missing)`);
console.log(`${identical} of ${X.rows} probabilities identical to XGBoost's own predict() (float32)`);
console.log(`first row: p(up) = ${p[0]}`);
