/**
 * The structure rules of docs/architecture.md that are not import rules (those are checked by dependency-cruiser
 * and knip in `npm run check:structure`): one error vocabulary, small files, tests outside src/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const SRC = join(ROOT, 'src');
/** "About 400 lines": the limit with a little slack for a last TSDoc block. Generated files are exempt. */
const MAX_LINES = 420;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

describe('source structure', () => {
  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('throws only AlphaError subclasses: no plain `throw new Error(` in src/', () => {
    const plain = files.flatMap(({ path, text }) =>
      text.split('\n').flatMap((line, i) => (/\bthrow\s+new\s+(Error|TypeError|RangeError)\s*\(/.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(plain).toEqual([]);
  });

  it(`keeps every hand-written source file within ${MAX_LINES} lines`, () => {
    const long = files.filter(({ text }) => !text.startsWith('// GENERATED')).flatMap(({ path, text }) => {
      const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      return lines > MAX_LINES ? [`${path}: ${lines} lines`] : [];
    });
    expect(long).toEqual([]);
  });

  it('keeps tests in test/, mirroring src/', () => {
    expect(files.filter(({ path }) => path.endsWith('.test.ts')).map(({ path }) => path)).toEqual([]);
  });
});
