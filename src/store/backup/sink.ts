/** Where backups go: a {@link BackupSink} holds objects in three buckets under `/`-separated paths. */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { storeError } from '../errors.js';
import { oneOf, requireText } from '../ops/checks.js';

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

/** Longest object path a sink accepts. */
const MAX_PATH = 1024;

/**
 * Checks a bucket and an object path (or, with `prefix`, a listing prefix: empty allowed, trailing `/` dropped):
 * one of {@link BACKUP_BUCKETS}; `/`-separated non-empty segments other than `.` and `..`, at most 1,024
 * printable characters. Returns the path. Both sinks check every call with it.
 *
 * @example
 * ```ts
 * checkObjectPath('model-backups', '20261127T014500123Z/manifest.json') // => '20261127T014500123Z/manifest.json'
 * checkObjectPath('model-backups', '../etc/passwd')                     // throws InvalidParameterError 'path: ...'
 * ```
 */
export function checkObjectPath(bucket: unknown, path: unknown, prefix = false): string {
  oneOf(bucket, BACKUP_BUCKETS, 'bucket');
  if (prefix && typeof path === 'string' && /^\/*$/.test(path)) return '';
  const p = requireText(prefix && typeof path === 'string' ? path.replace(/\/+$/, '') : path, 'path', MAX_PATH);
  if (p.split('/').some((seg) => seg === '' || seg === '.' || seg === '..')) {
    throw new InvalidParameterError('path', `${describeValue(p)} is not a /-separated path of names (no empty, . or .. segment)`);
  }
  return p;
}

/**
 * Checks that `sink` has the four methods of a {@link BackupSink}.
 *
 * @example
 * ```ts
 * checkSink(createFsBackupSink('/var/backups/alpha')) // passes
 * ```
 */
export function checkSink(sink: unknown): asserts sink is BackupSink {
  const s = sink as Record<string, unknown> | null;
  if (s === null || typeof s !== 'object' || !['put', 'get', 'list', 'remove'].every((m) => typeof s[m] === 'function')) {
    throw new InvalidParameterError('sink', `expected a BackupSink (put, get, list, remove), got ${describeValue(sink)}`);
  }
}

/**
 * Runs a sink call (or a call into a caller's sink); whatever it throws becomes a `STORE_BACKUP` {@link StoreError}
 * prefixed by `what` (a StoreError passes through), so that a full disk, a missing object or a Storage outage is
 * typed.
 *
 * @example
 * ```ts
 * await sinkCall('listing model-backups', () => sink.list('model-backups', ''))
 * ```
 */
export async function sinkCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw storeError('STORE_BACKUP', what, e);
  }
}
