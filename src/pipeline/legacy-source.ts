/**
 * The legacy `alpha` schema's predictions as the A/B comparison reads them: where they are (table and column names,
 * configurable, checked as identifiers), that they exist with usable types, and the one query that pairs them with
 * the resolved alpha_v4 predictions of the same candles.
 *
 * @module
 */
import { sql, type RawBuilder } from 'kysely';
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { sqlStateOf, storeError } from '../store/errors.js';
import { qualifiedName } from '../store/literals.js';
import { optionKeys, positiveInt } from '../store/ops/checks.js';
import type { AlphaStore } from '../store/types.js';
import { PipelineError } from './errors.js';

/**
 * Column names of the legacy predictions table. A legacy prediction is made at the close of candle `ts` (its open
 * time, as in alpha_v4) of `symbol` at `timeframe` (the same spellings as alpha_v4: 'BTC', '15m') for the move
 * `horizon` candles ahead; its call is `direction` (its sign: up, down, none) or, without a direction column,
 * sign(pUp - 0.5). Set `horizon` to null when the table has no such column (then every legacy prediction is of
 * `legacyHorizon` candles), and `direction` to null when only `pUp` is given (the default when `pUp` is given and
 * `direction` is not).
 */
export interface LegacyColumns {
  /** Default 'symbol'; any type read as text. */
  symbol?: string;
  /** Default 'timeframe'; any type read as text. */
  timeframe?: string;
  /** Default 'ts'; `timestamptz`, or `timestamp` holding UTC. */
  ts?: string;
  /** Default 'direction' (unless `pUp` is given); numeric. */
  direction?: string | null;
  /** Probability of an up move, numeric in [0, 1]; default none (no legacy Brier score). */
  pUp?: string | null;
  /** Default 'horizon'; numeric (candles ahead). */
  horizon?: string | null;
}

/** The legacy predictions table: `alpha.predictions` with the columns of {@link LegacyColumns} by default. */
export interface LegacySourceOptions {
  /** `schema.table` or `table`; default 'alpha.predictions'. */
  table?: string;
  columns?: LegacyColumns;
  /** Candles ahead of every legacy prediction when `columns.horizon` is null; default 1. */
  legacyHorizon?: number;
}

/** The default legacy table. */
export const DEFAULT_LEGACY_TABLE = 'alpha.predictions';

/** The default legacy column names. */
export const DEFAULT_LEGACY_COLUMNS: Readonly<Required<LegacyColumns>> = Object.freeze({
  symbol: 'symbol',
  timeframe: 'timeframe',
  ts: 'ts',
  direction: 'direction',
  pUp: null,
  horizon: 'horizon',
});

const COLUMN_KEYS = optionKeys<LegacyColumns>({ symbol: true, timeframe: true, ts: true, direction: true, pUp: true, horizon: true });

/** A legacy source, checked: the table as given and quoted, each column's name (null: absent) and its quoted form. */
export interface LegacySource {
  readonly table: string;
  readonly quotedTable: string;
  readonly columns: Readonly<Record<keyof LegacyColumns, string | null>>;
  readonly legacyHorizon: number;
}

/** A column name: one identifier (`qualifiedName` without a schema), or null when the option allows none. */
function columnName(value: unknown, name: string, nullable: boolean): string | null {
  if (value === null && nullable) return null;
  if (typeof value !== 'string' || value.includes('.')) throw new InvalidParameterError(name, `expected a column name (an identifier of at most 63 characters), got ${describeValue(value)}`);
  qualifiedName(value, name);
  return value;
}

/**
 * Checks the legacy source options (defaults {@link DEFAULT_LEGACY_TABLE} and {@link DEFAULT_LEGACY_COLUMNS}): the
 * table one or two identifiers, each column one identifier, a direction or a pUp column, `legacyHorizon` an integer
 * >= 1. Throws `InvalidParameterError` naming the option.
 *
 * @example
 * ```ts
 * legacySource({ columns: { pUp: 'p' } }).columns // => { symbol: 'symbol', timeframe: 'timeframe', ts: 'ts', direction: null, pUp: 'p', horizon: 'horizon' }
 * ```
 */
