/**
 * The real process: src/cli/main.node.ts (the bin's source; tsup keeps its `#!/usr/bin/env node` line) run by Node
 * with tsx, as a user runs `alpha-v4`: its output, and its exit code set from main's.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = 'src/cli/main.node.ts';

function alphaV4(...args: string[]) {
  const { ALPHA_V4_DATABASE_URL: _url, ...env } = process.env;
  return spawnSync(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: ROOT, encoding: 'utf8', env });
}

it('starts with the node shebang', () => {
  expect(readFileSync(`${ROOT}${ENTRY}`, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
});

it('alpha-v4 --help prints the usage and exits 0; a usage error exits 2 with one line on stderr', () => {
  const help = alphaV4('--help');
  expect(help.status).toBe(0);
  expect(help.stdout.split('\n')[0]).toBe('Usage: alpha-v4 <command> [options]');
  expect(help.stderr).toBe('');
  const bad = alphaV4('migrate', '--data-dri', 'x');
  expect(bad.status).toBe(2);
  expect(bad.stdout).toBe('');
  expect(bad.stderr).toBe('alpha-v4 migrate: CLI_USAGE: migrate: unknown option --data-dri (see alpha-v4 migrate --help)\n');
}, 60_000);
