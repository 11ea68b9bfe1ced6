/**
 * Backups of the alpha_v4 store to a pluggable {@link BackupSink}: model binaries (and their metadata), the feature
 * stores as CSV, and the prediction history (live and archived) as CSV, in three buckets: `model-backups`,
 * `feature-backups`, `predictions-backup`. Values travel as PostgreSQL's own text (float8 shortest-exact digits,
 * timestamps in UTC with microseconds, jsonb text), so {@link restoreBackup} puts back exactly what was exported.
 * Backups older than 30 days are deleted after each export.
 *
 * Sinks: a filesystem directory (`createFsBackupSink`, `@alpha-v4/core/node`) or Supabase Storage
 * ({@link createSupabaseBackupSink}, through `@supabase/supabase-js`).
 */
import type { SqlSession } from './driver.js';
import { StoreError, storeError } from './errors.js';
import { ident, textArray } from './literals.js';
import { FEATURE_STORE_TABLES } from './schema.js';
import type { AlphaStore } from './store.js';

/** The three buckets of a backup. */
export type BackupBucket = 'model-backups' | 'feature-backups' | 'predictions-backup';
/** Every bucket. */
export const BACKUP_BUCKETS: readonly BackupBucket[] = ['model-backups', 'feature-backups', 'predictions-backup'];
/** Days a backup is kept by default. */
export const BACKUP_RETENTION_DAYS = 30;

/** Where backups go: object storage with buckets and `/`-separated paths. */
export interface BackupSink {
  /** Writes (or overwrites) one object. */
  put(bucket: BackupBucket, path: string, data: Uint8Array | string): Promise<void>;
  /** Reads one object; throws when it does not exist. */
  get(bucket: BackupBucket, path: string): Promise<Uint8Array>;
  /** The paths of every object under `prefix` (recursively). */
  list(bucket: BackupBucket, prefix: string): Promise<string[]>;
  /** Deletes objects (missing ones are ignored). */
  remove(bucket: BackupBucket, paths: readonly string[]): Promise<void>;
}

/** One CSV file of a backup. */
export interface BackupFile {
  readonly bucket: BackupBucket;
  readonly path: string;
  readonly rows: number;
}

/** The manifest of a backup (`model-backups/<id>/manifest.json`, written last: a backup without one is incomplete). */
export interface BackupManifest {
  readonly format: 'alpha-v4-backup';
  readonly formatVersion: 1;
  /** Sortable UTC time stamp, e.g. `20261127T014500123Z`. */
  readonly id: string;
  readonly createdAt: string;
  readonly engine: string;
  /** Metadata of every model version and active model (binaries are separate objects). */
  readonly models: { readonly versions: string; readonly active: string; readonly binaries: number };
  /** Per table: its CSV parts. */
  readonly tables: Readonly<Record<string, readonly BackupFile[]>>;
}

/** Options of {@link exportBackup}. */
export interface ExportBackupOptions {
  /** The backup's time (default now); also the reference of the retention. */
  now?: Date;
  /** Delete backups older than this many days (default 30; `Infinity` keeps all). */
  retentionDays?: number;
  /** Rows per CSV part (default 10,000). */
  rowsPerFile?: number;
}

/** What {@link exportBackup} did. */
export interface ExportBackupResult {
  readonly manifest: BackupManifest;
  /** Backups deleted by the retention. */
  readonly pruned: readonly string[];
}

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

const TABLES_CSV = ['alpha_v4.feature_store_15m', 'alpha_v4.feature_store_1h', 'alpha_v4.predictions', 'alpha_v4.predictions_archive'] as const;
const BUCKET_OF: Record<(typeof TABLES_CSV)[number], BackupBucket> = {
  'alpha_v4.feature_store_15m': 'feature-backups',
  'alpha_v4.feature_store_1h': 'feature-backups',
  'alpha_v4.predictions': 'predictions-backup',
  'alpha_v4.predictions_archive': 'predictions-backup',
};
const MODEL_META = ['symbol', 'timeframe', 'version', 'format', 'checksum', 'feature_names', 'metrics', 'train_start', 'train_end', 'created_at'];

/** A backup id for a time: `YYYYMMDDTHHMMSSmmmZ`. */
export function backupId(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace('.', '');
}

/** The time of a backup id, or NaN when it is not one. */
export function backupTime(id: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(id);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!) : Number.NaN;
}

// ---------------------------------------------------------------------------------------------------------------
// CSV (RFC 4180; an unquoted empty field is NULL, a quoted empty field is the empty string).

