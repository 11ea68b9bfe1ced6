/**
 * Restoring a backup into the store, in one transaction: models and their versions, the feature stores,
 * predictions and the archive. Each column is cast from text to its type, so PostgreSQL parses its own output.
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import { utf8Text } from '../bytes.js';
import type { SqlSession } from '../drivers/driver.js';
import { StoreError } from '../errors.js';
import { ident, textArray } from '../literals.js';
import { FEATURE_STORE_TABLES } from '../schema.js';
import { oneOf, optionKeys, positiveInt } from '../ops/checks.js';
import { OPERATION_POOLS } from '../ops/context.js';
import type { AlphaStore } from '../types.js';
import { checkBackupStore } from './export.js';
import { parseCsv } from './csv.js';
import { backupTime, getBackupObject, readBackupJson, readManifest, type BackupManifest } from './manifest.js';
import { checkSink, sinkCall, type BackupSink } from './sink.js';
import { CSV_TABLES, PRIMARY_KEYS, columnsOf } from './tables.js';

/** Options of {@link restoreBackup}. */
export interface RestoreBackupOptions {
  /** The backup to restore (default the newest complete one). */
  id?: string;
  /**
   * `'merge'` (default) upserts the backup's rows (rows it does not have stay); `'replace'` first empties the tables
   * the backup covers, so that they end up exactly as backed up.
   */
  mode?: 'merge' | 'replace';
  /** Rows per insert statement (default 2,000). */
  chunkRows?: number;
}

/** What {@link restoreBackup} restored. */
export interface RestoreBackupResult {
  readonly id: string;
  /** Rows per table. */
  readonly rows: Readonly<Record<string, number>>;
}

type ModelMeta = Record<string, string | null>;

const RESTORE_KEYS = optionKeys<RestoreBackupOptions>({ id: true, mode: true, chunkRows: true });

/** Reads a model metadata file: an array of objects, each naming its binary's path. */
async function readModelMeta(sink: BackupSink, path: string): Promise<ModelMeta[]> {
  const meta = await readBackupJson(sink, path);
  if (!Array.isArray(meta) || !meta.every((m) => m !== null && typeof m === 'object' && typeof (m as ModelMeta).binary === 'string')) {
    throw new StoreError('STORE_BACKUP', `restoreBackup: ${path} is not an array of model metadata objects with a binary path`);
  }
  return meta as ModelMeta[];
}

/** Upserts the active models, then the versions; binaries come from `binaries` by path. */
async function restoreModels(s: SqlSession, activeMeta: readonly ModelMeta[], versionMeta: readonly ModelMeta[], binaries: ReadonlyMap<string, Uint8Array>): Promise<void> {
  // Active models first, so that pruning (a trigger on model_versions) ranks the restored versions as they were.
  for (const m of activeMeta) {
    await s.query(
      `INSERT INTO alpha_v4.models (symbol, timeframe, version, previous_version, format, model_binary, checksum, feature_names,
                                    metrics, train_start, train_end, created_at, activated_at)
       VALUES ($1, $2, $3::int, $4::int, $5, $6::bytea, $7, $8::text[], $9::jsonb, $10::timestamptz, $11::timestamptz, $12::timestamptz, $13::timestamptz)
       ON CONFLICT (symbol, timeframe) DO UPDATE SET version = EXCLUDED.version, previous_version = EXCLUDED.previous_version,
         format = EXCLUDED.format, model_binary = EXCLUDED.model_binary, checksum = EXCLUDED.checksum,
         feature_names = EXCLUDED.feature_names, metrics = EXCLUDED.metrics, train_start = EXCLUDED.train_start,
         train_end = EXCLUDED.train_end, created_at = EXCLUDED.created_at, activated_at = EXCLUDED.activated_at`,
      [m.symbol, m.timeframe, m.version, m.previous_version, m.format, binaries.get(m.binary!), m.checksum, m.feature_names, m.metrics, m.train_start, m.train_end, m.created_at, m.activated_at],
    );
  }
  for (const m of versionMeta) {
    await s.query(
      `INSERT INTO alpha_v4.model_versions (symbol, timeframe, version, format, model_binary, checksum, feature_names, metrics,
                                            train_start, train_end, created_at)
       VALUES ($1, $2, $3::int, $4, $5::bytea, $6, $7::text[], $8::jsonb, $9::timestamptz, $10::timestamptz, $11::timestamptz)
       ON CONFLICT (symbol, timeframe, version) DO UPDATE SET format = EXCLUDED.format, model_binary = EXCLUDED.model_binary,
         checksum = EXCLUDED.checksum, feature_names = EXCLUDED.feature_names, metrics = EXCLUDED.metrics,
         train_start = EXCLUDED.train_start, train_end = EXCLUDED.train_end, created_at = EXCLUDED.created_at`,
      [m.symbol, m.timeframe, m.version, m.format, binaries.get(m.binary!), m.checksum, m.feature_names, m.metrics, m.train_start, m.train_end, m.created_at],
    );
  }
}

