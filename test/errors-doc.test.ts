/**
 * docs/errors.md lists every error code once: the codes are the upper-case string literals of the modules'
 * `errors.ts` files (each module keeps its error classes there), and the table rows of the document.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

function errorFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? errorFiles(join(dir, e.name)) : e.name === 'errors.ts' ? [join(dir, e.name)] : []));
}

it('docs/errors.md lists every code of src/**/errors.ts exactly once, and no other', () => {
  const codes = new Set(errorFiles(join(ROOT, 'src')).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{5,})'/g)].map((m) => m[1]!)));
  const rows = [...readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8').matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]!);
  expect(codes.size).toBeGreaterThan(20);
  expect(rows.filter((code, i) => rows.indexOf(code) !== i)).toEqual([]);
  expect([...rows].sort()).toEqual([...codes].sort());
});
