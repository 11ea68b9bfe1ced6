import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { withIndicatorTable } from '../scripts/indicator-table.js';
import { featureDocs } from '../scripts/feature-docs.js';

const read = (file: string) => readFileSync(new URL(`../docs/${file}`, import.meta.url), 'utf8');

it('docs/indicators.md lists every indicator as the metadata says (run `npm run docs` to update)', () => {
  const doc = read('indicators.md');
  expect(doc).toBe(withIndicatorTable(doc));
});

it('docs/features.md is generated from the current catalogue (run `npm run docs` to update)', () => {
  expect(read('features.md')).toBe(featureDocs());
});
