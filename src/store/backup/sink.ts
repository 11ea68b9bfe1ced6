/** Where backups go: a {@link BackupSink} holds objects in three buckets under `/`-separated paths. */

/** The three buckets of a backup. */
export type BackupBucket = 'model-backups' | 'feature-backups' | 'predictions-backup';

/**
 * Every bucket.
 *
 * @example
 * ```ts
 * BACKUP_BUCKETS // => ['model-backups', 'feature-backups', 'predictions-backup']
 * ```
 */
export const BACKUP_BUCKETS: readonly BackupBucket[] = ['model-backups', 'feature-backups', 'predictions-backup'];

/**
 * Where backups go: object storage with buckets and `/`-separated paths. Two ship with the library:
 * `createFsBackupSink` (a directory, Node) and `createSupabaseBackupSink` (Supabase Storage).
 *
 * @example
 * ```ts
 * await sink.put('model-backups', '20261127T014500123Z/manifest.json', '{}')
 * await sink.list('model-backups', '20261127T014500123Z') // => ['20261127T014500123Z/manifest.json']
 * ```
 */
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
