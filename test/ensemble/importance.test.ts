/**
 * Feature importance against XGBoost 1.7.4 `get_score(importance_type=...)` (committed fixtures from
 * scripts/fixtures/shap_fixtures.py), hand-computed split statistics, and mean |SHAP| against the mean absolute
 * value of XGBoost's own `pred_contribs`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { featureImportance, IMPORTANCE_TYPES, importanceScores, meanAbsShap, type ImportanceType } from '../../src/ensemble/gbdt/importance.js';
import { TreeEnsembleModel } from '../../src/ensemble/gbdt/model.js';
import { loadXGBoostModel } from '../../src/ensemble/gbdt/io/xgboost.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'shap');
const num = (v: number | string): number => (typeof v === 'string' ? Number(v) : v);

const cases = (JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { cases: { name: string }[] }).cases.map(({ name }) => {
  const model = loadXGBoostModel(readFileSync(join(DIR, `${name}.model.json`), 'utf8'));
  const d = JSON.parse(readFileSync(join(DIR, `${name}.data.json`), 'utf8')) as {
    inputs: (number | string)[][];
    contribs: (number | string)[];
    importance: Record<ImportanceType, Record<string, number>>;
  };
  const X = { rows: d.inputs.length, cols: d.inputs[0]!.length, data: Float64Array.from(d.inputs.flat(), num) };
  return { name, model, X, contribs: Float64Array.from(d.contribs, num), importance: d.importance };
});

describe('importance vs XGBoost get_score', () => {
  it('covers the five importance types, feature names and a multiclass model', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
    for (const c of cases) expect(Object.keys(c.importance).sort()).toEqual([...IMPORTANCE_TYPES].sort());
    expect(cases.some((c) => c.model.featureNames !== undefined)).toBe(true);
    expect(cases.some((c) => c.model.numClass > 1)).toBe(true);
  });

  for (const c of cases) {
    it(`${c.name}: importanceScores equals get_score for every type (same keys, values within 1e-6 relative)`, () => {
      for (const type of IMPORTANCE_TYPES) {
        const ours = importanceScores(c.model, type);
        const ref = c.importance[type];
        expect(Object.keys(ours)).toEqual(Object.keys(ref));
        for (const [k, v] of Object.entries(ref)) {
          expect(Math.abs(ours[k]! - v), `${type} ${k}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(v)));
        }
        // The dense form agrees, with 0 for unused features.
        const dense = featureImportance(c.model, type);
        expect(dense.length).toBe(c.model.nFeatures);
        for (let j = 0; j < c.model.nFeatures; j++) {
          const key = c.model.featureNames?.[j] ?? `f${j}`;
          if (key in ref) expect(dense[j]).toBe(ours[key]);
          else expect(dense[j]).toBe(0);
        }
      }
    });
  }
});

describe('importance by hand', () => {
  // Tree 0: root x1 (gain 4, cover 10) -> left x0 (gain 1, cover 6) -> leaves; right leaf.
  // Tree 1: root x1 (gain 2, cover 8) -> two leaves. Feature 2 is never used.
  const model = new TreeEnsembleModel({
    nFeatures: 3,
    objective: 'reg:squarederror',
    treeStart: Int32Array.of(0, 5, 8),
    feature: Int32Array.of(1, 0, -1, -1, -1, 1, -1, -1),
    threshold: Float64Array.of(0, 0, 0, 0, 0, 0.5, 0, 0),
    left: Int32Array.of(1, 3, -1, -1, -1, 6, -1, -1),
    right: Int32Array.of(2, 4, -1, -1, -1, 7, -1, -1),
    value: Float64Array.of(0, 0, 1, 2, 3, 0, -1, 1),
    cover: Float64Array.of(10, 6, 4, 3, 3, 8, 5, 3),
    gain: Float64Array.of(4, 1, 0, 0, 0, 2, 0, 0),
  });

  it('weight, total_gain, gain, total_cover, cover', () => {
    expect(Array.from(featureImportance(model, 'weight'))).toEqual([1, 2, 0]);
    expect(Array.from(featureImportance(model, 'total_gain'))).toEqual([1, 6, 0]);
    expect(Array.from(featureImportance(model, 'gain'))).toEqual([1, 3, 0]);
    expect(Array.from(featureImportance(model, 'total_cover'))).toEqual([6, 18, 0]);
    expect(Array.from(featureImportance(model, 'cover'))).toEqual([6, 9, 0]);
    expect(Array.from(model.importance())).toEqual([1, 3, 0]); // default 'gain'
    expect(importanceScores(model, 'weight')).toEqual({ f0: 1, f1: 2 });
  });

  it('rejects an unknown type with InvalidParameterError', () => {
    expect(() => featureImportance(model, 'split' as ImportanceType)).toThrow(InvalidParameterError);
    expect(() => model.importance('frequency' as ImportanceType)).toThrow(/importance type/);
  });

  it('meanAbsShap on the stump-like tree 1 alone: |phi| averaged over rows', () => {
    const stump = new TreeEnsembleModel({
      nFeatures: 2,
      objective: 'reg:squarederror',
      treeStart: Int32Array.of(0, 3),
      feature: Int32Array.of(1, -1, -1),
      threshold: Float64Array.of(0.5, 0, 0),
      left: Int32Array.of(1, -1, -1),
      right: Int32Array.of(2, -1, -1),
      value: Float64Array.of(0, -1, 1),
      cover: Float64Array.of(8, 5, 3),
    });
    // E = (-5 + 3) / 8 = -0.25; x1 < 0.5 -> phi1 = -0.75, else 1.25. Rows: left, right, right -> (0.75 + 2.5) / 3.
    const X = { rows: 3, cols: 2, data: Float64Array.of(9, 0, 9, 1, -9, 2) };
    const imp = meanAbsShap(stump, X);
    expect(imp[0]).toBe(0);
    expect(imp[1]).toBeCloseTo(3.25 / 3, 15);
    expect(Array.from(meanAbsShap(stump, { rows: 0, cols: 2, data: new Float64Array(0) }))).toEqual([0, 0]);
  });
});

describe('meanAbsShap vs XGBoost pred_contribs', () => {
  for (const c of cases) {
    it(`${c.name}: mean |pred_contribs| per feature (class-major for multiclass), within 1e-5`, () => {
      const M = c.model.nFeatures, K = c.model.numClass, W = M + 1;
      const ref = new Float64Array(K * M);
      for (let r = 0; r < c.X.rows; r++) for (let k = 0; k < K; k++) for (let j = 0; j < M; j++) ref[k * M + j] = ref[k * M + j]! + Math.abs(c.contribs[(r * K + k) * W + j]!) / c.X.rows;
      const ours = meanAbsShap(c.model, c.X);
      expect(ours.length).toBe(K * M);
      for (let i = 0; i < ref.length; i++) expect(Math.abs(ours[i]! - ref[i]!)).toBeLessThan(1e-5);
    });
  }
});
