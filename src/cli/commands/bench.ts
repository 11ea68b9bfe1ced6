/** `alpha-v4 bench`: the repository's benchmarks (bench/run.ts), which need the repository checkout. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandContext } from '../context.js';
import type { CommandResult } from '../output.js';
import { CliError } from '../errors.js';

/**
 * The repository root holding `bench/run.ts`: the first folder, from this file's up, with a package.json and
 * bench/run.ts; undefined in an installed package (bench/ is not published).
 */
function benchRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench', 'run.ts'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Runs `alpha-v4 bench` (its options and help are in ./index.ts).
 *
 * @example
 * ```ts
 * (await run(ctx)).data.exitCode // => 0
 * ```
 */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const root = benchRoot();
  if (root === undefined) throw new CliError('CLI_UNAVAILABLE', 'bench: bench/run.ts is not here: benchmarks run from the repository checkout (git clone, npm ci, then alpha-v4 bench or npm run bench)');
  const args = [...ctx.positionals, ...(ctx.values.smoke === true ? ['--smoke'] : [])];
  const out = (chunk: Buffer): void => {
    if (ctx.quiet) return;
    (ctx.json ? ctx.io.stderr : ctx.io.stdout)(chunk.toString('utf8'));
  };
  const code = await new Promise<number>((resolveCode, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join('bench', 'run.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', out);
    child.stderr.on('data', (chunk: Buffer) => ctx.io.stderr(chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolveCode(status ?? 1));
  });
  const exitCode = code === 0 ? 0 : code === 2 ? 2 : 1;
  return { text: '', data: { root, args, exitCode }, ...(exitCode === 0 ? {} : { exitCode }) };
}
