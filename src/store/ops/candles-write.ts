/**
 * Ingest: candles written into the configured source tables (live, history or both), validated by the library's
 * candle rules, upserted on (symbol, ts) in one transaction, by binary COPY through a staging table or by chunked
 * `unnest` arrays.
 */
import { candlesFromRows, validateCandles, type CandleSeries } from '../../core/candles.js';
import { InvalidParameterError } from '../../core/errors.js';
import { parseTimeframe, type Timeframe } from '../../core/timeframe.js';
import { CANDLE_VALUE_FIELDS, type Candle, type Candles } from '../../core/types.js';
import { utf8Bytes } from '../bytes.js';
import { BinaryCopyWriter } from '../copy-binary.js';
import type { SqlSession } from '../drivers/driver.js';
import { StoreError } from '../errors.js';
import { float8Array, qualifiedName, timestampArray } from '../literals.js';
import { bulkMethod, type BulkMethod } from './bulk.js';
import type { ResolvedSources } from './candles.js';
import { checkQuery, inTimeRange, oneOf, optionKeys, requireSymbol } from './checks.js';
import { OPERATION_POOLS, type StoreContext } from './context.js';

/** Which source tables `AlphaStore.writeCandles` writes. */
export type CandleTarget = 'live' | 'history' | 'both';

/** The input of `AlphaStore.writeCandles`. */
export interface WriteCandlesInput {
  symbol: string;
  timeframe: Timeframe;
  /** Columnar candles, or `Candle` objects (any row `candlesFromRows` reads). Gaps are allowed; the grid is checked. */
  candles: Candles | readonly Candle[];
  /** `'live'` (default: `sources.live[timeframe]`), `'history'` (`sources.history[timeframe]`) or `'both'`. */
  target?: CandleTarget;
  /** Default `'copy'` where COPY is available, else `'unnest'`. */
  method?: BulkMethod;
}

/** What one source table received. */
export interface CandleTableWrite {
  /** The table, as configured (`schema.table`). */
  readonly table: string;
  /** Candles that were not stored yet. */
  readonly inserted: number;
  /** Stored candles whose values differed and were replaced (a corrected candle). */
  readonly updated: number;
  /** Stored candles already equal to the ones given (a retry). */
  readonly unchanged: number;
}

/** What `AlphaStore.writeCandles` did: per table, and summed over the tables. */
export interface WriteCandlesResult {
  /** Candles given (each written to every target table). */
  readonly rows: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly tables: readonly CandleTableWrite[];
  readonly method: BulkMethod;
}

const INPUT_KEYS = optionKeys<WriteCandlesInput>({ symbol: true, timeframe: true, candles: true, target: true, method: true });
const TARGETS: readonly CandleTarget[] = ['live', 'history', 'both'];
const COLUMNS = ['symbol', 'ts', ...CANDLE_VALUE_FIELDS].join(', ');
/** The upsert: a changed candle is replaced, an equal one left alone (so a retry writes nothing). */
const CONFLICT = `ON CONFLICT (symbol, ts) DO UPDATE SET ${CANDLE_VALUE_FIELDS.map((f) => `${f} = EXCLUDED.${f}`).join(', ')}
  WHERE (t.${CANDLE_VALUE_FIELDS.join(', t.')}) IS DISTINCT FROM (EXCLUDED.${CANDLE_VALUE_FIELDS.join(', EXCLUDED.')})`;
/** Rows per `unnest` statement (7 array parameters whatever the size) and per COPY data chunk. */
const CHUNK_ROWS = 5000;

/**
 * The candles of an input, validated by the library's candle rules with gaps allowed (`validateCandles` for
 * columns, `candlesFromRows` for objects): a bad candle throws core's `CandleValidationError` listing every
 * offending row. Times must also lie in the store's range (0001 to 9999).
 */
