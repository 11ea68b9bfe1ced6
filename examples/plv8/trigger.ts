/**
 * `featureTriggerPlv8`, the body of the trigger function `alpha_v4.feature_trigger()` in plv8: as a candle row is
 * inserted into a live candle table, the feature rows of the markets it completes are computed and stored, with
 * their stream states, in the candle's own transaction.
 *
 * @module
 */
import { describeValue } from '../../src/core/describe.js';
import { InvalidParameterError } from '../../src/core/errors.js';
import { checkOptions } from '../../src/core/options.js';
import { toEpochMs } from '../../src/core/time.js';
import { timeframeMs } from '../../src/core/timeframe.js';
import { planFeatures, type FeaturePlan } from '../../src/pipeline/feature-plan.js';
import { checkWarmup } from '../../src/pipeline/live-features.js';
import { DEFAULT_MARKETS, type Market } from '../../src/pipeline/types.js';
import { qualifiedName, textArray, timestampText } from '../../src/store/literals.js';
import { computeLiveFeaturesSync, saveLiveFeaturesSync } from './live-features.js';
import { errorText } from '../../src/pipeline/registry-state.js';
import { checkPlv8, selectRows, type Plv8 } from './plv8.js';

/** Options of {@link featureTriggerPlv8}; {@link triggerOptions} builds them from the trigger's arguments. */
export interface FeatureTriggerOptions {
  /** The timeframe of the candle table: '15m' or '1h' (a feature-store timeframe). */
  readonly timeframe: string;
  /** The candle table (`schema.table`): the trigger's own table. */
  readonly table: string;
  /** Candles read beyond the lookback when a stream starts from history. Default 1000 (as the Node pipeline). */
  readonly warmup?: number;
}

/** What one trigger call did, for logs and tests. */
export interface FeatureTriggerResult {
  /** Markets whose row at the candle's time was computed and stored, and by which path. */
  readonly computed: { readonly symbol: string; readonly path: 'state' | 'history' }[];
  /** Markets the candle concerns whose row waits for another symbol's candle at that time. */
  readonly waiting: { readonly symbol: string; readonly missing: readonly string[] }[];
  /** Active models whose features cannot be planned for the feature store (left out), with the reason. */
  readonly refused: string[];
}

const OPTIONS = ['timeframe', 'table', 'warmup'];

/**
 * The options of {@link featureTriggerPlv8} from a trigger's arguments, as `CREATE TRIGGER ... EXECUTE FUNCTION
 * alpha_v4.feature_trigger('15m' [, warmup])` gives them: `TG_ARGV[0]` the timeframe, `TG_ARGV[1]` (optional) the
 * warm-up in candles, the table from `TG_TABLE_SCHEMA` and `TG_TABLE_NAME`. A warm-up that is no integer text is an
 * `InvalidParameterError` naming `TG_ARGV[1]`.
 *
 * @example
 * ```ts
 * triggerOptions(['15m', '500'], 'indicators', 'ohlcv_15m') // => { timeframe: '15m', table: 'indicators.ohlcv_15m', warmup: 500 }
 * ```
 */
export function triggerOptions(argv: readonly string[], schema: string, table: string): FeatureTriggerOptions {
  const [timeframe, warmup] = Array.isArray(argv) ? argv : [];
  if (warmup !== undefined && !/^\d{1,7}$/.test(String(warmup))) throw new InvalidParameterError('TG_ARGV[1]', `expected the warm-up as an integer number of candles, got ${describeValue(warmup)}`);
  return { timeframe: String(timeframe), table: `${schema}.${table}`, ...(warmup === undefined ? {} : { warmup: Number(warmup) }) };
}

