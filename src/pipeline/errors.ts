import { describeValue } from '../core/describe.js';
import { AlphaError } from '../core/errors.js';
import type { StoreTimeframe } from '../store/schema.js';

/**
 * The pipeline refused or failed: `code` says why, `symbol` and `timeframe` say for which market (when one is
 * concerned). A refused prediction writes nothing.
 *
 * Codes:
 * - `UNKNOWN_MARKET`: the symbol or timeframe is not one of the pipeline's markets;
 * - `NO_ACTIVE_MODEL`: the market has no active model;
 * - `STALE_CANDLES`: the latest candle is older than two intervals before `now`;
 * - `MISSING_FEATURES`: a feature the model needs is NaN on the latest candle;
 * - `FEATURE_MISMATCH`: the model's feature names are not features of the catalogue (the feature store);
 * - `MODEL_UNAVAILABLE`: the active model failed (load, checksum, exception, NaN) and no previous version can serve;
 * - `LEGACY_SOURCE`: the legacy predictions table (or a column of it) does not exist;
 * - `NO_RESOLVED_PREDICTIONS`: an evaluation was asked with no resolved prediction to evaluate.
 *
 * @example
 * ```ts
 * try { await predict({ store, symbol: 'BTC', timeframe: '15m' }) }
 * catch (e) { if (e instanceof PipelineError && e.code === 'STALE_CANDLES') console.log(e.message) }
 * ```
 */
export class PipelineError extends AlphaError {
  readonly symbol: string | undefined;
  readonly timeframe: string | undefined;

  constructor(code: PipelineErrorCode, message: string, options: { symbol?: string; timeframe?: string; cause?: unknown } = {}) {
    super(code, message);
    this.symbol = options.symbol;
    this.timeframe = options.timeframe;
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** The codes a {@link PipelineError} can carry. */
export type PipelineErrorCode =
  | 'UNKNOWN_MARKET'
  | 'NO_ACTIVE_MODEL'
  | 'STALE_CANDLES'
  | 'MISSING_FEATURES'
  | 'FEATURE_MISMATCH'
  | 'MODEL_UNAVAILABLE'
  | 'LEGACY_SOURCE'
  | 'NO_RESOLVED_PREDICTIONS';

/** A market that failed in a batch, and why (a `PipelineError` for a refusal, the error as thrown otherwise). */
export interface BatchFailure {
  readonly symbol: string;
  readonly timeframe: StoreTimeframe;
  readonly error: unknown;
}

/** The message of one failure. */
function reason(f: BatchFailure): string {
  const e = f.error;
  return `${f.symbol} ${f.timeframe}: ${e instanceof AlphaError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : describeValue(e)}`;
}

/**
 * A batch rejected because markets failed (code `'BATCH_FAILED'`): `failures` names each with its error (also in
 * the message, one per line); nothing was written.
 *
 * @example
 * ```ts
 * try { await batchPredict({ store }) }
 * catch (e) { if (e instanceof BatchPredictError) e.failures.map((f) => `${f.symbol} ${f.timeframe}`) } // => ['SOL 1h']
 * ```
 */
export class BatchPredictError extends AlphaError {
  readonly failures: readonly BatchFailure[];

  constructor(failures: readonly BatchFailure[], markets: number) {
    super('BATCH_FAILED', `batchPredict: ${failures.length} of ${markets} market(s) failed, nothing written:\n${failures.map(reason).join('\n')}`);
    this.failures = failures;
    (this as { cause?: unknown }).cause = failures[0]?.error;
  }
}
