import { describeValue } from '../core/describe.js';
import { AlphaError } from '../core/errors.js';

/**
 * A store operation failed. `code` says which kind of failure; `cause` carries the driver's error (with its
 * SQLSTATE in `sqlState` when the database raised it). A failed write never leaves a partial result behind: every
 * write runs in one transaction that is rolled back on error.
 *
 * Codes: `STORE_MIGRATION` (a migration failed or its recorded checksum differs), `STORE_WRITE` (a write was
 * rejected or its connection died), `STORE_READ`, `STORE_NOT_FOUND` (no such model version), `STORE_CONFIG` (bad
 * store options), `STORE_BACKUP` (a backup is missing, incomplete or inconsistent), `STORE_UNSUPPORTED` (the
 * engine lacks what the call needs), `STORE_CLOSED` (the store was closed), `STORE_CONFLICT` (the write would move
 * stored data backwards, e.g. a feature-stream state older than the stored one: reload instead of retrying).
 *
 * @example
 * ```ts
 * try { await store.activateModel('BTC', '15m', 42) }
 * catch (e) { if (e instanceof StoreError && e.code === 'STORE_NOT_FOUND') console.log(e.message) }
 * ```
 */
export class StoreError extends AlphaError {
  /** The SQLSTATE of the database error behind this one, when there is one (e.g. `'23514'` for a CHECK). */
  readonly sqlState: string | undefined;

  constructor(code: StoreErrorCode, message: string, options: { cause?: unknown; sqlState?: string } = {}) {
    super(code, message);
    this.sqlState = options.sqlState ?? sqlStateOf(options.cause);
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** The codes a {@link StoreError} can carry. */
export type StoreErrorCode =
  | 'STORE_MIGRATION'
  | 'STORE_WRITE'
  | 'STORE_READ'
  | 'STORE_NOT_FOUND'
  | 'STORE_CONFIG'
  | 'STORE_BACKUP'
  | 'STORE_UNSUPPORTED'
  | 'STORE_CLOSED'
  | 'STORE_CONFLICT';

/**
 * The SQLSTATE of a node-postgres or PGlite error, if any.
 *
 * @example
 * ```ts
 * sqlStateOf({ code: '23514', message: 'violates check constraint' }) // => '23514'
 * sqlStateOf(new Error('boom'))                                        // => undefined
 * ```
 */
export function sqlStateOf(error: unknown): string | undefined {
  if (error !== null && typeof error === 'object' && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Wraps a driver error in a {@link StoreError} whose message is prefixed by `what` (a StoreError passes through
 * unchanged; a thrown non-Error is described, never printed in bulk).
 *
 * @example
 * ```ts
 * storeError('STORE_READ', 'readMetrics', new Error('timeout')).message // => 'readMetrics: timeout'
 * ```
 */
export function storeError(code: StoreErrorCode, what: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const message = error instanceof Error ? error.message : `threw ${describeValue(error)}`;
  return new StoreError(code, `${what}: ${message}`, { cause: error });
}
