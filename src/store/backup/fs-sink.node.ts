/** The filesystem {@link BackupSink}: `<dir>/<bucket>/<path>`, written atomically (temporary file, then rename). */
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { plainBytes } from '../bytes.js';
import { checkObjectPath, sinkCall, type BackupBucket, type BackupSink } from './sink.js';

/**
 * A backup sink on a local directory: one sub-directory per bucket (`model-backups`, `feature-backups`,
 * `predictions-backup`). Every bucket and path is checked (`checkObjectPath`: an `InvalidParameterError`), so a path
 * never leaves the directory; a filesystem failure, a missing object included, is a `STORE_BACKUP` error.
 *
 * @example
 * ```ts
 * await exportBackup(store, createFsBackupSink('/var/backups/alpha-v4'))
 * ```
 */
export function createFsBackupSink(dir: string): BackupSink {
  if (typeof dir !== 'string' || dir === '' || dir.includes('\u0000')) throw new InvalidParameterError('dir', `expected a directory path, got ${describeValue(dir)}`);
  const root = resolve(dir);
  const file = (bucket: BackupBucket, path: string): string => {
    const base = join(root, bucket);
    const full = resolve(base, checkObjectPath(bucket, path));
    if (full !== base && !full.startsWith(base + sep)) throw new InvalidParameterError('path', `${describeValue(path)} leaves the bucket`);
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
      if (typeof data !== 'string' && !(data instanceof Uint8Array)) throw new InvalidParameterError('data', `expected a string or a Uint8Array, got ${describeValue(data)}`);
      await sinkCall(`filesystem sink: writing ${bucket}/${path}`, async () => {
        await mkdir(dirname(target), { recursive: true });
        const tmp = `${target}.${process.pid}.${counter++}.partial`;
        await writeFile(tmp, data);
        await rename(tmp, target);
      });
    },
    async get(bucket, path) {
      const target = file(bucket, path);
      return plainBytes(await sinkCall(`filesystem sink: reading ${bucket}/${path}`, () => readFile(target)));
    },
    async list(bucket, prefix) {
      const rel = checkObjectPath(bucket, prefix, true);
      return sinkCall(`filesystem sink: listing ${bucket}/${rel}`, () => walk(join(root, bucket), rel));
    },
    async remove(bucket, paths) {
      if (!Array.isArray(paths)) throw new InvalidParameterError('paths', `expected an array of paths, got ${describeValue(paths)}`);
      const targets = paths.map((p: unknown) => file(bucket, p as string));
      await sinkCall(`filesystem sink: removing from ${bucket}`, async () => {
        for (const t of targets) await rm(t, { force: true });
        // Drop directories left empty under each removed path's top-level folder.
        const tops = new Set((paths as string[]).map((p) => p.split('/')[0]!));
        for (const t of tops) {
          if ((await walk(join(root, bucket), t)).length === 0) await rm(file(bucket, t), { recursive: true, force: true });
        }
      });
    },
  };
}
