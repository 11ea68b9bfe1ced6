/**
 * The backup format: ids (sortable UTC time stamps), the manifest (`model-backups/<id>/manifest.json`, written
 * last, so that a backup without one is incomplete), and finding the backups a sink holds.
 */
import { utf8Text } from '../bytes.js';
import { StoreError, storeError } from '../errors.js';
import { BACKUP_BUCKETS, type BackupBucket, type BackupSink } from './sink.js';

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
 * A backup id for a time: `YYYYMMDDTHHMMSSmmmZ`.
 *
 * @example
 * ```ts
 * backupId(new Date('2026-11-27T01:45:00.123Z')) // => '20261127T014500123Z'
 * ```
 */
export function backupId(at: Date): string {
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
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(id);
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
  const ids = new Map<string, boolean>();
  for (const bucket of BACKUP_BUCKETS) {
    for (const path of await sink.list(bucket, '')) {
      const id = path.split('/')[0]!;
      if (!Number.isFinite(backupTime(id))) continue;
      const complete = ids.get(id) === true || (bucket === 'model-backups' && path === manifestPath(id));
      ids.set(id, complete);
    }
  }
  return [...ids].map(([id, complete]) => ({ id, complete })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * Reads the manifest of backup `id` (default: the newest complete backup) and checks its format. Throws
 * `STORE_BACKUP` when there is none or it is not an alpha-v4 manifest.
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
  let text: string;
  try {
    text = utf8Text(await sink.get('model-backups', manifestPath(chosen)));
  } catch (e) {
    throw storeError('STORE_BACKUP', `restoreBackup: backup ${chosen} has no manifest (missing or incomplete)`, e);
  }
  const manifest = JSON.parse(text) as BackupManifest;
  if (manifest.format !== 'alpha-v4-backup' || manifest.formatVersion !== 1 || manifest.id !== chosen) {
    throw new StoreError('STORE_BACKUP', `restoreBackup: ${chosen}/manifest.json is not an alpha-v4 backup manifest (format version 1)`);
  }
  return manifest;
}
