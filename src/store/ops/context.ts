/**
 * What every store operation runs on: the driver, and a transaction runner that refuses work once the store is
 * closed and wraps driver failures in a {@link StoreError} naming the operation.
 */
import type { PoolName, SqlSession, StoreDriver } from '../drivers/driver.js';
import { StoreError, storeError } from '../errors.js';

/**
 * Which pool each operation uses (Supabase's split; one pool elsewhere).
 *
 * @example
 * ```ts
 * OPERATION_POOLS.writePredictions // => 'inference'
 * ```
 */
export const OPERATION_POOLS = {
  migrate: 'monitoring',
  capabilities: 'monitoring',
  readCandles: 'features',
  upsertFeatures: 'features',
  writeCandles: 'features',
  saveFeatureState: 'features',
  loadFeatureState: 'features',
  readFeatures: 'training',
  saveModelVersion: 'training',
  activateModel: 'training',
  listModelVersions: 'training',
  loadActiveModel: 'inference',
  loadPreviousModel: 'inference',
  writePredictions: 'inference',
  recordModelEvent: 'inference',
  resolvePredictions: 'monitoring',
  refreshViews: 'monitoring',
  retention: 'monitoring',
  readMetrics: 'monitoring',
  readModelEvents: 'monitoring',
  enqueueWork: 'monitoring',
  runNextWork: 'inference',
  runJob: 'monitoring',
  runDueJobs: 'monitoring',
  backup: 'monitoring',
} as const satisfies Record<string, PoolName>;

/** The operations' view of a store: its driver and its transaction runner. */
export interface StoreContext {
  readonly driver: StoreDriver;
  /**
   * Runs `fn` in one transaction on `pool`. Rejects with `STORE_CLOSED` once the store is closed; any other failure
   * becomes a {@link StoreError} with `code` and the message prefixed by `what` (a StoreError passes through).
   */
  run<T>(pool: PoolName, what: string, code: 'STORE_WRITE' | 'STORE_READ', fn: (s: SqlSession) => Promise<T>): Promise<T>;
  /** Throws `STORE_CLOSED` (naming `what`) when the store is closed. */
  assertOpen(what: string): void;
  /** Closes the store: later operations fail with `STORE_CLOSED`; the driver is destroyed once. */
  close(): Promise<void>;
}

/**
 * The context of a store over `driver`.
 *
 * @example
 * ```ts
 * const ctx = storeContext(driver)
 * await ctx.run('monitoring', 'ping', 'STORE_READ', (s) => s.query('SELECT 1'))
 * await ctx.close()
 * ```
 */
export function storeContext(driver: StoreDriver): StoreContext {
  let closed = false;
  const closedError = (what: string) => new StoreError('STORE_CLOSED', `${what}: the store is closed`);
  return {
    driver,
    run(pool, what, code, fn) {
      if (closed) return Promise.reject(closedError(what));
      return driver.transaction(pool, fn).catch((e: unknown) => {
        throw storeError(code, what, e);
      });
    },
    assertOpen(what) {
      if (closed) throw closedError(what);
    },
    async close() {
      if (closed) return;
      closed = true;
      await driver.destroy();
    },
  };
}