function csvField(v: string | null): string {
  if (v === null) return '';
  return v === '' || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function csvLine(values: readonly (string | null)[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

/** Parses CSV text into rows of fields (`null` for an unquoted empty field). */
export function parseCsv(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let value: string | null;
    if (text[i] === '"') {
      let out = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new StoreError('STORE_BACKUP', 'CSV: unterminated quoted field');
        out += text.slice(i, q);
        if (text[q + 1] === '"') {
          out += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      value = out;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      value = j === i ? null : text.slice(i, j);
      i = j;
    }
    row.push(value);
    if (text[i] === ',') {
      i++;
      if (i === n) row.push(null);
    } else {
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Text helpers (TextEncoder/TextDecoder exist in Node, Deno, browsers and edge runtimes).

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

function segment(s: string): string {
  return encodeURIComponent(s);
}

// ---------------------------------------------------------------------------------------------------------------
// Export.

interface ColumnInfo {
  name: string;
  type: string;
}

async function columnsOf(s: SqlSession, table: string): Promise<ColumnInfo[]> {
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
 */
function textExpr(c: ColumnInfo, alias = ''): string {
  const col = `${alias}${ident(c.name)}`;
  const expr = c.type === 'timestamp with time zone' ? `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : `${col}::text`;
  return `${expr} AS ${ident(c.name)}`;
}

const PRIMARY_KEYS: Record<string, string> = {
  'alpha_v4.feature_store_15m': 'symbol, ts',
  'alpha_v4.feature_store_1h': 'symbol, ts',
  'alpha_v4.predictions': 'symbol, timeframe, ts, horizon, model_version',
  'alpha_v4.predictions_archive': 'symbol, timeframe, ts, horizon, model_version',
};

/**
 * Exports the store to `sink` in one consistent snapshot (a REPEATABLE READ, READ ONLY transaction), then deletes
 * backups older than the retention (30 days). The manifest is written last.
 *
 * @example
 * ```ts
 * const { manifest } = await exportBackup(store, createFsBackupSink('/var/backups/alpha'))
 * ```
 */
export async function exportBackup(store: AlphaStore, sink: BackupSink, options: ExportBackupOptions = {}): Promise<ExportBackupResult> {
  const now = options.now ?? new Date();
  if (!(now instanceof Date) || !Number.isFinite(now.getTime())) throw new StoreError('STORE_CONFIG', 'exportBackup: now must be a valid Date');
  const rowsPerFile = options.rowsPerFile ?? 10_000;
  if (!Number.isInteger(rowsPerFile) || rowsPerFile <= 0) throw new StoreError('STORE_CONFIG', `exportBackup: rowsPerFile must be a positive integer, got ${rowsPerFile}`);
  const retentionDays = options.retentionDays ?? BACKUP_RETENTION_DAYS;
  if (!(retentionDays > 0)) throw new StoreError('STORE_CONFIG', `exportBackup: retentionDays must be > 0, got ${retentionDays}`);
  const id = backupId(now);
  let manifest: BackupManifest;
  try {
    manifest = await store.driver.transaction('monitoring', async (s) => {
      await s.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      // Models: metadata as JSON (exact text), one object per binary.
      const meta = (alias = '') =>
        MODEL_META.map((c) => textExpr({ name: c, type: ['train_start', 'train_end', 'created_at'].includes(c) ? 'timestamp with time zone' : 'text' }, alias)).join(', ');
      const versions = await s.query<Record<string, string | null> & { model_binary: Uint8Array }>(
        `SELECT ${meta('v.')}, v.model_binary FROM alpha_v4.model_versions v ORDER BY v.symbol, v.timeframe, v.version`,
      );
      const active = await s.query<Record<string, string | null> & { model_binary: Uint8Array }>(
        `SELECT ${meta('m.')}, ${textExpr({ name: 'previous_version', type: 'integer' }, 'm.')},
                ${textExpr({ name: 'activated_at', type: 'timestamp with time zone' }, 'm.')},
                m.model_binary, (v.version IS NOT NULL) AS in_versions
         FROM alpha_v4.models m LEFT JOIN alpha_v4.model_versions v
           ON v.symbol = m.symbol AND v.timeframe = m.timeframe AND v.version = m.version AND v.checksum = m.checksum
         ORDER BY m.symbol, m.timeframe`,
      );
      const binPath = (r: Record<string, unknown>, kind: string) => `${id}/${kind}/${segment(String(r.symbol))}/${segment(String(r.timeframe))}/v${r.version}.bin`;
      let binaries = 0;
      const versionMeta = [];
      for (const r of versions.rows) {
        const path = binPath(r, 'versions');
        await sink.put('model-backups', path, bytesOf(r.model_binary));
        binaries++;
        const { model_binary: _b, ...rest } = r;
        versionMeta.push({ ...rest, binary: path });
      }
      const activeMeta = [];
      for (const r of active.rows) {
        let path = binPath(r, 'versions');
        if (!(r as unknown as { in_versions: boolean }).in_versions) {
          path = binPath(r, 'active');
          await sink.put('model-backups', path, bytesOf(r.model_binary));
          binaries++;
        }
        const { model_binary: _b, in_versions: _i, ...rest } = r as Record<string, unknown>;
        activeMeta.push({ ...rest, binary: path });
      }
      await sink.put('model-backups', `${id}/model_versions.json`, JSON.stringify(versionMeta));
      await sink.put('model-backups', `${id}/models.json`, JSON.stringify(activeMeta));

      // Tables as CSV parts, streamed through a cursor.
      const tables: Record<string, BackupFile[]> = {};
      for (const table of TABLES_CSV) {
        const cols = await columnsOf(s, table);
        const bucket = BUCKET_OF[table];
        const files: BackupFile[] = [];
        await s.query(`DECLARE alpha_v4_backup NO SCROLL CURSOR FOR SELECT ${cols.map((c) => textExpr(c, 't.')).join(', ')} FROM ${table} t ORDER BY ${PRIMARY_KEYS[table]!.split(', ').map((k) => `t.${k}`).join(', ')}`);
        const header = csvLine(cols.map((c) => c.name));
        for (let part = 0; ; part++) {
          const r = await s.query<Record<string, string | null>>(`FETCH ${rowsPerFile} FROM alpha_v4_backup`);
          if (r.rows.length === 0 && part > 0) break;
          let text = header;
          for (const row of r.rows) text += csvLine(Object.values(row));
          const path = `${id}/${table.slice('alpha_v4.'.length)}/part-${String(part).padStart(5, '0')}.csv`;
          await sink.put(bucket, path, text);
          files.push({ bucket, path, rows: r.rows.length });
          if (r.rows.length < rowsPerFile) break;
        }
        await s.query('CLOSE alpha_v4_backup');
        tables[table] = files;
      }
      return {
        format: 'alpha-v4-backup',
        formatVersion: 1,
        id,
        createdAt: now.toISOString(),
        engine: store.engine,
        models: { versions: `${id}/model_versions.json`, active: `${id}/models.json`, binaries },
        tables,
      } satisfies BackupManifest;
    });
  } catch (e) {
    throw storeError('STORE_BACKUP', `exportBackup ${id}`, e);
  }
  await sink.put('model-backups', `${id}/manifest.json`, JSON.stringify(manifest, null, 2));
  const pruned = Number.isFinite(retentionDays) ? await pruneBackups(sink, { now, retentionDays, keep: [id] }) : [];
  return { manifest, pruned };
}

function bytesOf(b: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(b) === Uint8Array.prototype ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** The backup ids present in a sink (complete or not), oldest first. */
export async function listBackups(sink: BackupSink): Promise<{ id: string; complete: boolean }[]> {
  const ids = new Map<string, boolean>();
  for (const bucket of BACKUP_BUCKETS) {
    for (const path of await sink.list(bucket, '')) {
      const id = path.split('/')[0]!;
      if (!Number.isFinite(backupTime(id))) continue;
      const complete = ids.get(id) === true || (bucket === 'model-backups' && path === `${id}/manifest.json`);
      ids.set(id, complete);
    }
  }
  return [...ids].map(([id, complete]) => ({ id, complete })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * Deletes every backup (complete or not) older than `retentionDays` before `now`, except those in `keep`. Returns
 * the ids deleted.
 */
export async function pruneBackups(sink: BackupSink, options: { now?: Date; retentionDays?: number; keep?: readonly string[] } = {}): Promise<string[]> {
  const now = (options.now ?? new Date()).getTime();
  const cutoff = now - (options.retentionDays ?? BACKUP_RETENTION_DAYS) * 86_400_000;
  const keep = new Set(options.keep ?? []);
  const deleted: string[] = [];
  for (const { id } of await listBackups(sink)) {
    if (keep.has(id) || backupTime(id) >= cutoff) continue;
    // The manifest goes first, so that a half-deleted backup is never taken for a complete one.
    await sink.remove('model-backups', [`${id}/manifest.json`]);
    for (const bucket of BACKUP_BUCKETS) {
      const paths = await sink.list(bucket, id);
      if (paths.length > 0) await sink.remove(bucket, paths);
    }
    deleted.push(id);
  }
  return deleted;
}

// ---------------------------------------------------------------------------------------------------------------
// Restore.

async function readManifest(sink: BackupSink, id: string | undefined): Promise<BackupManifest> {
  let chosen = id;
  if (chosen === undefined) {
    const complete = (await listBackups(sink)).filter((b) => b.complete);
    if (complete.length === 0) throw new StoreError('STORE_BACKUP', 'restoreBackup: the sink holds no complete backup');
    chosen = complete[complete.length - 1]!.id;
  }
  let text: string;
  try {
    text = fromUtf8(await sink.get('model-backups', `${chosen}/manifest.json`));
  } catch (e) {
    throw storeError('STORE_BACKUP', `restoreBackup: backup ${chosen} has no manifest (missing or incomplete)`, e);
  }
  const manifest = JSON.parse(text) as BackupManifest;
  if (manifest.format !== 'alpha-v4-backup' || manifest.formatVersion !== 1 || manifest.id !== chosen) {
    throw new StoreError('STORE_BACKUP', `restoreBackup: ${chosen}/manifest.json is not an alpha-v4 backup manifest (format version 1)`);
  }
  return manifest;
}

/**
 * Restores a backup (default: the newest complete one) in one transaction: models and their versions, the feature
 * stores, predictions and the archive. Row counts are checked against the manifest, and the database re-checks every
 * binary's sha256; any mismatch rolls everything back.
 *
 * @example
 * ```ts
 * await restoreBackup(store, sink, { mode: 'replace' })
 * ```
 */
export async function restoreBackup(store: AlphaStore, sink: BackupSink, options: RestoreBackupOptions = {}): Promise<RestoreBackupResult> {
  const mode = options.mode ?? 'merge';
  if (mode !== 'merge' && mode !== 'replace') throw new StoreError('STORE_CONFIG', `restoreBackup: mode must be 'merge' or 'replace', got ${JSON.stringify(mode)}`);
  const chunkRows = options.chunkRows ?? 2000;
  const manifest = await readManifest(sink, options.id);
  const versionMeta = JSON.parse(fromUtf8(await sink.get('model-backups', manifest.models.versions))) as Record<string, string | null>[];
  const activeMeta = JSON.parse(fromUtf8(await sink.get('model-backups', manifest.models.active))) as Record<string, string | null>[];
  const binaries = new Map<string, Uint8Array>();
  for (const m of [...versionMeta, ...activeMeta]) {
    const path = m.binary!;
    if (!binaries.has(path)) binaries.set(path, await sink.get('model-backups', path));
  }
  const counts: Record<string, number> = {};
  try {
    await store.driver.transaction('monitoring', async (s) => {
      if (mode === 'replace') {
        await s.query(`DELETE FROM alpha_v4.models`);
        await s.query(`DELETE FROM alpha_v4.model_versions`);
        for (const table of TABLES_CSV) await s.query(`DELETE FROM ${table}`);
      }
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
      counts['alpha_v4.models'] = activeMeta.length;
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
      counts['alpha_v4.model_versions'] = versionMeta.length;
      for (const table of TABLES_CSV) {
        counts[table] = 0;
        const files = manifest.tables[table] ?? [];
        const cols = new Map((await columnsOf(s, table)).map((c) => [c.name, c.type]));
        for (const file of files) {
          const rows = parseCsv(fromUtf8(await sink.get(file.bucket, file.path)));
          const header = rows.shift() as string[] | undefined;
          if (!header) throw new StoreError('STORE_BACKUP', `${file.path}: empty CSV`);
          if (rows.length !== file.rows) throw new StoreError('STORE_BACKUP', `${file.path}: ${rows.length} rows, the manifest says ${file.rows}`);
          for (const name of header) {
            if (!cols.has(name)) throw new StoreError('STORE_BACKUP', `${file.path}: column ${name} does not exist in ${table}`);
          }
          if (rows.length === 0) continue;
          if (table.startsWith('alpha_v4.feature_store_')) await ensureFeaturePartitions(s, table, header, rows);
          counts[table] += await insertTextRows(s, table, header, header.map((h) => cols.get(h)!), rows, chunkRows);
        }
      }
    });
  } catch (e) {
    throw storeError('STORE_BACKUP', `restoreBackup ${manifest.id} (rolled back, nothing restored)`, e);
  }
  return { id: manifest.id, rows: counts };
}

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

// ---------------------------------------------------------------------------------------------------------------
// Supabase Storage sink.

/** The part of a Supabase Storage file API the sink uses (`supabase.storage.from(bucket)`). */
export interface StorageFileApiLike {
  upload(path: string, body: Uint8Array | Blob, options?: { upsert?: boolean; contentType?: string }): Promise<{ data: unknown; error: { message: string } | null }>;
  download(path: string): Promise<{ data: Blob | null; error: { message: string } | null }>;
  list(prefix?: string, options?: { limit?: number; offset?: number; sortBy?: { column: string; order: string } }): Promise<{ data: { name: string; id: string | null }[] | null; error: { message: string } | null }>;
  remove(paths: string[]): Promise<{ data: unknown; error: { message: string } | null }>;
}

/** The part of a Supabase client the sink uses: `client.storage`. */
export interface StorageClientLike {
  storage: {
    from(bucket: string): StorageFileApiLike;
    getBucket(id: string): Promise<{ data: unknown; error: { message: string } | null }>;
    createBucket(id: string, options?: { public?: boolean }): Promise<{ data: unknown; error: { message: string } | null }>;
  };
}

/**
 * A {@link BackupSink} on Supabase Storage, through a `@supabase/supabase-js` client (use the service-role key: the
 * buckets are private). The three buckets are created (private) when missing unless `createBuckets` is false.
 *
 * @example
 * ```ts
 * import { createClient } from '@supabase/supabase-js'
 * const sink = createSupabaseBackupSink(createClient(url, serviceRoleKey))
 * await exportBackup(store, sink)
 * ```
 */
export function createSupabaseBackupSink(client: StorageClientLike, options: { createBuckets?: boolean } = {}): BackupSink {
  let ready: Promise<void> | undefined;
  const ensure = () =>
    (ready ??= (async () => {
      if (options.createBuckets === false) return;
      for (const bucket of BACKUP_BUCKETS) {
        const got = await client.storage.getBucket(bucket);
        if (!got.error) continue;
        const made = await client.storage.createBucket(bucket, { public: false });
        if (made.error && !/exist/i.test(made.error.message)) throw new StoreError('STORE_BACKUP', `Supabase Storage: creating bucket ${bucket}: ${made.error.message}`);
      }
    })().catch((e: unknown) => {
      ready = undefined;
      throw e;
    }));
  const fail = (what: string, error: { message: string }) => new StoreError('STORE_BACKUP', `Supabase Storage: ${what}: ${error.message}`);
  const listAll = async (bucket: BackupBucket, prefix: string): Promise<string[]> => {
    const out: string[] = [];
    const pageSize = 1000;
    for (let offset = 0; ; offset += pageSize) {
      const r = await client.storage.from(bucket).list(prefix, { limit: pageSize, offset, sortBy: { column: 'name', order: 'asc' } });
      if (r.error) throw fail(`listing ${bucket}/${prefix}`, r.error);
      const entries = r.data ?? [];
      for (const e of entries) {
        const path = prefix ? `${prefix}/${e.name}` : e.name;
        if (e.id === null) out.push(...(await listAll(bucket, path)));
        else out.push(path);
      }
      if (entries.length < pageSize) break;
    }
    return out;
  };
  return {
    async put(bucket, path, data) {
      await ensure();
      const body = typeof data === 'string' ? utf8(data) : data;
      const contentType = path.endsWith('.csv') ? 'text/csv' : path.endsWith('.json') ? 'application/json' : 'application/octet-stream';
      const r = await client.storage.from(bucket).upload(path, body, { upsert: true, contentType });
      if (r.error) throw fail(`uploading ${bucket}/${path}`, r.error);
    },
    async get(bucket, path) {
      await ensure();
      const r = await client.storage.from(bucket).download(path);
      if (r.error || !r.data) throw fail(`downloading ${bucket}/${path}`, r.error ?? { message: 'no data' });
      return new Uint8Array(await r.data.arrayBuffer());
    },
    async list(bucket, prefix) {
      await ensure();
      return listAll(bucket, prefix.replace(/\/+$/, ''));
    },
    async remove(bucket, paths) {
      await ensure();
      for (let i = 0; i < paths.length; i += 1000) {
        const r = await client.storage.from(bucket).remove(paths.slice(i, i + 1000));
        if (r.error) throw fail(`removing from ${bucket}`, r.error);
      }
    },
  };
}
