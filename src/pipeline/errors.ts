import { AlphaError } from '../core/errors.js';

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