export function legacySource(options: LegacySourceOptions, where = 'options'): LegacySource {
  const table = options.table ?? DEFAULT_LEGACY_TABLE;
  const quotedTable = qualifiedName(table, `${where}.table`);
  const given = checkOptions(options.columns, COLUMN_KEYS, `${where}.columns`);
  const merged = { ...DEFAULT_LEGACY_COLUMNS, ...(given.pUp != null && given.direction === undefined ? { direction: null } : {}), ...given };
  const col = (key: keyof LegacyColumns, nullable: boolean) => columnName(merged[key], `${where}.columns.${key}`, nullable);
  const columns = {
    symbol: col('symbol', false),
    timeframe: col('timeframe', false),
    ts: col('ts', false),
    direction: col('direction', true),
    pUp: col('pUp', true),
    horizon: col('horizon', true),
  };
  if (columns.direction === null && columns.pUp === null) {
    throw new InvalidParameterError(`${where}.columns`, 'needs a direction or a pUp column (both are null)');
  }
  const legacyHorizon = positiveInt(options.legacyHorizon ?? 1, `${where}.legacyHorizon`);
  return { table, quotedTable, columns, legacyHorizon };
}

/** A column of the legacy table as the catalogue describes it. */
interface CatalogColumn {
  name: string | null;
  type: string | null;
  category: string | null;
  found: boolean;
}

/**
 * Checks that the legacy table exists and has every named column with a usable type (ts a timestamp; direction, pUp
 * and horizon numeric), from the catalogue. Returns whether `ts` is a `timestamp` without time zone. Throws
 * `PipelineError` `LEGACY_SOURCE` naming the table or the column (and the option that names it).
 *
 * @example
 * ```ts
 * await checkLegacyTable(store, legacySource({}), 'options')                        // => { tsWithoutZone: false }
 * await checkLegacyTable(store, legacySource({ table: 'alpha.nope' }), 'options')  // throws PipelineError LEGACY_SOURCE: ... alpha.nope does not exist (options.table)
 * ```
 */
export async function checkLegacyTable(store: AlphaStore, source: LegacySource, where: string): Promise<{ tsWithoutZone: boolean }> {
  let rows: CatalogColumn[];
  try {
    const r = await sql<CatalogColumn>`
      SELECT a.attname::text AS name, format_type(a.atttypid, NULL) AS type, t.typcategory::text AS category, x.r IS NOT NULL AS found
      FROM (SELECT to_regclass(${source.quotedTable}) AS r) x
      LEFT JOIN pg_attribute a ON a.attrelid = x.r AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_type t ON t.oid = a.atttypid`.execute(store.db);
    rows = r.rows;
  } catch (e) {
    throw storeError('STORE_READ', 'compareWithLegacy (reading the catalogue)', e);
  }
  if (!rows[0]?.found) {
    throw new PipelineError('LEGACY_SOURCE', `compareWithLegacy: the legacy table ${source.table} does not exist (${where}.table)`);
  }
  const byName = new Map(rows.map((r) => [r.name, r]));
  let tsWithoutZone = false;
  for (const [key, name] of Object.entries(source.columns) as [keyof LegacyColumns, string | null][]) {
    if (name === null) continue;
    const c = byName.get(name);
    if (c === undefined) {
      throw new PipelineError('LEGACY_SOURCE', `compareWithLegacy: the legacy table ${source.table} has no column ${describeValue(name)} (${where}.columns.${key})`);
    }
    const bad = (expected: string) =>
      new PipelineError('LEGACY_SOURCE', `compareWithLegacy: column ${describeValue(name)} of ${source.table} is ${c.type}, expected ${expected} (${where}.columns.${key})`);
    if (key === 'ts') {
      if (c.type === 'timestamp without time zone') tsWithoutZone = true;
      else if (c.type !== 'timestamp with time zone') throw bad('timestamptz or timestamp');
    } else if (key !== 'symbol' && key !== 'timeframe' && c.category !== 'N') {
      throw bad('a numeric type');
    }
  }
  return { tsWithoutZone };
}

/** One resolved alpha_v4 prediction paired with the legacy prediction of the same candle, symbol and horizon. */
export interface PairRow {
  symbol: string;
  timeframe: string;
  ts: Date;
  horizon: number;
  model_version: number;
  p_up: number;
  direction: number;
  outcome: number;
  realized_return: number;
  /** The legacy call: the sign of its direction (or of pUp - 0.5); null when the legacy value is NULL. */
  l_direction: number | null;
  l_p_up: number | null;
  /** Legacy rows with this key (more than one: ambiguous, not compared). */
  copies: number | string;
}

/** Filters of the paired read (each optional; times epoch milliseconds, `to` exclusive). */
export interface PairFilter {
  symbol?: string;
  timeframe?: string;
  modelVersion?: number;
  from?: number;
  to?: number;
}