/** The new row's symbol and candle open time (ts, or time, timestamp, open_time as `notify_candle` reads them). */
function candleOf(row: unknown): { symbol: string; ts: number } {
  if (row === null || typeof row !== 'object') throw new InvalidParameterError('NEW', `expected the inserted candle row, got ${describeValue(row)}`);
  const r = row as Record<string, unknown>;
  if (typeof r.symbol !== 'string' || r.symbol === '') throw new InvalidParameterError('NEW.symbol', `expected a symbol, got ${describeValue(r.symbol)}`);
  const field = ['ts', 'time', 'timestamp', 'open_time'].find((k) => r[k] !== undefined && r[k] !== null);
  const ts = field === undefined ? Number.NaN : toEpochMs(r[field]);
  if (!Number.isInteger(ts)) throw new InvalidParameterError(`NEW.${field ?? 'ts'}`, `expected the candle's open time (timestamptz), got ${describeValue(field === undefined ? undefined : r[field])}`);
  return { symbol: r.symbol, ts };
}

/** The plans of the active models at `timeframe`, over the default markets and the models' own. A plan that fails is left out with its reason. */
function activePlans(plv8: Plv8, timeframe: string): { plans: FeaturePlan[]; refused: string[] } {
  const rows = selectRows<{ symbol: string; feature_names: string }>(plv8, 'SELECT symbol, array_to_json(feature_names)::text AS feature_names FROM alpha_v4.models WHERE timeframe = $1::text ORDER BY symbol', [timeframe]);
  const own = rows.map((r) => ({ symbol: r.symbol, timeframe }) as Market);
  const markets = [...DEFAULT_MARKETS.filter((m) => m.timeframe === timeframe), ...own.filter((m) => !DEFAULT_MARKETS.some((d) => d.symbol === m.symbol && d.timeframe === timeframe))];
  const plans: FeaturePlan[] = [];
  const refused: string[] = [];
  rows.forEach((r, i) => {
    try {
      plans.push(planFeatures(own[i]!, JSON.parse(r.feature_names), markets));
    } catch (e) {
      refused.push(`${r.symbol} ${timeframe}: ${errorText(e)}`);
    }
  });
  return { plans, refused };
}

/**
 * The real-time feature trigger (the body of `alpha_v4.feature_trigger()`, AFTER INSERT FOR EACH ROW on a live
 * candle table): the candle `NEW` of symbol S at open time t has closed (a row is inserted once its candle closed).
 * For every market M with an active model at the timeframe whose features read S (M = S, or S is a peer of M's
 * cross-asset features):
 *
 * - when M and every peer of M have their candle at t, M's feature row at t is computed as the Node pipeline
 *   computes the latest closed candle's row at now = t + interval (`computeLiveFeaturesSync`): the saved stream
 *   state of M's model features (same key and JSON as the Node worker) resumes over the candles after it, or a
 *   stream warms up over the latest lookback + 1 + `warmup` candles when there is none; then the state (after the
 *   candle before t, as Node saves it) and the rows are written (`saveLiveFeaturesSync`; NaN features as NULL);
 * - otherwise M waits: the last of those candles to arrive computes its row.
 *
 * Writes happen in the caller's transaction (the candle's). A model whose features cannot be planned for the
 * feature store is left out and listed in `refused`. Throws `InvalidParameterError` for a bad `NEW` or options,
 * and what the computation throws; the installed body ({@link runFeatureTrigger}) catches it in a subtransaction
 * and emits a WARNING instead (a feature fault never loses a candle), unless the trigger was created with 'raise'.
 *
 * @example
 * ```ts
 * // in SQL: INSERT INTO indicators.ohlcv_15m VALUES ('SOL', '2025-03-01 09:45+00', ...)  -- BTC and ETH are there already
 * featureTriggerPlv8(plv8, NEW, { timeframe: '15m', table: 'indicators.ohlcv_15m' }).computed.map((c) => c.symbol)
 * // => ['BTC', 'ETH', 'SOL']
 * ```
 */
