/** The feature-store operations: bulk upserts of feature batches, and reads into a `FeatureFrame`. */
import { checkOptions } from '../../core/options.js';
import { featureFrame, type FeatureFrame } from '../../features/index.js';
import { FEATURE_COLUMNS } from '../feature-columns.js';
import { ident } from '../literals.js';
import type { FeatureTimeframe } from '../schema.js';
import { bulkMethod, type BulkMethod } from './bulk.js';
import { checkQuery, optionalBoolean, optionalFunction, optionKeys, requireSymbol, symbolTimeRange } from './checks.js';
import { OPERATION_POOLS, type StoreContext } from './context.js';
import { checkFeatureBatch, checkFeatureNames, featureTable, writeFeatures, type FeatureBatch } from './feature-batch.js';

/** Options of `AlphaStore.upsertFeatures`. */
export interface UpsertFeaturesOptions {
  /** Default `'copy'` where COPY is available, else `'unnest'`. */
  method?: BulkMethod;
  /** Create the symbols' weekly partitions covering the rows first (default true; rows land in the default partition otherwise). */
  ensurePartitions?: boolean;
  /** Called after each statement with the rows written so far (per chunk with `unnest`, per batch with COPY). */
  onProgress?: (rowsWritten: number) => void | Promise<void>;
}

/** What `AlphaStore.upsertFeatures` wrote. */
export interface UpsertResult {
  /** Rows inserted or updated. */
  readonly rows: number;
  readonly method: BulkMethod;
}

/** A query for `AlphaStore.readFeatures`. */
export interface FeatureQuery {
  symbol: string;
  timeframe: FeatureTimeframe;
  from?: Date | number | string;
  to?: Date | number | string;
  /** Columns to read (default: every catalogue column). */
  names?: readonly string[];
}

const UPSERT_KEYS = optionKeys<UpsertFeaturesOptions>({ method: true, ensurePartitions: true, onProgress: true });
const QUERY_KEYS = optionKeys<FeatureQuery>({ symbol: true, timeframe: true, from: true, to: true, names: true });

/**
 * Stored features as a frame: the features module's `FeatureFrame` (NULL read as NaN). Kept under this name for
 * the store's API.
 */
export type StoredFeatures = FeatureFrame;

/**
 * Upserts feature batches in bulk (`unnest` arrays or COPY, never one giant VALUES), all batches in one
 * transaction: on any failure nothing is written. Every batch and option is checked before anything is sent.
 *
 * @example
 * ```ts
 * await upsertFeatures(ctx, { symbol: 'BTC', timeframe: '15m', frame: computeFeatures(candles) }, {}, 1000)
 * // => { rows: candles.time.length, method: 'copy' }
 * ```
 */
export async function upsertFeatures(
  ctx: StoreContext,
  input: FeatureBatch | readonly FeatureBatch[],
  options: UpsertFeaturesOptions,
  chunkRows: number,
): Promise<UpsertResult> {
  const o = checkOptions(options, UPSERT_KEYS, 'options');
  const batches = (Array.isArray(input) ? input : [input]) as readonly FeatureBatch[];
  const method = bulkMethod(ctx.driver, o.method, 'upsertFeatures');
  const ensurePartitions = optionalBoolean(o.ensurePartitions, 'options.ensurePartitions', true);
  const onProgress = optionalFunction<NonNullable<UpsertFeaturesOptions['onProgress']>>(o.onProgress, 'options.onProgress');
  const checked = batches.map((b, i) => checkFeatureBatch(b, i));
  const total = await ctx.run(OPERATION_POOLS.upsertFeatures, 'upsertFeatures (rolled back, nothing written)', 'STORE_WRITE', (s) =>
    writeFeatures(s, checked, { method, chunkRows, ensurePartitions, onProgress }),
  );
  return { rows: total, method };
}

/**
 * Reads stored features of a symbol (every catalogue column, or `names`), ordered by time, into a frame; NULL
 * values read as NaN.
 *
 * @example
 * ```ts
 * const frame = await readFeatures(ctx, { symbol: 'BTC', timeframe: '15m', names: ['rsi_14'] })
 * frame.names // => ['rsi_14']
 * ```
 */
export async function readFeatures(ctx: StoreContext, query: FeatureQuery): Promise<StoredFeatures> {
  checkQuery(query, QUERY_KEYS);
  const symbol = requireSymbol(query.symbol);
  const table = featureTable(query.timeframe);
  const names = query.names === undefined ? [...FEATURE_COLUMNS] : checkFeatureNames(query.names, 'names');
  const { where, params } = symbolTimeRange(symbol, query.from, query.to);
  const cols = names.map(ident).join(', ');
  const r = await ctx.run(OPERATION_POOLS.readFeatures, `readFeatures ${symbol} ${query.timeframe}`, 'STORE_READ', (s) =>
    s.query<Record<string, unknown>>(`SELECT ts${cols ? `, ${cols}` : ''} FROM ${table} WHERE ${where} ORDER BY ts`, params),
  );
  return frameFromRows(r.rows, names);
}

/** Rows (ts + named columns) to a frame; NULL as NaN. */
function frameFromRows(rows: readonly Record<string, unknown>[], names: readonly string[]): StoredFeatures {
  const n = rows.length;
  const time = new Float64Array(n);
  const columns = names.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    time[i] = (r.ts as Date).getTime();
    for (let c = 0; c < names.length; c++) {
      const v = r[names[c]!];
      columns[c]![i] = v === null || v === undefined ? Number.NaN : Number(v);
    }
  }
  return featureFrame(time, names, columns);
}
