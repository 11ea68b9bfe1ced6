/**
 * Feature batches for the feature store: their checks (catalogue names, aligned columns, increasing times) and
 * their write inside a session's transaction, by chunked `unnest` arrays or binary COPY through a staging table.
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import { utf8Bytes } from '../bytes.js';
import { BinaryCopyWriter } from '../copy-binary.js';
import type { SqlSession } from '../drivers/driver.js';
import { StoreError } from '../errors.js';
import { FEATURE_COLUMNS } from '../feature-columns.js';
import { float8Array, ident, timestampArray, timestampText } from '../literals.js';
import { FEATURE_STORE_TABLES, type FeatureTimeframe } from '../schema.js';
import type { BulkMethod } from './bulk.js';
import { inTimeRange, requireSymbol } from './checks.js';

/** Columnar features, as `computeFeatures` returns them (a `FeatureFrame` fits). */
export interface FeatureFrameLike {
  readonly time: ArrayLike<number>;
  readonly names: readonly string[];
  readonly columns: readonly ArrayLike<number>[];
}

/** One symbol's features for `AlphaStore.upsertFeatures`. */
export interface FeatureBatch {
  symbol: string;
  timeframe: FeatureTimeframe;
  /** Rows to write: NaN values are stored as NULL. Only the named columns are written (others stay as they are). */
  frame: FeatureFrameLike;
}

/** A feature batch checked for writing, with its table. */
export interface CheckedFeatureBatch {
  readonly symbol: string;
  readonly timeframe: FeatureTimeframe;
  readonly table: string;
  readonly time: ArrayLike<number>;
  readonly names: readonly string[];
  readonly columns: readonly ArrayLike<number>[];
}

const FEATURE_SET: ReadonlySet<string> = new Set(FEATURE_COLUMNS);

/**
 * The feature-store table of a timeframe (15m and 1h exist).
 *
 * @example
 * ```ts
 * featureTable('1h') // => 'alpha_v4.feature_store_1h'
 * ```
 */
export function featureTable(tf: unknown, name = 'timeframe'): string {
  if (tf !== '15m' && tf !== '1h') throw new InvalidParameterError(name, `the feature store has 15m and 1h, got ${describeValue(tf)}`);
  return FEATURE_STORE_TABLES[tf];
}

/**
 * Checks feature names against the catalogue's columns (an array of known names, each once); returns a copy.
 * `what` names the argument in the error.
 *
 * @example
 * ```ts
 * checkFeatureNames(['rsi_14', 'atr_14'], 'names') // => ['rsi_14', 'atr_14']
 * checkFeatureNames(['rsi_14', 'rsi_14'], 'names') // throws InvalidParameterError 'names: "rsi_14" appears twice'
 * ```
 */
export function checkFeatureNames(names: unknown, what: string): string[] {
  if (!Array.isArray(names)) throw new InvalidParameterError(what, `expected an array of feature names, got ${describeValue(names)}`);
  const seen = new Set<string>();
  for (const n of names as unknown[]) {
    if (!FEATURE_SET.has(n as string)) throw new InvalidParameterError(what, `${describeValue(n)} is not a feature-store column (not in the catalogue)`);
    if (seen.has(n as string)) throw new InvalidParameterError(what, `${describeValue(n)} appears twice`);
    seen.add(n as string);
  }
  return [...(names as string[])];
}

/** An array or a typed array (not a DataView): something with numbered elements and a length. */
function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/** Checks a batch's times: integer epoch milliseconds in the store's range, strictly increasing. */
function checkTimes(time: ArrayLike<unknown>, where: string): void {
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if (typeof t !== 'number' || !Number.isInteger(t) || !inTimeRange(t)) {
      throw new InvalidParameterError(`${where}[${i}]`, `expected integer epoch milliseconds from 0001-01-01 to 9999-12-31, got ${describeValue(t)}`);
    }
    if (i > 0 && t <= (time[i - 1] as number)) throw new InvalidParameterError(`${where}[${i}]`, `times must increase strictly (${t} after ${time[i - 1] as number})`);
  }
}

