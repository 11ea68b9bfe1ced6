/**
 * A feature stream's state restores whatever the key order of its objects: PostgreSQL's `jsonb` (where the pipeline
 * keeps stream states) gives objects back with their keys reordered.
 */
import { describe, expect, it } from 'vitest';
import { simulateMarket } from '../../src/core/simulator.js';
import { candleAt } from '../../src/core/candles.js';
import { computeFeatures, createFeatureStream, FEATURES, restoreFeatureStream } from '../../src/features/index.js';

/** The value with every object's keys in reverse order (as a jsonb round trip may give them). */
function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.keys(v).reverse().map((k) => [k, reversedKeys((v as Record<string, unknown>)[k])]));
  return v;
}

describe('feature stream state and key order', () => {
  it('restores a state whose object keys were reordered, and goes on bit-identical to batch', () => {
    const btc = simulateMarket({ symbols: ['BTC'], candles: 400, seed: 3 }).candles.BTC!;
    const names = FEATURES.filter((f) => !f.name.startsWith('syn_') && f.lookback < 200).map((f) => f.name);
    const stream = createFeatureStream({ features: names });
    for (let i = 0; i < 300; i++) stream.next(candleAt(btc, i));
    const json = JSON.parse(JSON.stringify(stream.toJSON())) as unknown;
    expect(JSON.stringify(reversedKeys(json))).not.toBe(JSON.stringify(json));
    const resumed = restoreFeatureStream(reversedKeys(json) as never);
    const batch = computeFeatures(btc, { features: names });
    for (let i = 300; i < 400; i++) {
      const row = resumed.next(candleAt(btc, i));
      names.forEach((name, j) => expect(Object.is(row[j], batch.column(name)[i])).toBe(true));
    }
  });
});
