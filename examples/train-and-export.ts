/**
 * Train and export: a gradient-boosted tree model trained in TypeScript, written as XGBoost JSON, LightGBM text,
 * our checksummed binary and ONNX, then read back. XGBoost JSON and our binary predict exactly what the original
 * predicts; LightGBM text makes the same decisions and adds the leaves in double precision as LightGBM does, where
 * XGBoost-semantics trees add them in float32, so its margins agree to float32 precision (docs/models.md). The
 * XGBoost JSON loads in Python with `xgb.Booster(model_file=...)`, the ONNX file in onnxruntime.
 *
 *   npx tsx examples/train-and-export.ts
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  computeFeatures,
  fixedHorizonLabels,
  loadLightGBMModel,
  loadXGBoostModel,
  modelFromBinary,
  modelToBinary,
  simulateMarket,
  toLightGBMText,
  toONNX,
  toXGBoostJSON,
  trainGBDT,
  type Matrix,
} from '../src/index.js';

const btc = simulateMarket({ symbols: ['BTC'], candles: 96 * 30, seed: 5 }).candles.BTC!;
const names = ['log_return_1', 'rsi_14', 'natr_14', 'bbands_percent_b_20', 'adx_14'];
const frame = computeFeatures(btc, { features: names });
const { label } = fixedHorizonLabels(btc.close, { horizon: 1 });
const rows = Array.from(label.keys()).filter((i) => !Number.isNaN(label[i]!) && frame.columns.every((c) => !Number.isNaN(c[i]!)));
const X: Matrix = { rows: rows.length, cols: names.length, data: Float64Array.from(rows.flatMap((i) => frame.columns.map((c) => c[i]!))) };
const model = trainGBDT(X, rows.map((i) => label[i]!), { maxDepth: 4, nEstimators: 50, learningRate: 0.1, featureNames: names });

const dir = mkdtempSync(join(tmpdir(), 'alpha-v4-export-'));
const xgb = toXGBoostJSON(model);
const lgb = toLightGBMText(model);
const bin = modelToBinary(model);
const onnx = toONNX(model.toData());
writeFileSync(join(dir, 'model.json'), xgb);
writeFileSync(join(dir, 'model.txt'), lgb);
writeFileSync(join(dir, 'model.bin'), bin);
writeFileSync(join(dir, 'model.onnx'), onnx);

const p = model.predictProba(X);
const maxDiff = (q: Float64Array) => q.reduce((m, v, i) => Math.max(m, Math.abs(v - p[i]!)), 0);
console.log(`trained ${model.numTrees} trees on ${X.rows} rows; files in ${dir}`);
console.log(`XGBoost JSON (${xgb.length} chars) read back: max |difference| ${maxDiff(loadXGBoostModel(xgb).predictProba(X))}`);
console.log(`LightGBM text (${lgb.length} chars) read back: max |difference| ${maxDiff(loadLightGBMModel(lgb).predictProba(X))}`);
console.log(`our binary (${bin.length} bytes) read back: max |difference| ${maxDiff(modelFromBinary(bin).predictProba(X))}`);
console.log(`ONNX (${onnx.length} bytes): input "X" float32 [N, ${names.length}], run it with onnxruntime (createONNXModel)`);