/**
 * Reads the resolved alpha_v4 predictions that have a legacy prediction of the same (symbol, timeframe, ts,
 * horizon), in one query: legacy rows are grouped by that key (so that duplicates are counted, never multiplied).
 * A read the legacy data makes fail (SQLSTATE 22xxx, a value that does not convert, or 42xxx) is a `PipelineError`
 * `LEGACY_SOURCE` carrying the cause; any other failure a `StoreError` `STORE_READ`.
 *
 * @example
 * ```ts
 * const rows = await readPairs(store, legacySource({}), false, { symbol: 'BTC' })
 * rows[0] // => { symbol: 'BTC', timeframe: '15m', ts, horizon: 1, model_version: 3, direction: 1, outcome: 1, l_direction: -1, copies: 1, ... }
 * ```
 */
export async function readPairs(store: AlphaStore, source: LegacySource, tsWithoutZone: boolean, f: PairFilter): Promise<PairRow[]> {
  const c = source.columns;
  const ref = (name: string) => sql.raw(`l.${qualifiedName(name)}`);
  const ts = tsWithoutZone ? sql`(${ref(c.ts!)} AT TIME ZONE 'UTC')` : ref(c.ts!);
  const horizon = c.horizon === null ? sql`${source.legacyHorizon}::integer` : sql`${ref(c.horizon)}::integer`;
  const pUp = c.pUp === null ? sql`NULL::double precision` : sql`${ref(c.pUp)}::double precision`;
  const direction = c.direction === null ? sql`sign(${pUp} - 0.5)` : sql`sign(${ref(c.direction)}::double precision)`;
  const legacyWhere = [sql`true`];
  const ourWhere = [sql`p.outcome IS NOT NULL`];
  const both = (legacy: RawBuilder<unknown>, ours: RawBuilder<unknown>) => {
    legacyWhere.push(legacy);
    ourWhere.push(ours);
  };
  if (f.symbol !== undefined) both(sql`s.symbol = ${f.symbol}`, sql`p.symbol = ${f.symbol}`);
  if (f.timeframe !== undefined) both(sql`s.timeframe = ${f.timeframe}`, sql`p.timeframe = ${f.timeframe}`);
  if (f.from !== undefined) both(sql`s.ts >= ${new Date(f.from)}`, sql`p.ts >= ${new Date(f.from)}`);
  if (f.to !== undefined) both(sql`s.ts < ${new Date(f.to)}`, sql`p.ts < ${new Date(f.to)}`);
  if (f.modelVersion !== undefined) ourWhere.push(sql`p.model_version = ${f.modelVersion}`);
  try {
    const r = await sql<PairRow>`
      SELECT p.symbol, p.timeframe, p.ts, p.horizon, p.model_version, p.p_up, p.direction, p.outcome, p.realized_return,
             l.direction AS l_direction, l.p_up AS l_p_up, l.copies
      FROM alpha_v4.predictions p
      JOIN (
        SELECT s.symbol, s.timeframe, s.ts, s.horizon, min(s.direction) AS direction, min(s.p_up) AS p_up, count(*) AS copies
        FROM (SELECT ${ref(c.symbol!)}::text AS symbol, ${ref(c.timeframe!)}::text AS timeframe, ${ts} AS ts, ${horizon} AS horizon,
                     ${direction} AS direction, ${pUp} AS p_up
              FROM ${sql.raw(source.quotedTable)} l) s
        WHERE ${sql.join(legacyWhere, sql` AND `)}
        GROUP BY 1, 2, 3, 4
      ) l ON l.symbol = p.symbol AND l.timeframe = p.timeframe AND l.ts = p.ts AND l.horizon = p.horizon
      WHERE ${sql.join(ourWhere, sql` AND `)}
      ORDER BY p.symbol, p.timeframe, p.ts, p.horizon, p.model_version`.execute(store.db);
    return r.rows;
  } catch (e) {
    // A data exception (22xxx: a value that does not convert) or a name/type error (42xxx) is the legacy table's.
    const state = sqlStateOf(e);
    if (state === undefined || !/^(22|42)/.test(state)) throw storeError('STORE_READ', `compareWithLegacy (reading ${source.table})`, e);
    throw new PipelineError('LEGACY_SOURCE', `compareWithLegacy: reading ${source.table} failed: ${(e as Error).message}`, { cause: e });
  }
}