function checkedCandles(candles: unknown, timeframe: Timeframe): CandleSeries {
  const series = Array.isArray(candles)
    ? candlesFromRows(candles, { timeframe, gaps: 'allow' })
    : validateCandles(candles as Candles, { timeframe, gaps: 'allow' });
  const { time } = series;
  for (const i of [0, time.length - 1]) {
    if (!inTimeRange(time[i]!)) throw new InvalidParameterError(`input.candles.time[${i}]`, `${time[i]} is outside the times the store holds (0001-01-01 to 9999-12-31 UTC)`);
  }
  return series;
}

/** The configured tables of `target` for `timeframe`; `STORE_CONFIG` when one is not configured. */
function targetTables(sources: ResolvedSources, target: CandleTarget, timeframe: Timeframe): string[] {
  const groups = target === 'both' ? (['live', 'history'] as const) : [target];
  return groups.map((group) => {
    const table = sources[group][timeframe];
    if (!table) throw new StoreError('STORE_CONFIG', `writeCandles: no ${group} candle source for ${timeframe} (set options.sources.${group}['${timeframe}'])`);
    return table;
  });
}

/**
 * Writes candles of one symbol into the configured source tables, in one transaction: upserted on (symbol, ts), so
 * an identical retry changes nothing and a corrected candle replaces the stored one. Checks everything first: the
 * input's keys, the symbol, the timeframe, every candle (a bad one rejects the whole call with the
 * `CandleValidationError`, nothing written), the target's tables configured, then (in the transaction) present
 * (`STORE_CONFIG` naming a missing one) and keyed on (symbol, ts).
 *
 * @example
 * ```ts
 * await writeCandles(ctx, sources, { symbol: 'BTC', timeframe: '15m', candles })
 * // => { rows: 96, inserted: 96, updated: 0, unchanged: 0, tables: [{ table: 'indicators.ohlcv_15m', ... }], method: 'copy' }
 * ```
 */
export async function writeCandles(ctx: StoreContext, sources: ResolvedSources, input: WriteCandlesInput): Promise<WriteCandlesResult> {
  checkQuery(input, INPUT_KEYS, 'input');
  const symbol = requireSymbol(input.symbol, 'input.symbol');
  const timeframe = parseTimeframe(input.timeframe, 'input.timeframe');
  const target = oneOf(input.target ?? 'live', TARGETS, 'input.target');
  const method = bulkMethod(ctx.driver, input.method, 'writeCandles');
  const tables = targetTables(sources, target, timeframe);
  const series = checkedCandles(input.candles, timeframe);
  const counts = await ctx.run(OPERATION_POOLS.writeCandles, `writeCandles ${symbol} ${timeframe} (rolled back, nothing written)`, 'STORE_WRITE', async (s) => {
    for (const table of tables) {
      const found = await s.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [qualifiedName(table)]);
      if (!found.rows[0]!.ok) throw new StoreError('STORE_CONFIG', `writeCandles: the ${timeframe} candle source ${table} does not exist`);
    }
    return method === 'copy' ? copyCandles(s, symbol, series, tables) : unnestCandles(s, symbol, series, tables);
  }).catch((e: unknown) => {
    if (e instanceof StoreError && e.sqlState === '42P10') {
      throw new StoreError('STORE_CONFIG', `writeCandles: ${tables.join(' or ')} has no unique key on (symbol, ts) to upsert on`, { cause: e, sqlState: e.sqlState });
    }
    throw e;
  });
  const n = series.time.length;
  const written = tables.map((table, k) => ({ table, ...counts[k]!, unchanged: n - counts[k]!.inserted - counts[k]!.updated }));
  const sum = (f: 'inserted' | 'updated' | 'unchanged') => written.reduce((a, w) => a + w[f], 0);
  return { rows: n, inserted: sum('inserted'), updated: sum('updated'), unchanged: sum('unchanged'), tables: written, method };
}

/** Inserted and updated rows of one upsert statement. */
type UpsertCount = { inserted: number; updated: number };

