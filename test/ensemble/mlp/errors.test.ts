/**
 * Every bad input gives a typed error naming what and where, one test each: shapes, labels, empty and single-class
 * data, parameters (unknown names through checkOptions, values out of range), feature names.
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../src/core/errors.js';
import type { Matrix } from '../../../src/core/types.js';
import { FeatureMismatchError, UnsupportedModelError } from '../../../src/ensemble/errors.js';
import { MLPModel } from '../../../src/ensemble/mlp/model.js';
import { resolveMLPParams, type MLPParams } from '../../../src/ensemble/mlp/params.js';
import { trainMLP } from '../../../src/ensemble/mlp/train.js';
import { plantedRule, randomNetwork } from './data.js';

const { X, y } = plantedRule(200, 3, 1);
const QUICK: MLPParams = { hiddenLayers: [4], epochs: 1 };

function invalid(run: () => unknown, parameter: string, message?: RegExp): InvalidParameterError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidParameterError);
    const err = e as InvalidParameterError;
    expect(err.code).toBe('INVALID_PARAMETER');
    expect(err.parameter).toBe(parameter);
    if (message) expect(err.message).toMatch(message);
    return err;
  }
  throw new Error(`expected InvalidParameterError for ${parameter}`);
}

describe('bad data', () => {
  it('predicting a matrix of another width: FeatureMismatchError', () => {
    const model = new MLPModel(randomNetwork([3, 4, 1], 1));
    const err = (() => {
      try {
        model.predictProba({ rows: 1, cols: 2, data: new Float64Array(2) });
      } catch (e) {
        return e as FeatureMismatchError;
      }
    })();
    expect(err).toBeInstanceOf(FeatureMismatchError);
    expect([err!.expected, err!.actual, err!.code]).toEqual([3, 2, 'FEATURE_MISMATCH']);
  });

  it('an evalSet of another width: FeatureMismatchError', () => {
    expect(() => trainMLP(X, y, { ...QUICK, evalSet: { X: { rows: 1, cols: 4, data: new Float64Array(4) }, y: [1] } })).toThrow(FeatureMismatchError);
  });

  it('data of the wrong length', () => invalid(() => trainMLP({ rows: 2, cols: 3, data: new Float64Array(5) }, [0, 1]), 'X', /5 value/));
  it('something that is not a Matrix', () => invalid(() => trainMLP({ rows: 1, cols: 1, data: [1] } as unknown as Matrix, [1]), 'X'));
  it('a NaN label', () => expect(invalid(() => trainMLP(X, Float64Array.from(y, (v, i) => (i === 17 ? NaN : v))), 'y').index).toBe(17));
  it('a label other than 0 or 1', () => expect(invalid(() => trainMLP(X, Float64Array.from(y, (v, i) => (i === 3 ? 2 : v))), 'y', /0 or 1/).value).toBe(2));
  it('labels of another length', () => invalid(() => trainMLP(X, y.subarray(1)), 'y', /199 label/));
  it('an empty set (no rows)', () => invalid(() => trainMLP({ rows: 0, cols: 3, data: new Float64Array(0) }, []), 'X', /empty/));
  it('no columns', () => invalid(() => trainMLP({ rows: 2, cols: 0, data: new Float64Array(0) }, [0, 1]), 'X', /empty/));
  it('a single class', () => invalid(() => trainMLP(X, new Float64Array(200).fill(1)), 'y', /single class/));
  it('a single class among the training rows (the other only in the validation tail)', () => {
    const labels = new Float64Array(200);
    labels.fill(1, 190);
    invalid(() => trainMLP(X, labels, { ...QUICK, validationFraction: 0.1 }), 'y', /training rows/);
  });
  it('a constant regression target', () => invalid(() => trainMLP(X, new Float64Array(200).fill(3), { objective: 'regression' }), 'y', /constant/));
  it('feature names of the wrong length', () => invalid(() => trainMLP(X, y, { ...QUICK, featureNames: ['a'] }), 'params.featureNames'));
  it('a value that scales beyond the float32 range (it would turn the sums into NaN)', () => {
    const model = new MLPModel(randomNetwork([3, 4, 1], 1));
    const err = invalid(() => model.predictProba({ rows: 2, cols: 3, data: Float64Array.of(0, 0, 0, 1, 1e300, 1) }), 'X', /row 1, column 1/);
    expect(err.index).toBe(4);
  });
  it('probabilities asked of a regression model', () => {
    expect(() => new MLPModel(randomNetwork([3, 1], 2, 'regression')).predictProba(X)).toThrow(UnsupportedModelError);
  });
});

describe('bad parameters', () => {
  it('an unknown name (checkOptions lists the known ones)', () => invalid(() => resolveMLPParams({ hiden: [3] } as MLPParams), 'params.hiden', /unknown option \(known: objective, hiddenLayers/));
  it('params that are not an object', () => invalid(() => trainMLP(X, y, 5 as unknown as MLPParams), 'params'));
  it.each([
    ['objective', 'multiclass'],
    ['hiddenLayers', [8, 0]],
    ['hiddenLayers', 16],
    ['dropout', 1],
    ['dropout', -0.1],
    ['learningRate', 0],
    ['learningRate', Infinity],
    ['beta1', 1],
    ['beta2', -1],
    ['epsilon', 0],
    ['weightDecay', -1],
    ['batchSize', 0],
    ['batchSize', 2.5],
    ['epochs', 0],
    ['patience', 0],
    ['validationFraction', 1],
    ['seed', 0.5],
    ['shards', 0],
    ['gemm', 'gpu'],
    ['onProgress', 'log'],
    ['evalSet', 3],
    ['learningRate', '0.1'],
  ])('%s = %j is out of range', (name, value) => {
    invalid(() => trainMLP(X, y, { [name]: value } as MLPParams), `params.${name}`);
  });
  it('a learning rate that makes training diverge', () => invalid(() => trainMLP(X, y, { hiddenLayers: [32], epochs: 5, learningRate: 1e30 }), 'params.learningRate', /diverged/));
});
