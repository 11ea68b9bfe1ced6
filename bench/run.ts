/**
 * Benchmark entry point: `npm run bench` runs every suite, `npm run bench -- <suite> [options]` one suite.
 * Add a suite by adding a loader to SUITES; each module exports `run(args)`.
 */
type Suite = { run(args: readonly string[]): Promise<void> };

const SUITES: Record<string, () => Promise<Suite>> = {
  indicators: () => import('./indicators/suite.js'),
  gbdt: () => import('./gbdt.js'),
  features: () => import('./features/suite.js'),
  synthetic: () => import('./synthetic.js'),
  labels: () => import('./labels.js'),
  treeshap: () => import('./treeshap.js'),
  store: () => import('./store.js'),
  mlp: () => import('./mlp.js'),
  pipeline: () => import('./pipeline.js'),
};

async function main(argv: readonly string[]): Promise<void> {
  const names = argv.filter((a) => !a.startsWith('-'));
  const options = argv.filter((a) => a.startsWith('-'));
  const unknown = names.filter((n) => !(n in SUITES));
  if (unknown.length > 0) {
    process.stderr.write(`unknown suite(s): ${unknown.join(', ')}; available: ${Object.keys(SUITES).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  const selected = names.length > 0 ? names : Object.keys(SUITES);
  for (const name of selected) {
    process.stdout.write(`\n== bench: ${name} ==\n`);
    await (await SUITES[name]!()).run(options);
  }
}

await main(process.argv.slice(2));
