/**
 * The prediction operations: writes (idempotent, one transaction), resolution against the candles that followed,
 * and the retention that moves old predictions into the archive.
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import { bulkMethod, type BulkMethod } from './bulk.js';
import { oneOf, optionKeys, timeParam } from './checks.js';
import { OPERATION_POOLS, type StoreContext } from './context.js';
import { predictionColumns, writePredictionColumns, type PredictionInput } from './prediction-columns.js';

/** Options of `AlphaStore.writePredictions`. */
export interface WritePredictionsOptions {
  /**
   * A prediction already stored (same symbol, timeframe, ts, horizon, model version): `'ignore'` (default) keeps the
   * stored one, so a retried write changes nothing; `'update'` overwrites its predicted values.
   */
  onConflict?: 'ignore' | 'update';
  /** Default `'copy'` where COPY is available, else `'unnest'`. */
  method?: BulkMethod;
}

/** What `AlphaStore.writePredictions` did. */
export interface WritePredictionsResult {
  /** Rows inserted (or updated with `onConflict: 'update'`). */
  readonly written: number;
  /** Rows that were already stored as given (or kept with `'ignore'`). */
  readonly unchanged: number;
}

/** Options of `AlphaStore.retention`. */
export interface RetentionOptions {
  /** Default the database's `now()`. */
  now?: Date | number | string;
  /**
   * Override of the setting `predictions_retention` (default '180 days'): a positive PostgreSQL interval written as
   * numbers and units, e.g. `'90 days'` or `'1 year 6 months'` (at most 64 characters).
   */
  retention?: string;
}

const WRITE_KEYS = optionKeys<WritePredictionsOptions>({ onConflict: true, method: true });
const RETENTION_KEYS = optionKeys<RetentionOptions>({ now: true, retention: true });

/** One or more `<number> <unit>` pairs: a non-negative interval PostgreSQL reads the same whatever its IntervalStyle. */
const INTERVAL = /^(\s*\d+(\.\d+)?\s*(microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s*)+$/i;

/**
 * The retention option as an interval parameter, or null for the setting's value: numbers and units only, so a
 * negative interval (which would archive the future) or a malformed one fails before the database is asked.
 */
function retentionInterval(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.length > 64 || !INTERVAL.test(value)) {
    throw new InvalidParameterError('options.retention', `expected an interval of numbers and units such as '90 days', got ${describeValue(value)}`);
  }
  return value;
}

/** What `AlphaStore.retention` did. */
export interface RetentionResult {
  /** Predictions moved into `alpha_v4.predictions_archive`. */
  readonly archived: number;
}

/**
 * Writes predictions in one transaction (every row is checked first); a retry never duplicates.
 *
 * @example
 * ```ts
 * await writePredictions(ctx, rows, {}, 5000)  // => { written: rows.length, unchanged: 0 }
 * await writePredictions(ctx, rows, {}, 5000)  // => { written: 0, unchanged: rows.length }
 * ```
 */
export async function writePredictions(
  ctx: StoreContext,
  rows: readonly PredictionInput[],
  options: WritePredictionsOptions,
  chunkRows: number,
): Promise<WritePredictionsResult> {
  const o = checkOptions(options, WRITE_KEYS, 'options');
  const onConflict = oneOf(o.onConflict ?? 'ignore', ['ignore', 'update'], 'options.onConflict');
  const method = bulkMethod(ctx.driver, o.method, 'writePredictions');
  const cols = predictionColumns(rows);
  if (cols.n === 0) return { written: 0, unchanged: 0 };
  const written = await ctx.run(OPERATION_POOLS.writePredictions, 'writePredictions (rolled back, nothing written)', 'STORE_WRITE', (s) =>
    writePredictionColumns(s, cols, onConflict, method, chunkRows),
  );
  return { written, unchanged: cols.n - written };
}

/**
 * Fills the outcomes of predictions whose target candle exists (as of `now`, default the database's `now()`),
 * then the performance log of the last two days. Returns the rows resolved.
 *
 * @example
 * ```ts
 * await resolvePredictions(ctx) // => predictions resolved now
 * ```
 */
export async function resolvePredictions(ctx: StoreContext, now?: Date | number | string): Promise<number> {
  const at = timeParam(now, 'now');
  return ctx.run(OPERATION_POOLS.resolvePredictions, 'resolvePredictions', 'STORE_WRITE', async (s) => {
    const r = await s.query<{ n: string | number }>('SELECT alpha_v4.resolve_predictions(coalesce($1::timestamptz, now())) AS n', [at]);
    await s.query(`SELECT alpha_v4.log_performance(coalesce($1::timestamptz, now()) - interval '2 days')`, [at]);
    return Number(r.rows[0]!.n);
  });
}

/**
 * Moves predictions past the retention window (the setting `predictions_retention`, 180 days) into the archive.
 *
 * @example
 * ```ts
 * await retention(ctx, { retention: '90 days' }) // => { archived: n }
 * ```
 */
export async function retention(ctx: StoreContext, options: RetentionOptions = {}): Promise<RetentionResult> {
  const o = checkOptions(options, RETENTION_KEYS, 'options');
  const at = timeParam(o.now, 'options.now');
  const keep = retentionInterval(o.retention);
  return ctx.run(OPERATION_POOLS.retention, 'retention', 'STORE_WRITE', async (s) => {
    const r = await s.query<{ n: string | number }>('SELECT alpha_v4.archive_predictions(coalesce($1::timestamptz, now()), $2::interval) AS n', [at, keep]);
    return { archived: Number(r.rows[0]!.n) };
  });
}
