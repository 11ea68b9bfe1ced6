/**
 * Loads the committed XGBoost reference fixtures (test/fixtures/xgboost, written by
 * scripts/fixtures/xgboost_fixtures.py with XGBoost 1.7.4). Shared by the interop and TreeSHAP tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Matrix } from '../../src/core/types.js';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const XGB_FIXTURES = join(repoRoot, 'test', 'fixtures', 'xgboost');
export const LGB_FIXTURES = join(repoRoot, '..', 'shared', 'fixtures', 'lightgbm');

export interface XGBCase {
  name: string;
  objective: string;
  rows: number;
  cols: number;
  trees: number;
  numClass: number;
  ubj?: boolean;
  params: Record<string, unknown>;
}

export interface XGBFixture extends XGBCase {
  /** The model JSON text. */
  json: string;
  /** Inputs as float64 (what XGBoost was given; it rounds them to float32 itself). */
  X: Matrix;
  /** XGBoost's predict(output_margin=True), float32 values, rows x numClass. */
  margin: Float64Array;
  /** XGBoost's predict(), float32 values, rows x numClass. */
  pred: Float64Array;
  /** XGBoost's predict(pred_leaf=True), rows x trees. */
  leaves: Int32Array;
  /** XGBoost's predict(pred_contribs=True), rows x numClass x (cols + 1). */
  contribs: Float64Array;
}

const dec = (v: number | string): number => (typeof v === 'string' ? Number(v) : v);

export function xgbCases(): XGBCase[] {
  return JSON.parse(readFileSync(join(XGB_FIXTURES, 'manifest.json'), 'utf8')).cases;
}

export function xgbFixture(c: XGBCase): XGBFixture {
  const d = JSON.parse(readFileSync(join(XGB_FIXTURES, `${c.name}.data.json`), 'utf8'));
  const flat: number[] = (d.inputs as (number | string)[][]).flat().map(dec);
  return {
    ...c,
    json: readFileSync(join(XGB_FIXTURES, `${c.name}.model.json`), 'utf8'),
    X: { rows: d.inputs.length, cols: c.cols, data: Float64Array.from(flat) },
    margin: Float64Array.from(d.margin.map(dec)),
    pred: Float64Array.from(d.pred.map(dec)),
    leaves: Int32Array.from(d.leaves),
    contribs: Float64Array.from(d.contribs.map(dec)),
  };
}

/** Number of positions where `a` and `b` differ bit for bit (Object.is), and the largest absolute difference. */
export function bitDiff(a: ArrayLike<number>, b: ArrayLike<number>): { mismatches: number; maxAbs: number } {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let mismatches = 0;
  let maxAbs = 0;
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) {
      mismatches++;
      maxAbs = Math.max(maxAbs, Math.abs(a[i]! - b[i]!));
    }
  }
  return { mismatches, maxAbs };
}
