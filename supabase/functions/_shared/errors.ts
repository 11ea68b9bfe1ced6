/**
 * The Edge Functions' own failures, as `AlphaError`s with a stable code: a deployment setting that is missing or
 * wrong, an invocation past its time budget, or a handler option that is no market of the pipeline.
 */
import { AlphaError } from '@alpha-v4/core/core';

/** The codes an {@link EdgeFunctionError} carries. */
export type EdgeFunctionErrorCode =
  /** An environment variable is missing or malformed (answered 500). */
  | 'EDGE_CONFIG'
  /** The invocation's time budget ran out (answered 503 `timeout`; nothing written). */
  | 'BUDGET_EXCEEDED';

/**
 * A failure of the Edge Function layer (not of the pipeline): `code` says which.
 *
 * @example
 * ```ts
 * new EdgeFunctionError('EDGE_CONFIG', 'SUPABASE_DB_URL is not set').code // => 'EDGE_CONFIG'
 * ```
 */
export class EdgeFunctionError extends AlphaError {
  constructor(code: EdgeFunctionErrorCode, message: string) {
    super(code, message);
  }
}
