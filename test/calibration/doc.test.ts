import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { calibrationResults, withCalibrationResults } from '../../scripts/calibration-doc.js';

const read = (file: string) => readFileSync(new URL(`../../docs/${file}`, import.meta.url), 'utf8');
const results = calibrationResults();

it('docs/calibration.md shows the results the code measures now (run `npm run docs` to update)', () => {
  const doc = read('calibration.md');
  expect(doc).toBe(withCalibrationResults(doc, results.table));
});

it('the reliability diagrams in docs/ are the SVGs the code generates now', () => {
  expect(read('reliability-before.svg')).toBe(results.before);
  expect(read('reliability-after.svg')).toBe(results.after);
});

it('calibration reduces the ECE of the over-confident model tenfold, with every method but Platt on p', () => {
  const ece = (name: string) => Number(results.table.split('\n').find((line) => line.startsWith(`| ${name} |`))!.split('|')[2]);
  expect(ece('uncalibrated')).toBeGreaterThan(0.1);
  for (const method of ['isotonic', 'temperature', 'beta', 'platt on logit(p)']) expect(ece(method)).toBeLessThan(ece('uncalibrated') / 10);
  expect(ece('platt')).toBeLessThan(ece('uncalibrated') / 4);
});
