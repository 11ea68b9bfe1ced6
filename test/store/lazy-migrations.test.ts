/**
 * A store reads its migrations only when it migrates: the Node factories pass `loadMigrations` uncalled, so a store
 * opened where supabase/migrations cannot be read (an Edge Function without file access) still works.
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { checkStoreOptions } from '../../src/store/create-store.js';
import { createPgliteStore, loadMigrations } from '../../src/store/index.node.js';

describe('migrations are loaded lazily', () => {
  it('a function of migrations is called by migrate only, once per call', async () => {
    let calls = 0;
    const store = await createPgliteStore(undefined, { migrations: () => (calls++, loadMigrations()) });
    try {
      expect(calls).toBe(0);
      const first = await store.migrate();
      expect(calls).toBe(1);
      expect(first.applied).toEqual(loadMigrations().map((m) => m.version));
      expect((await store.migrate()).applied).toEqual([]);
      expect(calls).toBe(2);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('migrations that are neither an array nor a function are refused before anything opens', () => {
    expect(() => checkStoreOptions({ migrations: 'supabase/migrations' })).toThrow(InvalidParameterError);
    expect(() => checkStoreOptions({ migrations: 'supabase/migrations' })).toThrow(/options\.migrations: expected an array of migrations or a function giving them, got/);
  });
});
