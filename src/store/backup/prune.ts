/** The retention of backups: deleting those older than a number of days. */
import { BACKUP_BUCKETS, type BackupSink } from './sink.js';
import { backupTime, listBackups, manifestPath } from './manifest.js';

/**
 * Days a backup is kept by default.
 *
 * @example
 * ```ts
 * BACKUP_RETENTION_DAYS // => 30
 * ```
 */
export const BACKUP_RETENTION_DAYS = 30;

/**
 * Deletes every backup (complete or not) older than `retentionDays` (default 30) before `now`, except those in
 * `keep`. Each backup's manifest goes first, so that a half-deleted backup is never taken for a complete one.
 * Returns the ids deleted.
 *
 * @example
 * ```ts
 * await pruneBackups(sink, { retentionDays: 7 }) // => ['20261101T000000000Z', ...]
 * ```
 */
export async function pruneBackups(sink: BackupSink, options: { now?: Date; retentionDays?: number; keep?: readonly string[] } = {}): Promise<string[]> {
  const now = (options.now ?? new Date()).getTime();
  const cutoff = now - (options.retentionDays ?? BACKUP_RETENTION_DAYS) * 86_400_000;
  const keep = new Set(options.keep ?? []);
  const deleted: string[] = [];
  for (const { id } of await listBackups(sink)) {
    if (keep.has(id) || backupTime(id) >= cutoff) continue;
    await sink.remove('model-backups', [manifestPath(id)]);
    for (const bucket of BACKUP_BUCKETS) {
      const paths = await sink.list(bucket, id);
      if (paths.length > 0) await sink.remove(bucket, paths);
    }
    deleted.push(id);
  }
  return deleted;
}
