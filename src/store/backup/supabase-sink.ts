/** A {@link BackupSink} on Supabase Storage, through a `@supabase/supabase-js` client. */
import { utf8Bytes } from '../bytes.js';
import { StoreError } from '../errors.js';
import { BACKUP_BUCKETS, type BackupBucket, type BackupSink } from './sink.js';

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
      const body = typeof data === 'string' ? utf8Bytes(data) : data;
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
