/**
 * The backup format: ids (sortable UTC time stamps), the manifest (`model-backups/<id>/manifest.json`, written
 * last, so that a backup without one is incomplete), and finding the backups a sink holds.
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { utf8Text } from '../bytes.js';
import { StoreError, storeError } from '../errors.js';
import { requireTime } from '../ops/checks.js';
import { BACKUP_BUCKETS, checkSink, sinkCall, type BackupBucket, type BackupSink } from './sink.js';

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

/**
 * A backup id for a time: `YYYYMMDDTHHMMSSmmmZ`. The time must be a valid Date in the years 0001 to 9999.
 *
 * @example
 * ```ts
 * backupId(new Date('2026-11-27T01:45:00.123Z')) // => '20261127T014500123Z'
 * ```
 */
export function backupId(at: Date): string {
  if (!(at instanceof Date)) throw new InvalidParameterError('at', `expected a Date, got ${describeValue(at)}`);
  requireTime(at, 'at');
  return at.toISOString().replace(/[-:]/g, '').replace('.', '');
}

/**
 * The time of a backup id, or NaN when it is not one.
 *
 * @example
 * ```ts
 * backupTime('20261127T014500123Z') // => 1795743900123
 * backupTime('latest')              // => NaN
 * ```
 */
export function backupTime(id: string): number {
  const m = typeof id === 'string' ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(id) : null;
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!) : Number.NaN;
}

/**
 * The path of a backup's manifest in the `model-backups` bucket.
 *
 * @example
 * ```ts
 * manifestPath('20261127T014500123Z') // => '20261127T014500123Z/manifest.json'
 * ```
 */
export function manifestPath(id: string): string {
  return `${id}/manifest.json`;
}

/**
 * The backup ids present in a sink (complete or not), oldest first. A backup is complete when its manifest exists.
 *
 * @example
 * ```ts
 * await listBackups(sink) // => [{ id: '20261127T014500123Z', complete: true }]
 * ```
 */
export async function listBackups(sink: BackupSink): Promise<{ id: string; complete: boolean }[]> {
  checkSink(sink);
  const ids = new Map<string, boolean>();
  for (const bucket of BACKUP_BUCKETS) {
    const paths = await sinkCall(`listing ${bucket}`, () => sink.list(bucket, ''));
    if (!Array.isArray(paths)) throw new StoreError('STORE_BACKUP', `the sink listed ${describeValue(paths)} for ${bucket}, not an array of paths`);
    for (const path of paths as unknown[]) {
      if (typeof path !== 'string') continue;
      const id = path.split('/')[0]!;
      if (!Number.isFinite(backupTime(id))) continue;
      const complete = ids.get(id) === true || (bucket === 'model-backups' && path === manifestPath(id));
      ids.set(id, complete);
    }
  }
  return [...ids].map(([id, complete]) => ({ id, complete })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * Reads one object of a backup; a failed read, or a sink that returns no bytes, is `STORE_BACKUP` saying `missing`
 * (default: that the path is missing).
 *
 * @example
 * ```ts
 * await getBackupObject(sink, 'model-backups', '20261127T014500123Z/models.json') // => Uint8Array
 * ```
 */
export async function getBackupObject(sink: BackupSink, bucket: BackupBucket, path: string, missing = `${bucket}/${path} is missing (backup incomplete)`): Promise<Uint8Array> {
  let data: unknown;
  try {
    data = await sink.get(bucket, path);
  } catch (e) {
    throw new StoreError('STORE_BACKUP', `restoreBackup: ${missing}: ${e instanceof Error ? e.message : describeValue(e)}`, { cause: e });
  }
  if (!(data instanceof Uint8Array)) throw new StoreError('STORE_BACKUP', `restoreBackup: the sink returned ${describeValue(data)} for ${bucket}/${path}, not bytes`);
  return data;
}

/**
 * Reads a JSON object of a backup from the `model-backups` bucket; a missing object (said as `missing`) or one that
 * is not JSON is `STORE_BACKUP` naming the path.
 *
 * @example
 * ```ts
 * await readBackupJson(sink, '20261127T014500123Z/models.json') // => [{ symbol: 'BTC', ... }]
 * ```
 */
export async function readBackupJson(sink: BackupSink, path: string, missing?: string): Promise<unknown> {
  const text = utf8Text(await getBackupObject(sink, 'model-backups', path, missing));
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw storeError('STORE_BACKUP', `restoreBackup: ${path} is not JSON`, e);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isFile = (f: unknown): boolean =>
  isObject(f) && BACKUP_BUCKETS.includes(f.bucket as BackupBucket) && typeof f.path === 'string' && Number.isSafeInteger(f.rows) && (f.rows as number) >= 0;

/**
 * Reads the manifest of backup `id` (default: the newest complete backup) and checks it: its format, its id, the
 * model files named as strings, every table part a `{ bucket, path, rows }` with a known bucket and a row count.
 * Throws `STORE_BACKUP` when there is none or it is not a well-formed alpha-v4 manifest.
 *
 * @example
 * ```ts
 * (await readManifest(sink, undefined)).formatVersion // => 1
 * ```
 */
export async function readManifest(sink: BackupSink, id: string | undefined): Promise<BackupManifest> {
  let chosen = id;
  if (chosen === undefined) {
    const complete = (await listBackups(sink)).filter((b) => b.complete);
    if (complete.length === 0) throw new StoreError('STORE_BACKUP', 'restoreBackup: the sink holds no complete backup');
    chosen = complete[complete.length - 1]!.id;
  }
  const m = await readBackupJson(sink, manifestPath(chosen), `backup ${chosen} has no manifest (missing or incomplete)`);
  const ok =
    isObject(m) &&
    m.format === 'alpha-v4-backup' &&
    m.formatVersion === 1 &&
    m.id === chosen &&
    isObject(m.models) &&
    typeof m.models.versions === 'string' &&
    typeof m.models.active === 'string' &&
    isObject(m.tables) &&
    Object.values(m.tables).every((files) => Array.isArray(files) && files.every(isFile));
  if (!ok) throw new StoreError('STORE_BACKUP', `restoreBackup: ${chosen}/manifest.json is not a well-formed alpha-v4 backup manifest (format version 1)`);
  return m as unknown as BackupManifest;
}
