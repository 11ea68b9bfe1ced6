/** Regenerates the generated parts of docs/ from the code's metadata. Run: npm run docs */
import { readFileSync, writeFileSync } from 'node:fs';
import { withIndicatorTable } from './indicator-table.js';

const path = new URL('../docs/indicators.md', import.meta.url);
writeFileSync(path, withIndicatorTable(readFileSync(path, 'utf8')));
console.log('docs/indicators.md updated');