export function featureTriggerPlv8(plv8: Plv8, NEW: unknown, options: FeatureTriggerOptions): FeatureTriggerResult {
  checkPlv8(plv8);
  if (options === null || typeof options !== 'object') throw new InvalidParameterError('options', `expected { timeframe, table, warmup? }, got ${describeValue(options)}`);
  const o = checkOptions(options, OPTIONS, 'options');
  if (o.timeframe !== '15m' && o.timeframe !== '1h') throw new InvalidParameterError('options.timeframe', `the feature store has 15m and 1h, got ${describeValue(o.timeframe)}`);
  const table = qualifiedName(o.table, 'options.table');
  const warmup = checkWarmup(o.warmup);
  const candle = candleOf(NEW);
  const { plans, refused } = activePlans(plv8, o.timeframe);
  const concerned = plans.filter((p) => p.market.symbol === candle.symbol || p.peers.includes(candle.symbol));
  if (concerned.length === 0) return { computed: [], waiting: [], refused };
  const needed = [...new Set(concerned.flatMap((p) => [p.market.symbol, ...p.peers]))];
  const present = new Set(
    selectRows<{ symbol: string }>(plv8, `SELECT symbol FROM ${table} WHERE ts = $1::text::timestamptz AND symbol = ANY($2::text::text[])`, [timestampText(candle.ts), textArray(needed)]).map((r) => r.symbol),
  );
  const now = candle.ts + timeframeMs(o.timeframe);
  const lives = [];
  const waiting: FeatureTriggerResult['waiting'][number][] = [];
  for (const plan of concerned) {
    const missing = [plan.market.symbol, ...plan.peers].filter((s) => !present.has(s));
    if (missing.length > 0) waiting.push({ symbol: plan.market.symbol, missing });
    else lives.push(computeLiveFeaturesSync(plv8, table, plan, now, warmup));
  }
  saveLiveFeaturesSync(plv8, lives);
  return { computed: lives.map((l) => ({ symbol: l.plan.market.symbol, path: l.path })), waiting, refused };
}

/**
 * The whole body of the installed trigger function: the options from the trigger's arguments
 * ({@link triggerOptions}; `TG_ARGV[2]` is `'warn'` (default) or `'raise'`), then {@link featureTriggerPlv8}. With
 * `'warn'` it runs in a subtransaction (`plv8.subtransaction`): any error rolls back its writes only and becomes a
 * message at `warningLevel` (plv8's `WARNING`), so the candle is inserted whatever happens to its features; a model
 * left out is reported the same way. With `'raise'` an error aborts the candle's statement. Returns null (the
 * return value of an AFTER trigger is ignored).
 *
 * @example
 * ```ts
 * // the installed body: return lib.runFeatureTrigger(plv8, NEW, TG_ARGV, TG_TABLE_SCHEMA, TG_TABLE_NAME, WARNING)
 * runFeatureTrigger(plv8, NEW, ['15m'], 'indicators', 'ohlcv_15m', 19) // => null
 * ```
 */
export function runFeatureTrigger(plv8: Plv8, NEW: unknown, argv: readonly string[], schema: string, table: string, warningLevel: number): null {
  checkPlv8(plv8);
  const mode = Array.isArray(argv) ? argv[2] ?? 'warn' : 'warn';
  if (mode !== 'warn' && mode !== 'raise') throw new InvalidParameterError('TG_ARGV[2]', `expected 'warn' or 'raise', got ${describeValue(mode)}`);
  if (typeof plv8.elog !== 'function' || (mode === 'warn' && typeof plv8.subtransaction !== 'function')) {
    throw new InvalidParameterError('plv8', `expected plv8's plv8 object (with elog and subtransaction), got ${describeValue(plv8)}`);
  }
  const warn = (message: string) => plv8.elog!(warningLevel, `alpha_v4.feature_trigger on ${schema}.${table}: ${message}`);
  const work = () => {
    for (const reason of featureTriggerPlv8(plv8, NEW, triggerOptions(argv, schema, table)).refused) warn(`model left out: ${reason}`);
  };
  if (mode === 'raise') {
    work();
    return null;
  }
  try {
    plv8.subtransaction!(work);
  } catch (e) {
    warn(errorText(e));
  }
  return null;
}
