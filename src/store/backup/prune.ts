/** The retention of backups: deleting those older than a number of days. */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import { requireTime } from '../ops/checks.js';
import { BACKUP_BUCKETS, sinkCall, type BackupSink } from './sink.js';
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
 * Checks the reference time and the retention of a backup export or prune: `now` a valid Date in the store's time
 * range (default: now), `retentionDays` a number > 0 (default 30; `Infinity` keeps all). A NaN or negative
 * retention would otherwise delete every backup.
 *
 * @example
 * ```ts
 * checkPruneTime(undefined, 7).retentionDays // => 7
 * checkPruneTime(undefined, NaN)             // throws InvalidParameterError 'options.retentionDays: ...'
 * ```
 */
export function checkPruneTime(now: unknown, retentionDays: unknown): { now: Date; retentionDays: number } {
  const at = now ?? new Date();
  if (!(at instanceof Date)) throw new InvalidParameterError('options.now', `expected a Date, got ${describeValue(at)}`);
  requireTime(at, 'options.now');
  const days = retentionDays ?? BACKUP_RETENTION_DAYS;
  if (typeof days !== 'number' || !(days > 0)) throw new InvalidParameterError('options.retentionDays', `expected a number of days > 0 (Infinity keeps all), got ${describeValue(days)}`);
  return { now: at, retentionDays: days };
}

/**
 * Deletes every backup (complete or not) older than `retentionDays` (default 30) before `now`, except those in
 * `keep`. Each backup's manifest goes first, so that a half-deleted backup is never taken for a complete one.
 * Returns the ids deleted. The options are checked first (see {@link checkPruneTime}).
 *
 * @example
 * ```ts
 * await pruneBackups(sink, { retentionDays: 7 }) // => ['20261101T000000000Z', ...]
 * ```
 */
export async function pruneBackups(sink: BackupSink, options?: { now?: Date; retentionDays?: number; keep?: readonly string[] }): Promise<string[]> {
  const o = checkOptions(options, ['now', 'retentionDays', 'keep'], 'options');
  const { now, retentionDays } = checkPruneTime(o.now, o.retentionDays);
  if (o.keep !== undefined && (!Array.isArray(o.keep) || !o.keep.every((k: unknown) => typeof k === 'string'))) {
    throw new InvalidParameterError('options.keep', `expected an array of backup ids, got ${describeValue(o.keep)}`);
  }
  const cutoff = now.getTime() - retentionDays * 86_400_000;
  const keep = new Set(o.keep ?? []);
  const deleted: string[] = [];
  for (const { id } of await listBackups(sink)) {
    if (keep.has(id) || backupTime(id) >= cutoff) continue;
    await sinkCall(`pruneBackups: deleting ${id}`, async () => {
      await sink.remove('model-backups', [manifestPath(id)]);
      for (const bucket of BACKUP_BUCKETS) {
        const paths = await sink.list(bucket, id);
        if (paths.length > 0) await sink.remove(bucket, paths);
      }
    });
    deleted.push(id);
  }
  return deleted;
}
