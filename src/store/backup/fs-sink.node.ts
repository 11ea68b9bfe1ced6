/** The filesystem {@link BackupSink}: `<dir>/<bucket>/<path>`, written atomically (temporary file, then rename). */
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { plainBytes } from '../bytes.js';
import { StoreError } from '../errors.js';
import { BACKUP_BUCKETS, type BackupBucket, type BackupSink } from './sink.js';

/**
 * A backup sink on a local directory: one sub-directory per bucket (`model-backups`, `feature-backups`,
 * `predictions-backup`). Paths may not leave the directory.
 *
 * @example
 * ```ts
 * await exportBackup(store, createFsBackupSink('/var/backups/alpha-v4'))
 * ```
 */
export function createFsBackupSink(dir: string): BackupSink {
  const root = resolve(dir);
  const file = (bucket: BackupBucket, path: string): string => {
    if (!BACKUP_BUCKETS.includes(bucket)) throw new StoreError('STORE_BACKUP', `unknown bucket ${JSON.stringify(bucket)}`);
    const base = join(root, bucket);
    const full = resolve(base, path);
    if (full !== base && !full.startsWith(base + sep)) throw new StoreError('STORE_BACKUP', `path ${JSON.stringify(path)} leaves the bucket`);
    return full;
  };
  const walk = async (base: string, rel: string): Promise<string[]> => {
    let entries;
    try {
      entries = await readdir(join(base, rel), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
      throw e;
    }
    const out: string[] = [];
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) out.push(...(await walk(base, p)));
      else if (e.isFile() && !e.name.endsWith('.partial')) out.push(p);
    }
    return out.sort();
  };
  let counter = 0;
  return {
    async put(bucket, path, data) {
      const target = file(bucket, path);
      await mkdir(dirname(target), { recursive: true });
      const tmp = `${target}.${process.pid}.${counter++}.partial`;
      await writeFile(tmp, data);
      await rename(tmp, target);
    },
    async get(bucket, path) {
      return plainBytes(await readFile(file(bucket, path)));
    },
    async list(bucket, prefix) {
      file(bucket, prefix || '.');
      return walk(join(root, bucket), prefix.replace(/\/+$/, ''));
    },
    async remove(bucket, paths) {
      for (const p of paths) await rm(file(bucket, p), { force: true });
      // Drop directories left empty under each removed path's top-level folder.
      const tops = new Set(paths.map((p) => p.split('/')[0]!).filter(Boolean));
      for (const t of tops) {
        if ((await walk(join(root, bucket), t)).length === 0) await rm(file(bucket, t), { recursive: true, force: true });
      }
    },
  };
}
