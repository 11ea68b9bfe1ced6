/**
 * Every name that README.md, docs/*.md and examples/ import from `@alpha-v4/core[/subpath]` is exported by that
 * entry (values and types alike, read from the entry's TypeScript exports), so that moving files never breaks
 * what the documentation tells users to write.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ENTRIES } from '../scripts/entries.js';

const ROOT = new URL('..', import.meta.url).pathname;
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`), ...readdirSync(join(ROOT, 'examples')).map((f) => `examples/${f}`)].filter((f) => /\.(md|ts)$/.test(f));

/** `import { a, type B, c as d } from '@alpha-v4/core/x'` in a document: [subpath, imported names]. */
function documentedImports(text: string): { subpath: string; names: string[] }[] {
  const found: { subpath: string; names: string[] }[] = [];
  for (const m of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*'@alpha-v4\/core((?:\/[a-z-]+)?)'/g)) {
    const names = m[1]!
      .split(',')
      .map((part) => part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!.trim())
      .filter((name) => name !== '');
    found.push({ subpath: `.${m[2]}`, names });
  }
  return found;
}

const publicEntries = ENTRIES.filter((e) => e.subpath !== undefined);
const program = ts.createProgram(
  publicEntries.map((e) => join(ROOT, e.src)),
  { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true, noEmit: true },
);
const checker = program.getTypeChecker();

function exportsOf(subpath: string): Set<string> {
  const entry = publicEntries.find((e) => e.subpath === subpath);
  if (!entry) return new Set();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(join(ROOT, entry.src))!)!;
  return new Set(checker.getExportsOfModule(symbol).map((s) => s.name));
}

describe('documented imports', () => {
  const cases = DOCS.flatMap((file) => documentedImports(readFileSync(join(ROOT, file), 'utf8')).map((imp) => ({ file, ...imp })));

  it('finds the imports the documentation shows', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  it.each(cases.map((c) => [`${c.file}: ${c.subpath}`, c] as const))('%s exports every imported name', (_label, c) => {
    const exported = exportsOf(c.subpath);
    expect(exported.size, `no public entry ${c.subpath}`).toBeGreaterThan(0);
    expect(c.names.filter((name) => !exported.has(name))).toEqual([]);
  });
});
