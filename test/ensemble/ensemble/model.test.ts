/**
 * The Model adapters: every kind of member (our GBDT of both policies, loaded XGBoost and LightGBM models, the MLP)
 * predicts through one asynchronous interface exactly what the model predicts, with its kind and feature names;
 * loaded models keep their kind through the artifact.
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../src/core/errors.js';
import { ensembleFromBinary } from '../../../src/ensemble/artifact/read.js';
import { ensembleToBinary } from '../../../src/ensemble/artifact/write.js';
import { Ensemble } from '../../../src/ensemble/ensemble.js';
import { FeatureMismatchError } from '../../../src/ensemble/errors.js';
import { toLightGBMText } from '../../../src/ensemble/gbdt/io/lightgbm-export.js';
import { loadLightGBMModel } from '../../../src/ensemble/gbdt/io/lightgbm.js';
import { toXGBoostJSON } from '../../../src/ensemble/gbdt/io/xgboost-export.js';
import { loadXGBoostModel } from '../../../src/ensemble/gbdt/io/xgboost.js';
import { trainGBDT } from '../../../src/ensemble/gbdt/train/boost.js';
import { trainMLP } from '../../../src/ensemble/mlp/train.js';
import { mlpMember, treeKind, treeMember } from '../../../src/ensemble/model.js';
import { makeDataset } from '../../support/train-data.js';

const { X, y } = makeDataset('binary', 4, 600);
const names = Array.from({ length: X.cols }, (_, j) => `x${j}`);
const depthwise = trainGBDT(X, y, { nEstimators: 10, maxDepth: 3, featureNames: names });
const leafwise = trainGBDT(X, y, { nEstimators: 10, growPolicy: 'leafwise', numLeaves: 6, featureNames: names });
const xgboost = loadXGBoostModel(toXGBoostJSON(depthwise));
const lightgbm = loadLightGBMModel(toLightGBMText(leafwise));

describe('Model adapters', () => {
  it('give each tree model its kind', () => {
    expect([depthwise, leafwise, xgboost, lightgbm].map(treeKind)).toEqual(['gbdt-depthwise', 'gbdt-leafwise', 'xgboost', 'lightgbm']);
  });

  it('predict asynchronously what the model predicts', async () => {
    for (const model of [depthwise, leafwise, xgboost, lightgbm]) {
      const m = treeMember(model, { name: 'm', featureNames: names });
      expect([m.nFeatures, m.featureNames]).toEqual([8, names]);
      expect(await m.predictProba(X)).toEqual(model.predictProba(X));
    }
    const mlp = trainMLP(X, y, { hiddenLayers: [4], epochs: 2, featureNames: names });
    const m = mlpMember(mlp, { name: 'mlp' });
    expect([m.kind, m.featureNames]).toEqual(['mlp', names]);
    expect(await m.predictProba(X)).toEqual(mlp.predictProba(X));
  });

  it('keep loaded XGBoost and LightGBM models as such through the artifact', async () => {
    const members = [treeMember(xgboost, { name: 'xgb', featureNames: names }), treeMember(lightgbm, { name: 'lgb', featureNames: names })];
    const ensemble = new Ensemble(members, { featureNames: names, combination: { method: 'stacking', intercept: 0.1, coefficients: [0.7, 0.4] } });
    const back = await ensembleFromBinary(ensembleToBinary(ensemble), { featureNames: names });
    expect(back.members.map((m) => [m.name, m.kind])).toEqual([['xgb', 'xgboost'], ['lgb', 'lightgbm']]);
    expect((await back.predict(X)).raw).toEqual((await ensemble.predict(X)).raw);
  });

  it('check the names they are given against the model\'s own, and need a name', () => {
    expect(() => treeMember(depthwise, { name: 'm', featureNames: [...names].reverse() })).toThrow(FeatureMismatchError);
    expect(() => treeMember(depthwise, { name: '' })).toThrow(InvalidParameterError);
    const unnamed = trainGBDT(X, y, { nEstimators: 2 });
    expect(() => treeMember(unnamed, { name: 'm', featureNames: names.slice(1) })).toThrow(InvalidParameterError);
    expect(treeMember(unnamed, { name: 'm' }).featureNames).toBeUndefined();
  });
});
