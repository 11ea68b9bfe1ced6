/**
 * Vitest global set-up: collects the suites that could not run for want of an external oracle
 * (test/support/oracles.ts writes them to one file) and ends the run with one line naming them and the command
 * that installs what they need. Nothing is printed when every suite ran.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SETUP_ORACLES } from './oracles.js';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'alpha-oracles-'));
  const file = join(dir, 'missing.jsonl');
  process.env.ALPHA_ORACLE_REPORT = file;
  return () => {
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    rmSync(dir, { recursive: true, force: true });
    const bySuite = new Map<string, string>();
    for (const line of lines) {
      const { suite, missing } = JSON.parse(line) as { suite: string; missing: string };
      bySuite.set(suite, missing);
    }
    if (bySuite.size === 0) return;
    const list = [...bySuite].map(([suite, missing]) => `"${suite}" (needs ${missing})`).join('; ');
    console.log(`\nOracle suites not run: ${bySuite.size}: ${list}. Install with: ${SETUP_ORACLES} (root, Debian apt); CI=true requires them.\n`);
  };
}
