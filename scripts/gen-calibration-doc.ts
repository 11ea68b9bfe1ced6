/** Regenerates the measured results of docs/calibration.md and its two reliability diagrams. Run: npx tsx scripts/gen-calibration-doc.ts */
import { readFileSync, writeFileSync } from 'node:fs';
import { calibrationResults, withCalibrationResults } from './calibration-doc.js';

const doc = new URL('../docs/calibration.md', import.meta.url);
const { table, before, after } = calibrationResults();
writeFileSync(doc, withCalibrationResults(readFileSync(doc, 'utf8'), table));
writeFileSync(new URL('../docs/reliability-before.svg', import.meta.url), before);
writeFileSync(new URL('../docs/reliability-after.svg', import.meta.url), after);
console.log('docs/calibration.md, docs/reliability-before.svg and docs/reliability-after.svg updated');