/** An upsert of `source` rows into `table`, counting inserted (`xmax = 0`: a new row version) and updated rows. */
function upsertSql(table: string, source: string): string {
  return `WITH w AS (INSERT INTO ${qualifiedName(table)} AS t (${COLUMNS}) ${source} ${CONFLICT} RETURNING (xmax = 0) AS fresh)
    SELECT count(*) FILTER (WHERE fresh)::int AS inserted, count(*) FILTER (WHERE NOT fresh)::int AS updated FROM w`;
}

/** Binary COPY of the candles into one staging table, then one upsert per target table. */
async function copyCandles(s: SqlSession, symbol: string, c: CandleSeries, tables: readonly string[]): Promise<UpsertCount[]> {
  await s.query(
    `CREATE TEMP TABLE IF NOT EXISTS alpha_v4_stage_candles (symbol text, ts timestamptz, open float8, high float8, low float8,
       close float8, volume float8) ON COMMIT DROP`,
  );
  await s.query('TRUNCATE alpha_v4_stage_candles');
  await s.copyFrom(`alpha_v4_stage_candles (${COLUMNS})`, 'WITH (FORMAT binary)', candleCopyBinary(symbol, c, CHUNK_ROWS));
  const out: UpsertCount[] = [];
  for (const table of tables) {
    const r = await s.query<UpsertCount>(upsertSql(table, `SELECT ${COLUMNS} FROM alpha_v4_stage_candles`));
    out.push(r.rows[0]!);
  }
  await s.query('DROP TABLE alpha_v4_stage_candles');
  return out;
}

/** Chunked `unnest` upserts (7 array parameters per statement) into each target table. */
async function unnestCandles(s: SqlSession, symbol: string, c: CandleSeries, tables: readonly string[]): Promise<UpsertCount[]> {
  const n = c.time.length;
  const source = `SELECT $1::text, u.* FROM unnest($2::timestamptz[], ${CANDLE_VALUE_FIELDS.map((_, i) => `$${i + 3}::float8[]`).join(', ')}) AS u`;
  const out: UpsertCount[] = [];
  for (const table of tables) {
    const text = upsertSql(table, source);
    const count = { inserted: 0, updated: 0 };
    for (let start = 0; start < n; start += CHUNK_ROWS) {
      const end = Math.min(n, start + CHUNK_ROWS);
      const params = [symbol, timestampArray(c.time.subarray(start, end)), ...CANDLE_VALUE_FIELDS.map((f) => float8Array(c[f].subarray(start, end)))];
      const r = (await s.query<UpsertCount>(text, params)).rows[0]!;
      count.inserted += r.inserted;
      count.updated += r.updated;
    }
    out.push(count);
  }
  return out;
}

/**
 * Binary COPY data of one symbol's candles in the staging table's column order (symbol, ts, open, high, low, close,
 * volume), in chunks of `chunkRows` rows: per row 2 bytes of field count, 4 + the symbol's UTF-8 length, then 12
 * bytes for each of the six numbers; 19 bytes of header before, 2 of trailer after.
 *
 * @example
 * ```ts
 * [...candleCopyBinary('BTC', candles, 5000)].reduce((n, b) => n + b.length, 0) // => 21 + 81 * candles.time.length
 * ```
 */
function* candleCopyBinary(symbol: string, c: Candles, chunkRows: number): Generator<Uint8Array> {
  const sym = utf8Bytes(symbol);
  const n = c.time.length;
  const w = new BinaryCopyWriter(Math.min(n, chunkRows) * (78 + sym.length) + 32);
  w.header();
  for (let start = 0; start < n; start += chunkRows) {
    const end = Math.min(n, start + chunkRows);
    for (let i = start; i < end; i++) {
      w.row(7).bytes(sym).timestamptz(c.time[i]!);
      for (const f of CANDLE_VALUE_FIELDS) w.float8(c[f][i]!);
    }
    if (end === n) w.trailer();
    yield w.take();
  }
}
