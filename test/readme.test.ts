/**
 * README.md's API tour runs as written: its ```ts blocks, joined in order, are one program. It imports the package
 * by name (`@alpha-v4/core/...`), so it runs against the build that `npm test` makes first.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

it("README's API tour runs as written", async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const tour = readme.slice(readme.indexOf('## API tour'), readme.indexOf('## Layout'));
  const blocks = [...tour.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks.length).toBeGreaterThanOrEqual(5);
  // Inside the package folder, so that the package resolves itself by name.
  const dir = mkdtempSync(join(ROOT, 'test', '.readme-'));
  try {
    const file = join(dir, 'tour.ts');
    writeFileSync(file, `${blocks.join('\n')}\nexport const ran = true;\n`);
    const mod = (await import(pathToFileURL(file).href)) as { ran: boolean };
    expect(mod.ran).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
