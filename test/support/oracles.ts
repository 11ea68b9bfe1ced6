/**
 * External oracles some suites run live (round trips through the real program), and how a suite asks for one.
 *
 * - Present: the suite runs.
 * - Absent on a developer's machine: the suite is reported, never silently dropped. Its tests are marked skipped and
 *   the run ends with one summary line naming each suite not run and the command that installs what it needs
 *   (test/support/oracle-summary.ts prints it).
 * - Absent under `CI=true`: the suite fails, so CI runs everything.
 *
 * Suites that only need an oracle's output read committed fixtures (scripts/fixtures/*.py wrote them) and need
 * nothing here.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { describe } from 'vitest';

/** The command that installs every oracle (the same script `.ci/run` runs). */
export const SETUP_ORACLES = 'npm run setup:oracles';

/** An external program a suite checks us against. */
interface Oracle {
  /** What it is, as the summary line names it. */
  readonly name: string;
  /** Whether it is installed here (evaluated once, lazily). */
  readonly probe: () => boolean;
}

/**
 * The Python the oracles run in: Debian's `/usr/bin/python3` (the python3 first on PATH may be another interpreter
 * without the packages), or `ALPHA_PYTHON` when set (an interpreter of your own with xgboost 1.7, sklearn, numpy).
 */
export const ORACLE_PYTHON = process.env.ALPHA_PYTHON ?? '/usr/bin/python3';

function pythonImports(modules: string): () => boolean {
  return () => {
    try {
      execFileSync(ORACLE_PYTHON, ['-c', `import ${modules}`], { stdio: 'ignore', timeout: 60_000 });
      return true;
    } catch {
      return false;
    }
  };
}

/**
 * plpython3u on the test cluster's server with xgboost for the Python it runs (Debian's /usr/bin/python3, whatever
 * ALPHA_PYTHON says): a provided cluster says so with ALPHA_PG_PLPYTHON=1 (scripts/pg/start.sh exports it), one that
 * test/support/pg-cluster.ts would start has it when the server's library directory holds plpython3.so.
 */
function plpythonWithXGBoost(): boolean {
  const provided = process.env.ALPHA_PG_URL || (process.env.PGHOST && process.env.PGPORT);
  let server: boolean;
  if (provided) server = process.env.ALPHA_PG_PLPYTHON === '1';
  else {
    let lib = '/usr/lib/postgresql/15/lib';
    try {
      lib = execFileSync(`${process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'}/pg_config`, ['--pkglibdir'], { encoding: 'utf8', timeout: 10_000 }).trim();
    } catch {
      // the default directory above
    }
    server = existsSync(`${lib}/plpython3.so`);
  }
  if (!server) return false;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import xgboost, numpy'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/** Debian's `chromium` (the report's headless-browser test drives it with playwright-core). */
export const CHROMIUM = '/usr/bin/chromium';

function chromiumRuns(): boolean {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 }).includes('Chromium');
  } catch {
    return false;
  }
}

/** The oracles the suites use, by key. */
export const ORACLES = {
  xgboost: { name: 'python3-xgboost (python3 with xgboost and numpy)', probe: pythonImports('xgboost, numpy') },
  sklearn: { name: 'python3-sklearn (python3 with sklearn and numpy)', probe: pythonImports('sklearn, numpy') },
  plpython: {
    name: 'plpython3u with python3-xgboost (postgresql-plpython3-15 pinned to the server, python3-xgboost for /usr/bin/python3)',
    probe: plpythonWithXGBoost,
  },
  chromium: { name: `chromium (Debian's package, ${CHROMIUM})`, probe: chromiumRuns },
} satisfies Record<string, Oracle>;

/** Key of {@link ORACLES}. */
export type OracleKey = keyof typeof ORACLES;

const known = new Map<OracleKey, boolean>();

/** True when the oracle is installed here. */
export function hasOracle(key: OracleKey): boolean {
  let present = known.get(key);
  if (present === undefined) {
    present = ORACLES[key].probe();
    known.set(key, present);
  }
  return present;
}

/**
 * Says that a suite could not run because `missing` is absent: recorded for the run's summary line, and under
 * `CI=true` an error (CI installs every oracle, so a missing one there is a broken set-up).
 */
export function reportMissing(suite: string, missing: string): void {
  if (process.env.CI === 'true') {
    throw new Error(`${suite}: ${missing} is required under CI=true (install it with ${SETUP_ORACLES})`);
  }
  const file = process.env.ALPHA_ORACLE_REPORT;
  if (file) appendFileSync(file, `${JSON.stringify({ suite, missing })}\n`);
}

/**
 * `describe` for a suite that runs `oracles` live: it runs when they are installed, and otherwise is reported
 * (see the module comment) with its tests marked skipped.
 *
 * @example
 * ```ts
 * describeWithOracles('toXGBoostJSON round trip through real XGBoost', ['xgboost'], () => { ... })
 * ```
 */
export function describeWithOracles(suite: string, oracles: readonly OracleKey[], body: () => void): void {
  const missing = oracles.filter((key) => !hasOracle(key));
  if (missing.length > 0) reportMissing(suite, missing.map((key) => ORACLES[key].name).join(' and '));
  describe.skipIf(missing.length > 0)(suite, body);
}
