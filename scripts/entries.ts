/**
 * The bundled entry points: `src` is built to `dist/<out>.{js,cjs,d.ts,d.cts}`. Entries with a `subpath` are
 * public (package.json "exports" must list exactly those: test/package.test.ts checks it); the others are
 * internal files loaded at run time (the feature worker).
 */
export const ENTRIES: readonly { subpath?: string; src: string; out: string }[] = [
  { subpath: '.', src: 'src/index.ts', out: 'index' },
  { subpath: './core', src: 'src/core/index.ts', out: 'core' },
  { subpath: './indicators', src: 'src/indicators/index.ts', out: 'indicators' },
  { subpath: './features', src: 'src/features/index.ts', out: 'features' },
  { subpath: './synthetic', src: 'src/synthetic/index.ts', out: 'synthetic' },
  { subpath: './ensemble', src: 'src/ensemble/index.ts', out: 'ensemble' },
  { subpath: './labels', src: 'src/labels/index.ts', out: 'labels' },
  { subpath: './calibration', src: 'src/calibration/index.ts', out: 'calibration' },
  { subpath: './sizing', src: 'src/sizing/index.ts', out: 'sizing' },
  { subpath: './store', src: 'src/store/index.ts', out: 'store' },
  { subpath: './pipeline', src: 'src/pipeline/index.ts', out: 'pipeline' },
  { subpath: './node', src: 'src/node.ts', out: 'node' },
  { src: 'src/features/worker.node.ts', out: 'features-worker' },
  { src: 'src/cli/main.node.ts', out: 'cli' },
];
