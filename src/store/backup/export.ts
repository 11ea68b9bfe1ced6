/**
 * Exporting the store to a {@link BackupSink}: model binaries (and their metadata), the feature stores as CSV, and
 * the prediction history (live and archived) as CSV. Values travel as PostgreSQL's own text (float8 shortest-exact
 * digits, timestamps in UTC with microseconds, jsonb text), so that `restoreBackup` puts back exactly what was
 * exported.
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import { plainBytes } from '../bytes.js';
import type { SqlSession } from '../drivers/driver.js';
import { optionKeys, positiveInt } from '../ops/checks.js';
import { OPERATION_POOLS } from '../ops/context.js';
import type { AlphaStore } from '../types.js';
import { csvLine } from './csv.js';
import { backupId, manifestPath, type BackupFile, type BackupManifest } from './manifest.js';
import { checkPruneTime, pruneBackups } from './prune.js';
import { checkSink, sinkCall, type BackupSink } from './sink.js';
import { BUCKET_OF, CSV_TABLES, MODEL_META, PRIMARY_KEYS, columnsOf, textExpr } from './tables.js';

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

type MetaRow = Record<string, string | null> & { model_binary: Uint8Array };

const EXPORT_KEYS = optionKeys<ExportBackupOptions>({ now: true, retentionDays: true, rowsPerFile: true });

/**
 * Checks that `store` is an {@link AlphaStore} (a driver with transactions), for the backup functions.
 *
 * @example
 * ```ts
 * checkBackupStore(await createPgliteStore()) // passes
 * ```
 */
export function checkBackupStore(store: unknown): asserts store is AlphaStore {
  const driver = (store as Partial<AlphaStore> | null)?.driver;
  if (driver === null || typeof driver !== 'object' || typeof driver.transaction !== 'function') {
    throw new InvalidParameterError('store', `expected an AlphaStore, got ${describeValue(store)}`);
  }
}

/** Model metadata as JSON (exact text) and one object per binary; returns the binaries written. */
async function exportModels(s: SqlSession, sink: BackupSink, id: string): Promise<number> {
  const meta = (alias: string) =>
    MODEL_META.map((c) => textExpr({ name: c, type: ['train_start', 'train_end', 'created_at'].includes(c) ? 'timestamp with time zone' : 'text' }, alias)).join(', ');
  const versions = await s.query<MetaRow>(`SELECT ${meta('v.')}, v.model_binary FROM alpha_v4.model_versions v ORDER BY v.symbol, v.timeframe, v.version`);
  const active = await s.query<MetaRow>(
    `SELECT ${meta('m.')}, ${textExpr({ name: 'previous_version', type: 'integer' }, 'm.')},
            ${textExpr({ name: 'activated_at', type: 'timestamp with time zone' }, 'm.')},
            m.model_binary, (v.version IS NOT NULL) AS in_versions
     FROM alpha_v4.models m LEFT JOIN alpha_v4.model_versions v
       ON v.symbol = m.symbol AND v.timeframe = m.timeframe AND v.version = m.version AND v.checksum = m.checksum
     ORDER BY m.symbol, m.timeframe`,
  );
  const binPath = (r: Record<string, unknown>, kind: string) => `${id}/${kind}/${encodeURIComponent(String(r.symbol))}/${encodeURIComponent(String(r.timeframe))}/v${r.version}.bin`;
  let binaries = 0;
  const versionMeta = [];
  for (const r of versions.rows) {
    const path = binPath(r, 'versions');
    await sink.put('model-backups', path, plainBytes(r.model_binary));
    binaries++;
    const { model_binary: _b, ...rest } = r;
    versionMeta.push({ ...rest, binary: path });
  }
  const activeMeta = [];
  for (const r of active.rows) {
    // An active model that is also a saved version shares its binary object.
    let path = binPath(r, 'versions');
    if (!(r as unknown as { in_versions: boolean }).in_versions) {
      path = binPath(r, 'active');
      await sink.put('model-backups', path, plainBytes(r.model_binary));
      binaries++;
    }
    const { model_binary: _b, in_versions: _i, ...rest } = r as Record<string, unknown>;
    activeMeta.push({ ...rest, binary: path });
  }
  await sink.put('model-backups', `${id}/model_versions.json`, JSON.stringify(versionMeta));
  await sink.put('model-backups', `${id}/models.json`, JSON.stringify(activeMeta));
  return binaries;
}

/** The CSV tables in parts of `rowsPerFile` rows, streamed through a cursor; returns each table's parts. */
async function exportTables(s: SqlSession, sink: BackupSink, id: string, rowsPerFile: number): Promise<Record<string, BackupFile[]>> {
  const tables: Record<string, BackupFile[]> = {};
  for (const table of CSV_TABLES) {
    const cols = await columnsOf(s, table);
    const bucket = BUCKET_OF[table];
    const files: BackupFile[] = [];
    const order = PRIMARY_KEYS[table]!.split(', ').map((k) => `t.${k}`).join(', ');
    await s.query(`DECLARE alpha_v4_backup NO SCROLL CURSOR FOR SELECT ${cols.map((c) => textExpr(c, 't.')).join(', ')} FROM ${table} t ORDER BY ${order}`);
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
  return tables;
}

/**
 * Exports the store to `sink` in one consistent snapshot (a REPEATABLE READ, READ ONLY transaction), then deletes
 * backups older than the retention (30 days). The manifest is written last. The arguments are checked first
 * (`InvalidParameterError`): `now` a valid Date, `retentionDays` > 0 (`Infinity` keeps all), `rowsPerFile` an integer
 * from 1 to 1,000,000.
 *
 * @example
 * ```ts
 * const { manifest } = await exportBackup(store, createFsBackupSink('/var/backups/alpha'))
 * manifest.format // => 'alpha-v4-backup'
 * ```
 */
export async function exportBackup(store: AlphaStore, sink: BackupSink, options?: ExportBackupOptions): Promise<ExportBackupResult> {
  checkBackupStore(store);
  checkSink(sink);
  const o = checkOptions(options, EXPORT_KEYS, 'options');
  const { now, retentionDays } = checkPruneTime(o.now, o.retentionDays);
  const rowsPerFile = positiveInt(o.rowsPerFile ?? 10_000, 'options.rowsPerFile', 1_000_000);
  const id = backupId(now);
  const manifest = await sinkCall(`exportBackup ${id}`, () =>
    store.driver.transaction(OPERATION_POOLS.backup, async (s): Promise<BackupManifest> => {
      await s.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const binaries = await exportModels(s, sink, id);
      const tables = await exportTables(s, sink, id, rowsPerFile);
      return {
        format: 'alpha-v4-backup',
        formatVersion: 1,
        id,
        createdAt: now.toISOString(),
        engine: store.engine,
        models: { versions: `${id}/model_versions.json`, active: `${id}/models.json`, binaries },
        tables,
      };
    }),
  );
  await sinkCall(`exportBackup ${id}: writing the manifest`, () => sink.put('model-backups', manifestPath(id), JSON.stringify(manifest, null, 2)));
  const pruned = Number.isFinite(retentionDays) ? await pruneBackups(sink, { now, retentionDays, keep: [id] }) : [];
  return { manifest, pruned };
}
