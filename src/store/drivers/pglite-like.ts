/**
 * The part of PGlite the store uses, typed structurally so that no `@electric-sql/pglite` type leaks into the
 * store's API (PGlite is an optional peer).
 */

/**
 * The subset of a PGlite instance the store uses.
 *
 * @example
 * ```ts
 * const pglite: PGliteLike = new PGlite() as unknown as PGliteLike
 * ```
 */
export interface PGliteLike {
  query<T>(query: string, params?: unknown[], options?: { blob?: Blob; rowMode?: 'object' | 'array' }): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(query: string): Promise<unknown>;
  transaction<T>(callback: (tx: PGliteTxLike) => Promise<T>): Promise<T>;
  listen(channel: string, callback: (payload: string) => void): Promise<(() => Promise<void>) | (() => void)>;
  close(): Promise<void>;
  readonly closed: boolean;
  readonly ready: boolean;
  readonly waitReady: Promise<void>;
}

/** A PGlite transaction as the store uses it (the argument of {@link PGliteLike.transaction}'s callback). */
export interface PGliteTxLike {
  query<T>(query: string, params?: unknown[], options?: { blob?: Blob; rowMode?: 'object' | 'array' }): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(query: string): Promise<unknown>;
}
