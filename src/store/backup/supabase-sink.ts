/** A {@link BackupSink} on Supabase Storage, through a `@supabase/supabase-js` client. */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import { utf8Bytes } from '../bytes.js';
import { StoreError } from '../errors.js';
import { optionalBoolean } from '../ops/checks.js';
import { BACKUP_BUCKETS, checkObjectPath, sinkCall, type BackupBucket, type BackupSink } from './sink.js';

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
 * Every bucket and path is checked (`checkObjectPath`); a Storage error or a client call that throws is a
 * `STORE_BACKUP` error.
 *
 * @example
 * ```ts
 * import { createClient } from '@supabase/supabase-js'
 * const sink = createSupabaseBackupSink(createClient(url, serviceRoleKey))
 * await exportBackup(store, sink)
 * ```
 */
export function createSupabaseBackupSink(client: StorageClientLike, options?: { createBuckets?: boolean }): BackupSink {
  const storage = (client as Partial<StorageClientLike> | null)?.storage as Record<string, unknown> | undefined;
  if (storage === null || typeof storage !== 'object' || !['from', 'getBucket', 'createBucket'].every((m) => typeof storage[m] === 'function')) {
    throw new InvalidParameterError('client', `expected a Supabase client (client.storage.from, getBucket, createBucket), got ${describeValue(client)}`);
  }
  const createBuckets = optionalBoolean(checkOptions(options, ['createBuckets'], 'options').createBuckets, 'options.createBuckets', true);
  let ready: Promise<void> | undefined;
  const ensure = () =>
    (ready ??= (async () => {
      if (!createBuckets) return;
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
  /** Ensures the buckets, then runs a Storage call; whatever it throws becomes `STORE_BACKUP`. */
  const call = <T>(what: string, fn: () => Promise<T>): Promise<T> =>
    sinkCall(`Supabase Storage: ${what}`, async () => {
      await ensure();
      return fn();
    });
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
      checkObjectPath(bucket, path);
      if (typeof data !== 'string' && !(data instanceof Uint8Array)) throw new InvalidParameterError('data', `expected a string or a Uint8Array, got ${describeValue(data)}`);
      const body = typeof data === 'string' ? utf8Bytes(data) : data;
      const contentType = path.endsWith('.csv') ? 'text/csv' : path.endsWith('.json') ? 'application/json' : 'application/octet-stream';
      await call(`uploading ${bucket}/${path}`, async () => {
        const r = await client.storage.from(bucket).upload(path, body, { upsert: true, contentType });
        if (r.error) throw fail(`uploading ${bucket}/${path}`, r.error);
      });
    },
    async get(bucket, path) {
      checkObjectPath(bucket, path);
      return call(`downloading ${bucket}/${path}`, async () => {
        const r = await client.storage.from(bucket).download(path);
        if (r.error || !r.data) throw fail(`downloading ${bucket}/${path}`, r.error ?? { message: 'no data' });
        return new Uint8Array(await r.data.arrayBuffer());
      });
    },
    async list(bucket, prefix) {
      const rel = checkObjectPath(bucket, prefix, true);
      return call(`listing ${bucket}/${rel}`, () => listAll(bucket, rel));
    },
    async remove(bucket, paths) {
      if (!Array.isArray(paths)) throw new InvalidParameterError('paths', `expected an array of paths, got ${describeValue(paths)}`);
      for (const p of paths as unknown[]) checkObjectPath(bucket, p);
      await call(`removing from ${bucket}`, async () => {
        for (let i = 0; i < paths.length; i += 1000) {
          const r = await client.storage.from(bucket).remove(paths.slice(i, i + 1000));
          if (r.error) throw fail(`removing from ${bucket}`, r.error);
        }
      });
    },
  };
}
