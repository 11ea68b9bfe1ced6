/**
 * The size of each deployment bundle, as a user's bundler would build it (esbuild, minified, everything bundled but
 * Node's built-ins): the root entry for browsers, the pipeline entry, one Edge Function (predict-btc-15m with its
 * handler, the library, zod, kysely and pg), and the plv8 bundle (built by scripts/build-plv8.ts). Prints a Markdown
 * table for docs/deployment.md.
 *
 *   npx tsx scripts/bundle-sizes.ts
 */
import { build, type Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';

const ROOT = new URL('..', import.meta.url).pathname;

/** `@alpha-v4/core/<subpath>` read from the sources (the package's own entries). */
const library: Plugin = {
  name: 'alpha-v4-sources',
  setup(b) {
    b.onResolve({ filter: /^@alpha-v4\/core(\/.*)?$/ }, (args) => {
      const sub = args.path.slice('@alpha-v4/core'.length).replace(/^\//, '');
      return { path: `${ROOT}src/${sub === '' ? 'index.ts' : sub === 'node' ? 'node.ts' : `${sub}/index.ts`}` };
    });
  },
};

async function size(entry: string, platform: 'neutral' | 'node' | 'browser'): Promise<{ min: number; gz: number }> {
  const out = await build({
    entryPoints: [`${ROOT}${entry}`],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform,
    mainFields: ['module', 'main'],
    external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), '@electric-sql/pglite', 'pg-copy-streams', 'onnxruntime-node', 'onnxruntime-web'],
    plugins: [library],
    logLevel: 'silent',
  });
  const bytes = out.outputFiles[0]!.contents;
  return { min: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const rows: [string, { min: number; gz: number }][] = [
  ['`@alpha-v4/core` (root entry, browser)', await size('src/index.ts', 'browser')],
  ['`@alpha-v4/core/pipeline`', await size('src/pipeline/index.ts', 'neutral')],
  ['Edge Function `predict-btc-15m` (handler + library + zod + kysely + pg)', await size('supabase/functions/predict-btc-15m/index.ts', 'node')],
];
try {
  const plv8 = readFileSync(`${ROOT}examples/plv8/dist/alpha_v4_plv8.js`);
  rows.push(['plv8 bundle (`examples/plv8/dist/alpha_v4_plv8.js`, IIFE)', { min: plv8.length, gz: gzipSync(plv8, { level: 9 }).length }]);
} catch {
  process.stderr.write('plv8 bundle not built (npx tsx scripts/build-plv8.ts): left out\n');
}
process.stdout.write(`| bundle | minified | gzip -9 |\n| --- | ---: | ---: |\n${rows.map(([name, s]) => `| ${name} | ${kb(s.min)} | ${kb(s.gz)} |`).join('\n')}\n`);
