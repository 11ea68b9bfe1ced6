/**
 * Reading calibrators back from their JSON form.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { StateError } from '../core/errors.js';
import { betaCalibrator } from './beta.js';
import type { CalibrationMethod, Calibrator } from './calibrator.js';
import { isotonicCalibrator } from './isotonic.js';
import { plattCalibrator } from './platt.js';
import { temperatureCalibrator } from './temperature.js';

const KEYS: Record<CalibrationMethod, readonly string[]> = {
  platt: ['a', 'b'],
  isotonic: ['x', 'y'],
  temperature: ['temperature'],
  beta: ['a', 'b', 'c'],
};

function fail(path: string, message: string): never {
  throw new StateError(`calibrator JSON${path}: ${message}`);
}

const RULES = { any: () => true, 'non-negative': (v: number) => v >= 0, positive: (v: number) => v > 0 };

function finite(value: unknown, path: string, rule: keyof typeof RULES = 'any'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !RULES[rule](value)) {
    fail(path, `expected a finite${rule === 'any' ? '' : ` ${rule}`} number, got ${describeValue(value)}`);
  }
  return value;
}

function numbers(value: unknown, path: string): number[] {
  if (!Array.isArray(value)) fail(path, `expected an array of numbers, got ${describeValue(value)}`);
  return value.map((v, i) => finite(v, `${path}[${i}]`));
}

function isotonic(o: Record<string, unknown>): Calibrator {
  const x = numbers(o.x, '.x');
  const y = numbers(o.y, '.y');
  if (x.length < 2 || x.length !== y.length) fail('', `x and y need the same length >= 2, got ${x.length} and ${y.length}`);
  for (let i = 0; i < x.length; i++) {
    if (i > 0 && !(x[i]! > x[i - 1]!)) fail(`.x[${i}]`, `thresholds must increase, got ${x[i]} after ${x[i - 1]}`);
    if (i > 0 && !(y[i]! >= y[i - 1]!)) fail(`.y[${i}]`, `values must not decrease, got ${y[i]} after ${y[i - 1]}`);
    if (!(y[i]! >= 0 && y[i]! <= 1)) fail(`.y[${i}]`, `must be a probability, got ${y[i]}`);
  }
  return isotonicCalibrator(x, y);
}

/**
 * Reads a calibrator from its JSON form (`calibrator.toJSON()`, or that through `JSON.stringify` and `JSON.parse`),
 * checking it: a known `method`, exactly its keys, finite numbers, temperature > 0, beta's a, b >= 0, isotonic
 * thresholds strictly increasing with non-decreasing values in [0, 1]. The calibrator read predicts exactly as
 * the one written. Throws `StateError` (code `INVALID_STATE`) naming the first fault.
 *
 * @example
 * ```ts
 * const json = JSON.stringify(fitPlatt([0.1, 0.3, 0.35, 0.6, 0.8, 0.9], [0, 0, 1, 0, 1, 1]))
 * calibratorFromJSON(JSON.parse(json)).predict(0.9) // => 0.7520020588456527
 * calibratorFromJSON({ method: 'temperature', temperature: -1 })
 * // throws StateError: calibrator JSON.temperature: expected a finite positive number, got -1
 * ```
 */
export function calibratorFromJSON(json: unknown): Calibrator {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('', `expected an object, got ${describeValue(json)}`);
  const o = json as Record<string, unknown>;
  const method = o.method as CalibrationMethod;
  const keys = Object.prototype.hasOwnProperty.call(KEYS, String(method)) ? KEYS[method] : fail('.method', `expected one of ${Object.keys(KEYS).join(', ')}, got ${describeValue(o.method)}`);
  for (const key of Object.keys(o)) if (key !== 'method' && !keys.includes(key)) fail(`.${key}`, `unknown key for a ${method} calibrator (known: ${keys.join(', ')})`);
  switch (method) {
    case 'platt':
      return plattCalibrator(finite(o.a, '.a'), finite(o.b, '.b'));
    case 'temperature':
      return temperatureCalibrator(finite(o.temperature, '.temperature', 'positive'));
    case 'beta':
      return betaCalibrator(finite(o.a, '.a', 'non-negative'), finite(o.b, '.b', 'non-negative'), finite(o.c, '.c'));
    case 'isotonic':
      return isotonic(o);
  }
}