/** Upserts one CSV table's parts, each checked against the manifest's row count and the table's columns; returns the rows. */
async function restoreTable(s: SqlSession, sink: BackupSink, manifest: BackupManifest, table: string, chunkRows: number): Promise<number> {
  let count = 0;
  const cols = new Map((await columnsOf(s, table)).map((c) => [c.name, c.type]));
  for (const file of manifest.tables[table] ?? []) {
    const rows = parseCsv(utf8Text(await getBackupObject(sink, file.bucket, file.path)));
    const header = rows.shift() as string[] | undefined;
    if (!header) throw new StoreError('STORE_BACKUP', `${file.path}: empty CSV`);
    if (rows.length !== file.rows) throw new StoreError('STORE_BACKUP', `${file.path}: ${rows.length} rows, the manifest says ${file.rows}`);
    const ragged = rows.findIndex((r) => r.length !== header.length);
    if (ragged >= 0) throw new StoreError('STORE_BACKUP', `${file.path}: row ${ragged + 1} has ${rows[ragged]!.length} fields, the header ${header.length}`);
    for (const name of header) {
      if (!cols.has(name)) throw new StoreError('STORE_BACKUP', `${file.path}: column ${name} does not exist in ${table}`);
    }
    if (rows.length === 0) continue;
    if (table.startsWith('alpha_v4.feature_store_')) await ensureFeaturePartitions(s, table, header, rows);
    count += await insertTextRows(s, table, header, header.map((h) => cols.get(h)!), rows, chunkRows);
  }
  return count;
}

/**
 * Restores a backup (default: the newest complete one) in one transaction: models and their versions, the feature
 * stores, predictions and the archive. Row counts are checked against the manifest, and the database re-checks every
 * binary's sha256; any mismatch rolls everything back. The options are checked first (`InvalidParameterError`).
 *
 * @example
 * ```ts
 * (await restoreBackup(store, sink, { mode: 'replace' })).rows['alpha_v4.models'] // => active models restored
 * ```
 */
export async function restoreBackup(store: AlphaStore, sink: BackupSink, options?: RestoreBackupOptions): Promise<RestoreBackupResult> {
  checkBackupStore(store);
  checkSink(sink);
  const o = checkOptions(options, RESTORE_KEYS, 'options');
  const mode = oneOf(o.mode ?? 'merge', ['merge', 'replace'], 'options.mode');
  const chunkRows = positiveInt(o.chunkRows ?? 2000, 'options.chunkRows', 1_000_000);
  if (o.id !== undefined && !Number.isFinite(backupTime(o.id))) throw new InvalidParameterError('options.id', `expected a backup id such as '20261127T014500123Z', got ${describeValue(o.id)}`);
  const manifest = await readManifest(sink, o.id);
  const versionMeta = await readModelMeta(sink, manifest.models.versions);
  const activeMeta = await readModelMeta(sink, manifest.models.active);
  const binaries = new Map<string, Uint8Array>();
  for (const m of [...versionMeta, ...activeMeta]) {
    const path = m.binary!;
    if (!binaries.has(path)) binaries.set(path, await getBackupObject(sink, 'model-backups', path));
  }
  const counts: Record<string, number> = {};
  await sinkCall(`restoreBackup ${manifest.id} (rolled back, nothing restored)`, () =>
    store.driver.transaction(OPERATION_POOLS.backup, async (s) => {
      if (mode === 'replace') {
        await s.query(`DELETE FROM alpha_v4.models`);
        await s.query(`DELETE FROM alpha_v4.model_versions`);
        for (const table of CSV_TABLES) await s.query(`DELETE FROM ${table}`);
      }
      await restoreModels(s, activeMeta, versionMeta, binaries);
      counts['alpha_v4.models'] = activeMeta.length;
      counts['alpha_v4.model_versions'] = versionMeta.length;
      for (const table of CSV_TABLES) counts[table] = await restoreTable(s, sink, manifest, table, chunkRows);
    }),
  );
  return { id: manifest.id, rows: counts };
}

/** Creates the weekly feature partitions covering each symbol's rows (times are compared as UTC text). */
async function ensureFeaturePartitions(s: SqlSession, table: string, header: readonly string[], rows: readonly (string | null)[][]): Promise<void> {
  const tf = table === FEATURE_STORE_TABLES['15m'] ? '15m' : '1h';
  const si = header.indexOf('symbol');
  const ti = header.indexOf('ts');
  const span = new Map<string, [string, string]>();
  for (const r of rows) {
    const sym = r[si]!;
    const ts = r[ti]!;
    const cur = span.get(sym);
    if (!cur) span.set(sym, [ts, ts]);
    else {
      if (ts < cur[0]) cur[0] = ts;
      if (ts > cur[1]) cur[1] = ts;
    }
  }
  for (const [sym, [from, to]] of span) {
    await s.query(`SELECT alpha_v4.ensure_feature_partitions($1, ARRAY[$2::text], $3::timestamptz, $4::timestamptz + interval '1 microsecond')`, [tf, sym, from, to]);
  }
}

/** Upserts rows of text values, each column cast from `text[]` to its type (exact: PostgreSQL parses its own output). */
async function insertTextRows(
  s: SqlSession,
  table: string,
  header: readonly string[],
  types: readonly string[],
  rows: readonly (string | null)[][],
  chunkRows: number,
): Promise<number> {
  const pk = PRIMARY_KEYS[table]!.split(', ');
  const cols = header.map(ident).join(', ');
  const args = types.map((t, i) => `$${i + 1}::text[]::${t}[]`).join(', ');
  const set = header.filter((h) => !pk.includes(h)).map((h) => `${ident(h)} = EXCLUDED.${ident(h)}`);
  const conflict = set.length > 0 ? `DO UPDATE SET ${set.join(', ')}` : 'DO NOTHING';
  const text = `INSERT INTO ${table} (${cols}) SELECT * FROM unnest(${args}) ON CONFLICT (${PRIMARY_KEYS[table]}) ${conflict}`;
  let n = 0;
  for (let start = 0; start < rows.length; start += chunkRows) {
    const chunk = rows.slice(start, start + chunkRows);
    const params = header.map((_, c) => textArray(chunk.map((r) => r[c] ?? null)));
    n += (await s.query(text, params)).rowCount;
  }
  return n;
}
