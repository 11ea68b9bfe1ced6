/** The scikit-learn fixtures of scripts/fixtures/calibration_fixtures.py (test/fixtures/calibration/calibration.json). */
import { readFileSync } from 'node:fs';

export interface Curve {
  prob_true: number[];
  prob_pred: number[];
}

export interface CalibrationCase {
  name: string;
  scores: number[];
  labels: number[];
  weights: number[] | null;
  probabilities: boolean;
  query: number[];
  platt: {
    a: number; b: number; a_converged: number; b_converged: number; proba: number[];
    objective: number; gradient: number[]; objective_converged: number; gradient_converged: number[];
  };
  isotonic: { x: number[]; y: number[]; predict: number[]; proba: number[] };
  temperature?: { theta: number; temperature: number };
  beta?: { a: number; b: number; c: number; unconstrained: number[] };
  brier?: number;
  curves?: { uniform: Curve; quantile: Curve };
}

export const fixtures = JSON.parse(readFileSync(new URL('../fixtures/calibration/calibration.json', import.meta.url), 'utf8')) as {
  sklearn: string;
  cases: CalibrationCase[];
};

/** The fit options of a case: its weights, if any. */
export const fitOptions = (c: CalibrationCase) => (c.weights ? { weights: c.weights } : undefined);

/** Largest absolute difference between two arrays of the same length. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
