/**
 * The public entry points: `src` is bundled to `dist/<out>.{js,cjs,d.ts,d.cts}` and exported as `subpath`.
 * package.json "exports" must list exactly these (test/package.test.ts checks it).
 */
export const ENTRIES = [
  { subpath: '.', src: 'src/index.ts', out: 'index' },
  { subpath: './core', src: 'src/core/index.ts', out: 'core' },
  { subpath: './indicators', src: 'src/indicators/index.ts', out: 'indicators' },
] as const;
