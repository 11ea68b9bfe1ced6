import { describe, expect, it } from 'vitest';
import { CALIBRATION_METHODS, calibratorFromJSON, fitCalibrator, type IsotonicJSON } from '../../src/calibration/index.js';
import { fitOptions, fixtures } from './fixtures.js';

const roundTrips = fixtures.cases.flatMap((c) => CALIBRATION_METHODS.filter((m) => c.probabilities || m === 'platt' || m === 'isotonic').map((m) => [`${c.name} ${m}`, m, c] as const));

describe('calibrators through JSON', () => {
  it.each(roundTrips)('%s: JSON.stringify and calibratorFromJSON give the same predictions, bit for bit', (_name, method, c) => {
    const fitted = fitCalibrator(method, c.scores, c.labels, fitOptions(c));
    const json = JSON.stringify(fitted);
    const read = calibratorFromJSON(JSON.parse(json));
    const query = Float64Array.from(c.query);
    expect(read.method).toBe(method);
    expect(Array.from(read.transform(query))).toEqual(Array.from(fitted.transform(query)));
    expect(JSON.stringify(read)).toBe(json);
  });

  it('predict and transform agree, and transform returns a new array', () => {
    const c = fixtures.cases[0]!;
    for (const method of CALIBRATION_METHODS) {
      const cal = fitCalibrator(method, c.scores, c.labels);
      const query = Float64Array.from(c.query);
      const out = cal.transform(query);
      expect(out).not.toBe(query);
      expect(Array.from(out)).toEqual(c.query.map((q) => cal.predict(q)));
      for (const p of out) expect(p >= 0 && p <= 1).toBe(true);
    }
  });

  it('toJSON cannot be changed through the returned object', () => {
    const cal = fitCalibrator('isotonic', [0.1, 0.4, 0.6, 0.9], [0, 1, 0, 1]);
    const json = cal.toJSON() as IsotonicJSON;
    expect(() => (json.x as number[]).push(2)).toThrow();
    expect(Object.isFrozen(json)).toBe(true);
  });

  const invalid: [string, unknown, RegExp][] = [
    ['not an object', 'platt', /expected an object, got "platt"/],
    ['an unknown method', { method: 'sigmoid', a: 1, b: 0 }, /\.method: expected one of platt, isotonic, temperature, beta, got "sigmoid"/],
    ['an unknown key', { method: 'platt', a: 1, b: 0, c: 2 }, /\.c: unknown key for a platt calibrator/],
    ['a missing parameter', { method: 'platt', a: 1 }, /\.b: expected a finite number, got undefined/],
    ['a non-finite parameter', { method: 'beta', a: 1, b: 1, c: null }, /\.c: expected a finite number, got null/],
    ['a negative beta parameter', { method: 'beta', a: -0.5, b: 1, c: 0 }, /\.a: expected a finite non-negative number, got -0.5/],
    ['a zero temperature', { method: 'temperature', temperature: 0 }, /\.temperature: expected a finite positive number, got 0/],
    ['isotonic arrays of different lengths', { method: 'isotonic', x: [0, 1], y: [0] }, /x and y need the same length >= 2, got 2 and 1/],
    ['one isotonic threshold', { method: 'isotonic', x: [0.5], y: [0.5] }, /same length >= 2, got 1 and 1/],
    ['isotonic thresholds out of order', { method: 'isotonic', x: [0, 0.5, 0.5], y: [0, 0.2, 0.3] }, /\.x\[2\]: thresholds must increase/],
    ['decreasing isotonic values', { method: 'isotonic', x: [0, 0.5, 1], y: [0, 0.6, 0.3] }, /\.y\[2\]: values must not decrease/],
    ['an isotonic value above 1', { method: 'isotonic', x: [0, 1], y: [0, 1.5] }, /\.y\[1\]: must be a probability/],
    ['isotonic x not an array', { method: 'isotonic', x: 'abc', y: [0, 1] }, /\.x: expected an array of numbers/],
  ];
  it.each(invalid)('rejects %s with StateError', (_name, json, message) => {
    expect(() => calibratorFromJSON(json)).toThrow(message);
    try {
      calibratorFromJSON(json);
    } catch (e) {
      expect((e as { code: string }).code).toBe('INVALID_STATE');
    }
  });
});
