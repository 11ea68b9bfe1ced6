/**
 * The structure check of `npm test` (`npm run check:structure`): no import cycles, and every import points down the
 * module order of docs/architecture.md. A module may import only from modules before it; the entry files
 * (src/index.ts, src/node.ts) may import any module.
 */
const ORDER = ['core', 'indicators', 'synthetic', 'features', 'labels', 'calibration', 'ensemble', 'sizing', 'store', 'pipeline', 'cli'];

const layerRules = ORDER.slice(0, -1).map((module, i) => ({
  name: `layer-${module}`,
  comment: `${module} comes before ${ORDER.slice(i + 1).join(', ')} and must not import them`,
  severity: 'error',
  from: { path: `^src/${module}/` },
  to: { path: `^src/(${ORDER.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'import cycles make modules impossible to read or load on their own', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'known-module',
      comment: 'every source file belongs to one module of the order (or is a root entry file)',
      severity: 'error',
      from: { path: '^src/', pathNot: [`^src/(${ORDER.join('|')})/`, '^src/(index|node)\\.ts$'] },
      to: {},
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
