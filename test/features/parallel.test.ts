/**
 * Parallel feature computation runs the built package (dist/), because worker threads load the built worker
 * file: `npm test` builds before running the suite.
 */
import { describe, expect, it } from 'vitest';
import * as api from '@alpha-v4/core';
import * as par from '@alpha-v4/core/node';
import type { Candles, FeatureFrame } from '@alpha-v4/core';

describe('computeFeaturesParallel', () => {
  const sim = api.simulateMarket({ candles: 2000, seed: 8 });
  const bySymbol = sim.candles as Record<string, Candles>;

  it('equals sequential computation bit for bit on 2 workers', async () => {
    const frames = await par.computeFeaturesParallel(bySymbol, { workers: 2 });
    expect(Object.keys(frames)).toEqual(['BTC', 'ETH', 'SOL']);
    for (const s of sim.symbols) {
      const seq = api.computeFeatures(bySymbol[s]!);
      const got: FeatureFrame = frames[s]!;
      expect(got.names).toEqual(seq.names);
      for (let j = 0; j < seq.names.length; j++) {
        const a = got.columns[j]!;
        const b = seq.columns[j]!;
        for (let i = 0; i < b.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`${s} ${seq.names[j]}[${i}]: ${a[i]} vs ${b[i]}`);
      }
    }
  });

  it('computes in this thread with workers: 0 and honours the feature selection', async () => {
    const frames = await par.computeFeaturesParallel(bySymbol, { workers: 0, features: ['rsi_14'] });
    expect(frames.BTC!.names).toEqual(['rsi_14']);
    expect(Array.from(frames.BTC!.column('rsi_14'))).toEqual(Array.from(api.rsi(bySymbol.BTC!.close, 14)));
  });

  it('reports a worker-side error as a typed FeatureWorkerError naming the symbol', async () => {
    await expect(par.computeFeaturesParallel(bySymbol, { workers: 1, features: ['no_such_feature'] })).rejects.toMatchObject({ code: 'FEATURE_WORKER', symbol: 'BTC' });
  });
});
