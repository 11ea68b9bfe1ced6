/**
 * Benchmark entry point.
 *
 * - `npm run bench`: the issue's seven suites in order (indicators, features, gbdt, mlp, store, pipeline, stress);
 *   each writes `bench/results/<suite>.json` and regenerates `bench/results/README.md`.
 * - `npm run bench -- <suite> [<suite> ...] [options]`: those suites (also synthetic, labels and treeshap, which run
 *   by name only); options go to every suite selected.
 * - `npm run bench -- --smoke`: every default suite on tiny inputs (seconds each), writing nothing: proves that the
 *   suites still run (CI runs it after `npm test`).
 * - `npm run bench -- --readme`: regenerates bench/results/README.md from the stored results only.
 *
 * With more than one suite, each runs in a fresh Node process (this script with `--in-process`), so that no suite
 * measures on the heap, worker threads and JIT state another one left (measured: the tree scorer ran 1.7x slower
 * right after the features suite than in a process of its own). A suite that fails is reported and the next one
 * runs; the exit code is 1 when any failed. Add a suite by adding a loader to SUITES; each module exports `run(args)`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RESULTS_DIR } from './lib/results.js';
import { writeReadme } from './lib/readme.js';
import { nowMs } from './lib/stats.js';

type Suite = { run(args: readonly string[]): Promise<void> };

const SUITES: Record<string, () => Promise<Suite>> = {
  indicators: () => import('./indicators/suite.js'),
  features: () => import('./features/suite.js'),
  gbdt: () => import('./gbdt.js'),
  mlp: () => import('./mlp.js'),
  store: () => import('./store.js'),
  pipeline: () => import('./pipeline.js'),
  stress: () => import('./stress/suite.js'),
  synthetic: () => import('./synthetic.js'),
  labels: () => import('./labels.js'),
  treeshap: () => import('./treeshap.js'),
};

/** What `npm run bench` runs without a suite name. */
const DEFAULT_SUITES = ['indicators', 'features', 'gbdt', 'mlp', 'store', 'pipeline', 'stress'];

/** Runs one suite in a fresh Node process with the same loader, its output inherited; throws when it fails. */
function runIsolated(name: string, options: readonly string[]): void {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name, '--in-process', ...options], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`the ${name} suite's process ended with ${r.status === null ? `signal ${r.signal}` : `code ${r.status}`}`);
}

async function main(argv: readonly string[]): Promise<void> {
  const names = argv.filter((a) => !a.startsWith('-'));
  const options = argv.filter((a) => a.startsWith('-'));
  if (options.includes('--readme')) {
    writeReadme(RESULTS_DIR);
    process.stdout.write('wrote bench/results/README.md\n');
    return;
  }
  const unknown = names.filter((n) => !(n in SUITES));
  if (unknown.length > 0) {
    process.stderr.write(`unknown suite(s): ${unknown.join(', ')}; available: ${Object.keys(SUITES).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  const selected = names.length > 0 ? names : DEFAULT_SUITES;
  const child = options.includes('--in-process');
  const isolate = selected.length > 1 && !child;
  // A suite's own process prints only the suite: its parent prints the headers and the summary.
  const say = (text: string) => void (child ? undefined : process.stdout.write(text));
  const suiteOptions = options.filter((o) => o !== '--in-process');
  const times: [string, string][] = [];
  const failed: string[] = [];
  const t0 = nowMs();
  for (const name of selected) {
    say(`\n== bench: ${name}${suiteOptions.length ? ` ${suiteOptions.join(' ')}` : ''} ==\n`);
    const s0 = nowMs();
    try {
      if (isolate) runIsolated(name, suiteOptions);
      else await (await SUITES[name]!()).run(suiteOptions);
      times.push([name, `${((nowMs() - s0) / 1000).toFixed(1)} s`]);
    } catch (e) {
      failed.push(name);
      times.push([name, `FAILED after ${((nowMs() - s0) / 1000).toFixed(1)} s`]);
      process.stderr.write(`bench ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    }
  }
  say(`\n== bench: ${times.map(([n, t]) => `${n} ${t}`).join(', ')}; total ${((nowMs() - t0) / 1000).toFixed(1)} s ==\n`);
  if (failed.length > 0) {
    process.stderr.write(`bench: ${failed.length} suite(s) failed: ${failed.join(', ')}\n`);
    process.exitCode = 1;
  }
}

await main(process.argv.slice(2));
// A suite that leaves a handle open (a pool, a child) must not keep `npm run bench` from ending.
process.exit(process.exitCode ?? 0);
