/**
 * The HTTP answer to each failure: the status table of the prediction functions, and their JSON responses.
 */
import { AlphaError } from '@alpha-v4/core/core';

/**
 * The HTTP status of each error code an invocation can meet. 4xx: retrying the same call cannot help until the
 * request or the data changes; 5xx: the service could not answer now (retry later).
 *
 * | code | status | meaning |
 * | --- | --- | --- |
 * | `INVALID_PARAMETER` | 400 | a value the pipeline refused (after zod) |
 * | `UNKNOWN_MARKET` | 404 | the market is not one the pipeline serves |
 * | `NO_ACTIVE_MODEL` | 404 | the market has no active model |
 * | `STALE_CANDLES` | 409 | the latest closed candle is more than 2 intervals old at `now` |
 * | `MISSING_FEATURES` | 409 | a feature the model needs is NaN on the latest candle (too little history) |
 * | `FEATURE_MISMATCH` | 409 | the model's features are not the feature store's |
 * | `MODEL_UNAVAILABLE` | 503 | the active model failed and no previous version could serve |
 * | `BUDGET_EXCEEDED` | 503 | the time budget ran out (answered as `timeout`; nothing written) |
 * | `STORE_READ`, `STORE_WRITE`, `STORE_CLOSED` | 503 | the database failed or went away (nothing written) |
 * | `DATABASE_UNAVAILABLE` | 503 | the database cannot be reached (a network error, SQLSTATE class 08, 53300, 57P01-03) |
 * | `EDGE_CONFIG`, `STORE_CONFIG`, `STORE_UNSUPPORTED` | 500 | the deployment is misconfigured |
 * | anything else | 500 | an unexpected failure |
 *
 * Answered before these: 405 for a method other than POST, 401 for a caller without credentials, 400 for a body
 * zod refuses.
 */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = Object.freeze({
  INVALID_PARAMETER: 400,
  UNKNOWN_MARKET: 404,
  NO_ACTIVE_MODEL: 404,
  STALE_CANDLES: 409,
  MISSING_FEATURES: 409,
  FEATURE_MISMATCH: 409,
  MODEL_UNAVAILABLE: 503,
  BUDGET_EXCEEDED: 503,
  STORE_READ: 503,
  STORE_WRITE: 503,
  STORE_CLOSED: 503,
  DATABASE_UNAVAILABLE: 503,
  EDGE_CONFIG: 500,
  STORE_CONFIG: 500,
  STORE_UNSUPPORTED: 500,
});

/** One failure as the response names it: its code, HTTP status and message. */
export interface Failure {
  readonly error: string;
  readonly status: number;
  readonly reason: string;
}

/**
 * The codes of a database that cannot be reached: Node's network errors, and the SQLSTATEs of a connection
 * exception (class 08), too many connections (53300) and a server shutting down (57P01-57P03).
 */
const UNREACHABLE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|08[0-9A-Z]{3}|53300|57P0[123])$/;

/** The `code` of a thrown value, or of its cause (a driver error wrapped by the store). */
function driverCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNREACHABLE.test(code)) return code;
  }
  return undefined;
}

/**
 * The code, status ({@link STATUS_BY_CODE}) and message of any thrown value: a database that cannot be reached as
 * `DATABASE_UNAVAILABLE` (503, whichever layer threw), an `AlphaError` by its code, anything else as `internal` (500).
 *
 * @example
 * ```ts
 * failureOf(new PipelineError('NO_ACTIVE_MODEL', 'ETH 15m has no active model')) // => { error: 'NO_ACTIVE_MODEL', status: 404, reason: 'ETH 15m has no active model' }
 * failureOf(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })).status // => 503
 * ```
 */
export function failureOf(error: unknown): Failure {
  const reason = error instanceof Error ? error.message : String(error);
  if (driverCode(error) !== undefined) return { error: 'DATABASE_UNAVAILABLE', status: 503, reason };
  if (error instanceof AlphaError) return { error: error.code, status: STATUS_BY_CODE[error.code] ?? 500, reason };
  return { error: 'internal', status: 500, reason };
}

/**
 * A JSON response (`application/json; charset=utf-8`, not cached).
 *
 * @example
 * ```ts
 * json(401, { error: 'unauthorized', reason: 'no Authorization header' }).status // => 401
 * ```
 */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers } });
}
