/**
 * The ensemble artifact: a round trip gives the same bytes and the same predictions (trees, an MLP, and an ONNX
 * member run by onnxruntime-node); the header holds the feature names, members, combination, calibrator, training
 * window, report and library version (package.json's).
 */
import { readFileSync } from 'node:fs';
import * as ortNode from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENSEMBLE_BINARY_MAGIC, LIBRARY_VERSION } from '../../../src/ensemble/artifact/format.js';
import { ensembleFromBinary, ensembleInfo } from '../../../src/ensemble/artifact/read.js';
import { ensembleToBinary } from '../../../src/ensemble/artifact/write.js';
import { Ensemble } from '../../../src/ensemble/ensemble.js';
import { trainMLP } from '../../../src/ensemble/mlp/train.js';
import { mlpMember, onnxMember } from '../../../src/ensemble/model.js';
import { toONNX } from '../../../src/ensemble/onnx/to-onnx.js';
import { takeRows } from '../../../src/ensemble/training/dataset.js';
import { trainEnsemble, type TrainedEnsemble } from '../../../src/ensemble/training/train.js';
import { marketDataset, SMALL_TREES } from './data.js';

const data = marketDataset(1600, 7, 0.3);
const rows = takeRows(data.X, Int32Array.from({ length: 40 }, (_, i) => 1500 + i));

describe('ensemble artifact', () => {
  let trained: TrainedEnsemble;
  beforeAll(() => {
    trained = trainEnsemble(data, { members: SMALL_TREES, seed: 2 });
  });

  it('round-trips a trained ensemble bit for bit, with the same predictions', async () => {
    const bytes = ensembleToBinary(trained.ensemble);
    const back = await ensembleFromBinary(bytes, { featureNames: data.featureNames });
    expect(ensembleToBinary(back)).toEqual(bytes);
    const [a, b] = [await trained.ensemble.predict(rows), await back.predict(rows)];
    expect(b.raw).toEqual(a.raw);
    expect(b.calibrated).toEqual(a.calibrated);
    expect(b.members.map((m) => m.probability)).toEqual(a.members.map((m) => m.probability));
    expect([back.combination, back.calibrator!.toJSON(), back.window, back.report, back.minShare]).toEqual([
      trained.ensemble.combination,
      trained.ensemble.calibrator!.toJSON(),
      trained.ensemble.window,
      trained.report,
      0.5,
    ]);
  });

  it('keeps an MLP and an ONNX member (run by onnxruntime-node) with the trees', async () => {
    const names = data.featureNames;
    const labeled = Int32Array.from({ length: 1500 }, (_, i) => i).filter((i) => !Number.isNaN(data.t1[i]!));
    const mlp = trainMLP(takeRows(data.X, labeled), Float64Array.from(labeled, (r) => data.y[r]!), {
      hiddenLayers: [8],
      epochs: 5,
      batchSize: 256,
      featureNames: names,
    });
    const onnx = await onnxMember(toONNX(mlp), { name: 'mlp-onnx', runtime: ortNode });
    const members = [...trained.ensemble.members, mlpMember(mlp, { name: 'mlp' }), onnx];
    const ensemble = new Ensemble(members, { featureNames: names, combination: { method: 'weights', weights: [0.3, 0.3, 0.2, 0.2] }, calibrator: trained.ensemble.calibrator! });
    const bytes = ensembleToBinary(ensemble);
    const back = await ensembleFromBinary(bytes, { featureNames: names, onnx: { runtime: ortNode } });
    expect(back.members.map((m) => [m.name, m.kind])).toEqual([['xgboost', 'gbdt-depthwise'], ['lightgbm', 'gbdt-leafwise'], ['mlp', 'mlp'], ['mlp-onnx', 'onnx']]);
    expect(ensembleToBinary(back)).toEqual(bytes);
    const [a, b] = [await ensemble.predict(rows), await back.predict(rows)];
    expect(b.calibrated).toEqual(a.calibrated);
    a.members[3]!.probability!.forEach((p, i) => expect(Math.abs(p - a.members[2]!.probability![i]!)).toBeLessThan(1e-6));
    await Promise.all([ensemble.release(), back.release()]);
  });

  it('has a header that says what is inside, readable without loading the members', () => {
    const bytes = ensembleToBinary(trained.ensemble);
    expect(new DataView(bytes.buffer).getUint32(0, true)).toBe(ENSEMBLE_BINARY_MAGIC);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('AV4E');
    const info = ensembleInfo(bytes);
    expect(info.featureNames).toEqual(data.featureNames);
    expect(info.members.map((m) => [m.name, m.kind])).toEqual([['xgboost', 'gbdt-depthwise'], ['lightgbm', 'gbdt-leafwise']]);
    expect(info.calibrator).toEqual(trained.ensemble.calibrator!.toJSON());
    expect(info.window).toEqual({ first: data.time![0], last: data.time![1598] });
    expect(info.report!.members.map((m) => m.name)).toEqual(['xgboost', 'lightgbm']);
    expect(info.library).toBe(LIBRARY_VERSION);
  });

  it("records package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(LIBRARY_VERSION).toBe(pkg.version);
  });

  it('accepts the bytes as a view into a larger buffer', async () => {
    const bytes = ensembleToBinary(trained.ensemble);
    const big = new Uint8Array(bytes.length + 10);
    big.set(bytes, 7);
    const back = await ensembleFromBinary(big.subarray(7, 7 + bytes.length), { featureNames: data.featureNames });
    expect((await back.predict(rows)).raw).toEqual((await trained.ensemble.predict(rows)).raw);
  });
});