/** Checks a batch's columns: as many as names, each as long as `time`, every value a finite number or NaN. */
function checkColumns(columns: unknown, names: readonly string[], rows: number, where: string): readonly ArrayLike<number>[] {
  if (!Array.isArray(columns)) throw new InvalidParameterError(where, `expected an array of columns, got ${describeValue(columns)}`);
  if (columns.length !== names.length) throw new InvalidParameterError(where, `${columns.length} columns for ${names.length} names`);
  for (let c = 0; c < columns.length; c++) {
    const col: unknown = columns[c];
    if (!isArrayLike(col)) throw new InvalidParameterError(`${where}[${c}]`, `column ${names[c]}: expected an array or typed array, got ${describeValue(col)}`);
    if (col.length !== rows) throw new InvalidParameterError(`${where}[${c}]`, `column ${names[c]} has ${col.length} rows, time has ${rows}`);
    for (let i = 0; i < rows; i++) {
      const v = col[i];
      if (typeof v !== 'number' || v === Infinity || v === -Infinity) {
        throw new InvalidParameterError(`${where}[${c}][${i}]`, `column ${names[c]}: expected a finite number or NaN (stored as NULL), got ${describeValue(v)}`);
      }
    }
  }
  return columns as ArrayLike<number>[];
}

const BATCH_KEYS = ['symbol', 'timeframe', 'frame'];

/**
 * Validates one batch: only the keys symbol, timeframe and frame; a valid symbol and timeframe; known unique names;
 * aligned columns of finite numbers or NaN; strictly increasing integer times in the store's range. Errors name the
 * batch (`batches[index]`) and the element.
 *
 * @example
 * ```ts
 * checkFeatureBatch({ symbol: 'BTC', timeframe: '15m', frame: { time: [0], names: ['rsi_14'], columns: [[50]] } }).table
 * // => 'alpha_v4.feature_store_15m'
 * ```
 */
export function checkFeatureBatch(b: FeatureBatch, index = 0): CheckedFeatureBatch {
  const where = `batches[${index}]`;
  if (b === null || typeof b !== 'object' || Array.isArray(b)) throw new InvalidParameterError(where, `expected { symbol, timeframe, frame }, got ${describeValue(b)}`);
  checkOptions(b, BATCH_KEYS, where);
  const symbol = requireSymbol(b.symbol, `${where}.symbol`);
  const table = featureTable(b.timeframe, `${where}.timeframe`);
  const frame: unknown = b.frame;
  if (frame === null || typeof frame !== 'object') throw new InvalidParameterError(`${where}.frame`, `expected { time, names, columns }, got ${describeValue(frame)}`);
  const { time, names, columns } = frame as Record<string, unknown>;
  if (!isArrayLike(time)) throw new InvalidParameterError(`${where}.frame.time`, `expected an array or typed array of times, got ${describeValue(time)}`);
  const checkedNames = checkFeatureNames(names, `${where}.frame.names`);
  const checkedColumns = checkColumns(columns, checkedNames, time.length, `${where}.frame.columns`);
  checkTimes(time, `${where}.frame.time`);
  return { symbol, timeframe: b.timeframe, table, time: time as ArrayLike<number>, names: checkedNames, columns: checkedColumns };
}

/** How {@link writeFeatures} writes. */
export interface WriteFeaturesOptions {
  method: BulkMethod;
  /** Rows per `unnest` statement, or per COPY data chunk. */
  chunkRows: number;
  /** Create the symbols' weekly partitions covering the rows first. */
  ensurePartitions: boolean;
  /** Called after each statement with the rows written so far. */
  onProgress?: ((rows: number) => void | Promise<void>) | undefined;
}

/**
 * Writes checked feature batches through a session (inside its transaction); returns the rows inserted or updated.
 * Rows are upserted on (symbol, ts): only the batch's named columns are set.
 *
 * @example
 * ```ts
 * await driver.transaction('features', (s) => writeFeatures(s, [checkFeatureBatch(batch)], { method: 'unnest', chunkRows: 1000, ensurePartitions: true }))
 * // => rows written
 * ```
 */
