/**
 * Every code block of docs/*.md that ends with a `// prints:` comment runs as written (against the build, importing
 * the package by name, as a user would) and prints exactly the lines that comment shows, so that no page quotes a
 * number its own example does not give.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

interface Example {
  readonly doc: string;
  readonly code: string;
  readonly prints: string[];
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const doc of readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md'))) {
    for (const m of readFileSync(join(ROOT, 'docs', doc), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)) {
      const lines = m[1]!.trimEnd().split('\n');
      const at = lines.findIndex((l) => l.trim() === '// prints:');
      if (at < 0) continue;
      out.push({ doc, code: lines.slice(0, at).join('\n'), prints: lines.slice(at + 1).map((l) => l.replace(/^\/\/ ?/, '')) });
    }
  }
  return out;
}

describe('docs examples print what their pages show', () => {
  const found = examples();
  it('there are such examples', () => expect(found.length).toBeGreaterThan(0));
  for (const ex of found) {
    it(`${ex.doc}: ${ex.prints[0]}`, () => {
      const dir = mkdtempSync(join(ROOT, 'test', '.docs-example-'));
      try {
        const file = join(dir, 'example.ts');
        writeFileSync(file, ex.code);
        const stdout = execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
        expect(stdout.trimEnd().split('\n')).toEqual(ex.prints);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 300_000);
  }
});
