/** Reading candles from the configured source tables into validated columnar candles. */
import { candlesFromRows, type CandleSeries, type GapPolicy } from '../../core/candles.js';
import { checkOptions } from '../../core/options.js';
import { parseTimeframe, TIMEFRAMES, type Timeframe } from '../../core/timeframe.js';
import { CANDLE_VALUE_FIELDS } from '../../core/types.js';
import { StoreError } from '../errors.js';
import { qualifiedName } from '../literals.js';
import { checkQuery, oneOf, optionKeys, positiveInt, requireSymbol, symbolTimeRange } from './checks.js';
import { OPERATION_POOLS, type StoreContext } from './context.js';

/** Where candles are read from: table (or view) names, `schema.table`, per timeframe. */
export interface CandleSources {
  /** Live candles. Default `{ '15m': 'indicators.ohlcv_15m', '1h': 'indicators.ohlcv_1h' }`. */
  live?: Partial<Record<Timeframe, string>>;
  /** History for training. Default `{ '15m': 'training.spot_15m' }`. */
  history?: Partial<Record<Timeframe, string>>;
}

/** The candle sources a store reads: the defaults with the options' tables over them. */
export type ResolvedSources = Readonly<{ live: Readonly<Partial<Record<Timeframe, string>>>; history: Readonly<Partial<Record<Timeframe, string>>> }>;

/** A query for `AlphaStore.readCandles`: a time range, or the latest N candles (optionally before `to`). */
export interface CandleQuery {
  symbol: string;
  timeframe: Timeframe;
  /** `'live'` (default) or `'history'` (training.spot_15m). */
  source?: 'live' | 'history';
  /** First candle open time, inclusive. */
  from?: Date | number | string;
  /** Last candle open time, exclusive. */
  to?: Date | number | string;
  /** Only the latest N candles of the range. */
  latest?: number;
  /** Gap policy of the validation (default `'error'`, as in `candlesFromRows`). */
  gaps?: GapPolicy;
}

const QUERY_KEYS = optionKeys<CandleQuery>({ symbol: true, timeframe: true, source: true, from: true, to: true, latest: true, gaps: true });

const DEFAULT_SOURCES = {
  live: { '15m': 'indicators.ohlcv_15m', '1h': 'indicators.ohlcv_1h' },
  history: { '15m': 'training.spot_15m' },
} as const;

/**
 * The default sources with `sources` over them, checked: only the keys `live` and `history`, each a map whose
 * every key is a timeframe (`InvalidParameterError`), every value one or two plain identifiers (`STORE_CONFIG`).
 *
 * @example
 * ```ts
 * resolveSources({ live: { '1m': 'market.ohlcv_1m' } }).live
 * // => { '15m': 'indicators.ohlcv_15m', '1h': 'indicators.ohlcv_1h', '1m': 'market.ohlcv_1m' }
 * ```
 */
export function resolveSources(sources: CandleSources | undefined): ResolvedSources {
  const given = checkOptions(sources, optionKeys<CandleSources>({ live: true, history: true }), 'sources');
  const resolved = {
    live: { ...DEFAULT_SOURCES.live, ...checkOptions(given.live, TIMEFRAMES, 'sources.live') },
    history: { ...DEFAULT_SOURCES.history, ...checkOptions(given.history, TIMEFRAMES, 'sources.history') },
  };
  for (const [group, tables] of Object.entries(resolved)) {
    for (const [tf, name] of Object.entries(tables)) {
      try {
        qualifiedName(name, `sources.${group}['${tf}']`);
      } catch (e) {
        throw new StoreError('STORE_CONFIG', (e as Error).message, { cause: e });
      }
    }
  }
  return resolved;
}

/**
 * Reads candles (a range, or the latest N) from the query's source table into validated columnar candles. Throws
 * `STORE_NOT_FOUND` when there are none, `STORE_CONFIG` when no source is configured for the timeframe.
 *
 * @example
 * ```ts
 * const candles = await readCandles(ctx, sources, { symbol: 'BTC', timeframe: '15m', latest: 500 })
 * candles.time.length // => 500 (when the table holds that many)
 * ```
 */
export async function readCandles(ctx: StoreContext, sources: ResolvedSources, query: CandleQuery): Promise<CandleSeries> {
  checkQuery(query, QUERY_KEYS);
  const symbol = requireSymbol(query.symbol);
  const timeframe = parseTimeframe(query.timeframe);
  const source = oneOf(query.source ?? 'live', ['live', 'history'], 'source');
  const latest = query.latest === undefined ? undefined : positiveInt(query.latest, 'latest');
  const table = (source === 'history' ? sources.history : sources.live)[timeframe];
  if (!table) throw new StoreError('STORE_CONFIG', `readCandles: no ${source} candle source for ${timeframe} (set options.sources.${source}['${timeframe}'])`);
  const { where, params } = symbolTimeRange(symbol, query.from, query.to);
  let text = `SELECT ts, ${CANDLE_VALUE_FIELDS.join(', ')} FROM ${qualifiedName(table)} WHERE ${where} ORDER BY ts`;
  if (latest !== undefined) {
    text = `SELECT * FROM (${text} DESC LIMIT ${latest}) latest ORDER BY ts`;
  }
  const rows = await ctx.run(OPERATION_POOLS.readCandles, `readCandles ${symbol} ${timeframe}`, 'STORE_READ', (s) => s.query(text, params));
  if (rows.rows.length === 0) {
    throw new StoreError('STORE_NOT_FOUND', `readCandles: no ${timeframe} candles for ${symbol} in ${table} for the requested range`);
  }
  return candlesFromRows(rows.rows, { timeframe, gaps: query.gaps ?? 'error' });
}