export async function writeFeatures(s: SqlSession, batches: readonly CheckedFeatureBatch[], options: WriteFeaturesOptions): Promise<number> {
  let total = 0;
  for (const b of batches) {
    const n = b.time.length;
    if (n === 0) continue;
    if (options.ensurePartitions) {
      await s.query('SELECT alpha_v4.ensure_feature_partitions($1, ARRAY[$2::text], $3::timestamptz, $4::timestamptz)', [
        b.timeframe,
        b.symbol,
        timestampText(b.time[0]!),
        timestampText(b.time[n - 1]! + 1),
      ]);
    }
    const colList = ['symbol', 'ts', ...b.names].map(ident).join(', ');
    const update = b.names.length > 0 ? `DO UPDATE SET ${b.names.map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`).join(', ')}` : 'DO NOTHING';
    if (options.method === 'copy') {
      await s.query(`CREATE TEMP TABLE IF NOT EXISTS alpha_v4_stage_features (LIKE ${b.table}) ON COMMIT DROP`);
      await s.query('TRUNCATE alpha_v4_stage_features');
      const copied = await s.copyFrom(`alpha_v4_stage_features (${colList})`, 'WITH (FORMAT binary)', featureCopyBinary(b, options.chunkRows));
      if (copied !== n && copied !== 0) throw new StoreError('STORE_WRITE', `COPY sent ${n} rows but the server counted ${copied}`);
      const r = await s.query(`INSERT INTO ${b.table} (${colList}) SELECT ${colList} FROM alpha_v4_stage_features ON CONFLICT (symbol, ts) ${update}`);
      total += r.rowCount;
      await s.query('DROP TABLE alpha_v4_stage_features');
      if (options.onProgress) await options.onProgress(total);
      continue;
    }
    const unnestArgs = ['$2::timestamptz[]', ...b.names.map((_, i) => `$${i + 3}::float8[]`)].join(', ');
    const text = `INSERT INTO ${b.table} (${colList}) SELECT $1::text, u.* FROM unnest(${unnestArgs}) AS u ON CONFLICT (symbol, ts) ${update}`;
    for (let start = 0; start < n; start += options.chunkRows) {
      const end = Math.min(n, start + options.chunkRows);
      const params: string[] = [b.symbol, timestampArray(slice(b.time, start, end))];
      for (const col of b.columns) params.push(float8Array(slice(col, start, end), true));
      const r = await s.query(text, params);
      total += r.rowCount;
      if (options.onProgress) await options.onProgress(total);
    }
  }
  return total;
}

/** Elements `start` to `end` of an array-like: a view of a typed array, a copy of anything else. */
function slice(a: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  if (start === 0 && end === a.length) return a;
  if (ArrayBuffer.isView(a)) return (a as unknown as Float64Array).subarray(start, end);
  return Array.prototype.slice.call(a, start, end) as number[];
}

/** Binary COPY data of a batch (symbol, ts, then the named columns), in chunks of `chunkRows` rows (NaN as NULL). */
function* featureCopyBinary(b: CheckedFeatureBatch, chunkRows: number): Generator<Uint8Array> {
  const sym = utf8Bytes(b.symbol);
  const n = b.time.length;
  const m = b.columns.length;
  const w = new BinaryCopyWriter(Math.min(n, chunkRows) * (22 + sym.length + 12 * m) + 32);
  w.header();
  for (let start = 0; start < n; start += chunkRows) {
    const end = Math.min(n, start + chunkRows);
    for (let i = start; i < end; i++) {
      w.row(m + 2).bytes(sym).timestamptz(b.time[i]!);
      for (let c = 0; c < m; c++) w.float8(b.columns[c]![i]!, true);
    }
    if (end === n) w.trailer();
    yield w.take();
  }
  if (n === 0) yield w.trailer().take();
}
