import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { withIndicatorTable } from '../scripts/indicator-table.js';

it('docs/indicators.md lists every indicator as the metadata says (run `npm run docs` to update)', () => {
  const doc = readFileSync(new URL('../docs/indicators.md', import.meta.url), 'utf8');
  expect(doc).toBe(withIndicatorTable(doc));
});
