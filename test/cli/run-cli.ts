/**
 * Test helpers of the CLI suites: `main` run in process with captured output, candle files written from simulated
 * markets, and a temporary folder per suite.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Candles } from '../../src/core/types.js';
import { main } from '../../src/cli/program.js';

/** What one run of the command printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `alpha-v4 ...args` in process (working directory `cwd`, no environment), capturing stdout and stderr. */
export async function cli(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, cwd });
  return { code, stdout, stderr };
}

/** The `--json` document of a run (its stdout, which must be exactly one JSON line), typed as the test expects. */
export function jsonOf<T = Record<string, unknown>>(run: CliRun): T & { ok: boolean } {
  const lines = run.stdout.trimEnd().split('\n');
  if (lines.length !== 1) throw new RangeError(`expected one JSON line on stdout, got ${lines.length}: ${run.stdout.slice(0, 300)}`);
  return JSON.parse(lines[0]!) as T & { ok: boolean };
}

/** Candles k in [from, to) as CSV text with an ISO `ts` column. */
export function candleCsv(c: Candles, from: number, to: number): string {
  const rows = [];
  for (let i = from; i < to; i++) rows.push(`${new Date(c.time[i]!).toISOString()},${c.open[i]},${c.high[i]},${c.low[i]},${c.close[i]},${c.volume[i]}`);
  return ['ts,open,high,low,close,volume', ...rows, ''].join('\n');
}

/** A temporary folder, and a function writing a file in it (returns the file's name). */
export function tempFolder(prefix: string): { dir: string; write(name: string, text: string | Uint8Array): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `alpha-v4-${prefix}-`));
  return {
    dir,
    write(name, text) {
      writeFileSync(join(dir, name), text);
      return name;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
