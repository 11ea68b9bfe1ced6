/**
 * trainMLPParallel: data-parallel training on worker threads is bit-for-bit reproducible for a fixed number of
 * threads, and equals single-threaded trainMLP with the same number of gradient shards (so the thread count itself
 * does not matter).
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../src/core/errors.js';
import { trainMLPParallel } from '../../../src/ensemble/mlp/parallel.node.js';
import { trainMLP } from '../../../src/ensemble/mlp/train.js';
import type { MLPParams } from '../../../src/ensemble/mlp/params.js';
import { allParameters, plantedRule } from './data.js';

const { X, y } = plantedRule(2000, 6, 21);
const params: MLPParams = { hiddenLayers: [16, 8], batchSize: 300, epochs: 4, dropout: 0.1, seed: 8 };

describe('trainMLPParallel', () => {
  it('on 2 threads gives the same weights bit for bit, run after run, and equals trainMLP with 2 shards', async () => {
    const a = await trainMLPParallel(X, y, params, { threads: 2 });
    const b = await trainMLPParallel(X, y, params, { threads: 2 });
    expect(allParameters(b.layers)).toEqual(allParameters(a.layers));
    expect(allParameters(trainMLP(X, y, { ...params, shards: 2 }).layers)).toEqual(allParameters(a.layers));
    expect(b.training!.history).toEqual(a.training!.history);
  });

  it('with 3 shards, 2 threads equal 1 thread (and trainMLP), for both kernels', async () => {
    const one = await trainMLPParallel(X, y, { ...params, shards: 3, gemm: 'typescript' }, { threads: 1 });
    const two = await trainMLPParallel(X, y, { ...params, shards: 3 }, { threads: 2 });
    expect(allParameters(two.layers)).toEqual(allParameters(one.layers));
    expect(allParameters(trainMLP(X, y, { ...params, shards: 3 }).layers)).toEqual(allParameters(one.layers));
  });

  it('rejects a bad thread count and bad parameters before starting workers', async () => {
    await expect(trainMLPParallel(X, y, params, { threads: 0 })).rejects.toThrow(InvalidParameterError);
    await expect(trainMLPParallel(X, y, { ...params, dropout: 2 }, { threads: 2 })).rejects.toThrow(/params.dropout/);
  });
});
