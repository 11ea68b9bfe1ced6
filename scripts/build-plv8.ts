/**
 * Builds the plv8 deployment: the inference core as one IIFE bundle (esbuild: `format: 'iife'`, `platform:
 * 'neutral'`, global `alphaV4`, minified with names kept, since errors are named after their class) of
 * examples/plv8/entry.ts, and the installer SQL with the bundle embedded in each plv8 function body.
 *
 * Writes examples/plv8/dist/alpha_v4_plv8.js and examples/plv8/dist/install.sql (generated, not committed) and
 * prints their sizes, minified and gzipped. Run: npx tsx scripts/build-plv8.ts
 *
 * zod: the library imports it as a namespace (`import * as z from 'zod'`), which esbuild tree-shakes to the
 * functions the source calls (the named `z` export would drag all of zod and its locales in).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { InternalError, InvalidParameterError } from '../src/core/errors.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PLV8 = join(ROOT, 'examples/plv8');
/** The dollar-quote tag of the function bodies: the bundle must not contain it. */
const TAG = '$alpha_v4_plv8$';

/** What {@link buildPlv8} produced. */
export interface Plv8Build {
  /** The bundle: `var alphaV4 = (() => { ... })();`. */
  readonly bundle: string;
  /** The installer SQL. */
  readonly installSql: string;
  /** Lowercase hex sha256 of the bundle. */
  readonly sha256: string;
  /** Bytes, and gzipped bytes (level 9), of the bundle and of the installer. */
  readonly sizes: { readonly bundle: number; readonly bundleGzip: number; readonly install: number; readonly installGzip: number };
  /** Where the files were written (undefined with `write: false`). */
  readonly files?: { readonly bundle: string; readonly install: string };
}

/**
 * Bundles examples/plv8/entry.ts and fills the installer template (examples/plv8/install.sql.template: the bundle,
 * its sha256 and byte count, and the session cache key `__alpha_v4_plv8_<sha256 prefix>` under which a session keeps
 * the evaluated bundle, so that a rebuilt bundle is never served from an older one's cache). With `write` (default
 * true), writes both into examples/plv8/dist/; `minify: false` gives the same bundle readable (for inspection and
 * the tests' scan, never written). Throws when the bundle contains the body's dollar-quote tag.
 *
 * @example
 * ```ts
 * const { sizes } = await buildPlv8({ write: false })
 * sizes.bundle // => about 400 kB
 * ```
 */
export async function buildPlv8(options: { write?: boolean; minify?: boolean } = {}): Promise<Plv8Build> {
  const minify = options.minify ?? true;
  const result = await build({
    entryPoints: [join(PLV8, 'entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    globalName: 'alphaV4',
    minify,
    keepNames: minify,
    target: 'es2020',
    charset: 'ascii',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const bundle = result.outputFiles[0]!.text;
  if (bundle.includes(TAG)) throw new InternalError(`the bundle contains the dollar-quote tag ${TAG} of the installer's function bodies`);
  const sha256 = createHash('sha256').update(bundle).digest('hex');
  // The function bodies start with 'use strict' themselves: the bundle's own directive would be a mere statement there.
  const fields: Record<string, string> = { BUNDLE: bundle.replace(/^"use strict";/, '').trimEnd(), SHA256: sha256, BYTES: String(Buffer.byteLength(bundle)), CACHE: `__alpha_v4_plv8_${sha256.slice(0, 16)}` };
  const installSql = readFileSync(join(PLV8, 'install.sql.template'), 'utf8').replace(/\{\{([A-Z0-9]+)\}\}/g, (_, key: string) => {
    if (!(key in fields)) throw new InvalidParameterError('examples/plv8/install.sql.template', `unknown placeholder {{${key}}} (known: ${Object.keys(fields).join(', ')})`);
    return fields[key]!;
  });
  const sizes = {
    bundle: Buffer.byteLength(bundle),
    bundleGzip: gzipSync(bundle, { level: 9 }).length,
    install: Buffer.byteLength(installSql),
    installGzip: gzipSync(installSql, { level: 9 }).length,
  };
  if (options.write === false || !minify) return { bundle, installSql, sha256, sizes };
  const dist = join(PLV8, 'dist');
  mkdirSync(dist, { recursive: true });
  const files = { bundle: join(dist, 'alpha_v4_plv8.js'), install: join(dist, 'install.sql') };
  writeFileSync(files.bundle, bundle);
  writeFileSync(files.install, installSql);
  return { bundle, installSql, sha256, sizes, files };
}

const kB = (n: number): string => `${(n / 1024).toFixed(1)} kB`;

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { sizes, files, sha256 } = await buildPlv8();
  console.log(`${files!.bundle}: ${kB(sizes.bundle)} minified, ${kB(sizes.bundleGzip)} gzipped (sha256 ${sha256})`);
  console.log(`${files!.install}: ${kB(sizes.install)}, ${kB(sizes.installGzip)} gzipped (the bundle twice: batch_predict and feature_trigger)`);
}
