import { defineConfig } from 'tsup';
import { ENTRIES } from './scripts/entries.js';

// One bundle per public subpath; package.json "exports" is checked against this list by test/package.test.ts.
export default defineConfig({
  entry: Object.fromEntries(ENTRIES.map((e) => [e.out, e.src])),
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  splitting: true,
  treeshake: true,
  target: 'es2022',
  platform: 'neutral',
  shims: true,
  external: [/^node:/],
});
