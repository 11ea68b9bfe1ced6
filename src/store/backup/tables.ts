/**
 * What a backup holds and how values travel: the tables saved as CSV (with their bucket and primary key), the
 * model metadata columns, and each column as PostgreSQL's own exact text.
 */
import type { SqlSession } from '../drivers/driver.js';
import { ident } from '../literals.js';
import type { BackupBucket } from './sink.js';

/** The tables a backup saves as CSV parts. */
export const CSV_TABLES = ['alpha_v4.feature_store_15m', 'alpha_v4.feature_store_1h', 'alpha_v4.predictions', 'alpha_v4.predictions_archive'] as const;

/** One of {@link CSV_TABLES}. */
export type CsvTable = (typeof CSV_TABLES)[number];

/** The bucket of each CSV table. */
export const BUCKET_OF: Readonly<Record<CsvTable, BackupBucket>> = {
  'alpha_v4.feature_store_15m': 'feature-backups',
  'alpha_v4.feature_store_1h': 'feature-backups',
  'alpha_v4.predictions': 'predictions-backup',
  'alpha_v4.predictions_archive': 'predictions-backup',
};

/** The primary key of each CSV table (the export's order, the restore's conflict target). */
export const PRIMARY_KEYS: Readonly<Record<string, string>> = {
  'alpha_v4.feature_store_15m': 'symbol, ts',
  'alpha_v4.feature_store_1h': 'symbol, ts',
  'alpha_v4.predictions': 'symbol, timeframe, ts, horizon, model_version',
  'alpha_v4.predictions_archive': 'symbol, timeframe, ts, horizon, model_version',
};

/** The metadata columns of a model version saved in model_versions.json / models.json (the binary is apart). */
export const MODEL_META = ['symbol', 'timeframe', 'version', 'format', 'checksum', 'feature_names', 'metrics', 'train_start', 'train_end', 'created_at'];

/** A column's name and its type as `format_type` prints it. */
export interface ColumnInfo {
  name: string;
  type: string;
}

/**
 * The columns of a table, in order, with their types.
 *
 * @example
 * ```ts
 * (await columnsOf(s, 'alpha_v4.predictions'))[0] // => { name: 'symbol', type: 'text' }
 * ```
 */
export async function columnsOf(s: SqlSession, table: string): Promise<ColumnInfo[]> {
  const r = await s.query<ColumnInfo>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
     WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [table],
  );
  return r.rows;
}

/**
 * A column as exact text, named as the column: timestamps in UTC with microseconds, everything else through its
 * type's output function (float8: shortest exact digits).
 *
 * @example
 * ```ts
 * textExpr({ name: 'p_up', type: 'double precision' }, 't.') // => 't."p_up"::text AS "p_up"'
 * ```
 */
export function textExpr(c: ColumnInfo, alias = ''): string {
  const col = `${alias}${ident(c.name)}`;
  const expr = c.type === 'timestamp with time zone' ? `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : `${col}::text`;
  return `${expr} AS ${ident(c.name)}`;
}
