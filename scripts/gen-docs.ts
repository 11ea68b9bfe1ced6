/**
 * Regenerates the generated parts of docs/ from the code: the indicator table, the feature catalogue, and the
 * measured calibration results with their two reliability diagrams. Run: npm run docs
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { withIndicatorTable } from './indicator-table.js';
import { featureDocs } from './feature-docs.js';
import { calibrationResults, withCalibrationResults } from './calibration-doc.js';

const doc = (file: string) => new URL(`../docs/${file}`, import.meta.url);

writeFileSync(doc('indicators.md'), withIndicatorTable(readFileSync(doc('indicators.md'), 'utf8')));
writeFileSync(doc('features.md'), featureDocs());
const { table, before, after } = calibrationResults();
writeFileSync(doc('calibration.md'), withCalibrationResults(readFileSync(doc('calibration.md'), 'utf8'), table));
writeFileSync(doc('reliability-before.svg'), before);
writeFileSync(doc('reliability-after.svg'), after);
console.log('docs/indicators.md, features.md, calibration.md, reliability-before.svg and reliability-after.svg updated');
