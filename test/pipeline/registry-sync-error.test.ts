/** A registry over a database without the alpha_v4 schema fails with a StoreError, never the driver's raw error. */
import { expect, it } from 'vitest';
import { createModelRegistry } from '../../src/pipeline/registry.js';
import { StoreError } from '../../src/store/errors.js';
import { createPgliteStore } from '../../src/store/index.node.js';

it('a sync against an unmigrated database is StoreError STORE_READ naming the registry and the table', async () => {
  const store = await createPgliteStore(); // not migrated: alpha_v4.models does not exist
  try {
    const registry = createModelRegistry(store);
    const error = await registry.serve({ symbol: 'BTC', timeframe: '15m' }, () => ({ rows: 1, cols: 0, data: new Float64Array(0) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_READ', sqlState: '42P01' });
    expect((error as Error).message).toMatch(/^model registry sync \(alpha_v4\.models\): .*alpha_v4\.models/);
  } finally {
    await store.close();
  }
}, 120_000);
