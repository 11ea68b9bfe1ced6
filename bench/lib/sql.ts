import type { AlphaStore } from '../../src/store/index.js';

/** The rows of one statement run on the store's monitoring pool, in a transaction of its own. */
export async function storeRows<T extends Record<string, unknown> = Record<string, unknown>>(store: AlphaStore, text: string, params: unknown[] = []): Promise<T[]> {
  return store.driver.transaction('monitoring', async (s) => (await s.query<T>(text, params)).rows);
}
