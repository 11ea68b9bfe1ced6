/**
 * The API reference (`npm run docs` runs TypeDoc over every public entry) builds with no error and no warning:
 * TypeDoc checks every TSDoc comment it renders (broken links, malformed tags) and `typedoc.json` treats warnings as
 * errors. Here it runs with `--emit none`, the same checks without writing docs/api/.
 */
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

it('TypeDoc builds the API reference of every entry without a warning', () => {
  const out = execFileSync(process.execPath, ['node_modules/typedoc/bin/typedoc', '--emit', 'none'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  expect(out).not.toMatch(/warning|error/i);
}, 180_000);
