/** The public entry points: `src` is bundled to `dist/<out>.{js,cjs,d.ts,d.cts}` and exported as `subpath`. */
export const ENTRIES = [
  { subpath: '.', src: 'src/index.ts', out: 'index' },
  { subpath: './core', src: 'src/core/index.ts', out: 'core' },
] as const;
