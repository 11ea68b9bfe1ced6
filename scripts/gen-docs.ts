/** Regenerates the generated parts of docs/ from the code's metadata. Run: npm run docs */
import { readFileSync, writeFileSync } from 'node:fs';
import { withIndicatorTable } from './indicator-table.js';
import { featureDocs } from './feature-docs.js';

const indicators = new URL('../docs/indicators.md', import.meta.url);
writeFileSync(indicators, withIndicatorTable(readFileSync(indicators, 'utf8')));
writeFileSync(new URL('../docs/features.md', import.meta.url), featureDocs());
console.log('docs/indicators.md and docs/features.md updated');
