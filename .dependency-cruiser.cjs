/**
 * The structure check of `npm test` (`npm run check:structure`): no import cycles, and every import points down the
 * module order of docs/architecture.md. A module may import only from modules before it; the root entry files
 * (src/index.ts, src/node.ts) may import any module, and a module's entry file (src/<module>/index.ts) may re-export
 * a public name that has moved to a later module, so that its old import path keeps working.
 */
const ORDER = ['core', 'indicators', 'synthetic', 'features', 'labels', 'calibration', 'ensemble', 'sizing', 'store', 'pipeline', 'cli'];

const layerRules = ORDER.slice(0, -1).map((module, i) => ({
  name: `layer-${module}`,
  comment: `${module} comes before ${ORDER.slice(i + 1).join(', ')} and must not import them`,
  severity: 'error',
  // A module's entry file may keep re-exporting a name that moved to a later module (compatibility); cycles stay errors.
  from: { path: `^src/${module}/`, pathNot: `^src/${module}/index\\.ts$` },
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
