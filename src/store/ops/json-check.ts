/**
 * The check of JSON values bound for `jsonb` columns (model metrics): `JSON.stringify` silently turns NaN and
 * Infinity into null, drops functions, mangles Maps and typed arrays and throws on BigInt and cycles, and jsonb
 * rejects NUL characters and unpaired surrogates. This check says which element is at fault instead.
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { UNPAIRED_SURROGATE } from './checks.js';

/** Deepest nesting accepted (a cycle is reported as too deep). */
const MAX_DEPTH = 64;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function badText(s: string): boolean {
  return s.includes('\u0000') || UNPAIRED_SURROGATE.test(s);
}

/**
 * Checks one JSON value at `path` (under the argument `root`); throws naming the first element that JSON or jsonb
 * would not keep as given.
 */
function checkValue(v: unknown, path: string, depth: number, root: string): void {
  if (v === null || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new InvalidParameterError(path, `${v} is not a finite number (JSON would store null)`);
    return;
  }
  if (typeof v === 'string') {
    if (badText(v)) throw new InvalidParameterError(path, `${describeValue(v)} contains a NUL character or an unpaired surrogate`);
    return;
  }
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new InvalidParameterError(path, 'an Invalid Date (JSON would store null)');
    return;
  }
  if (depth >= MAX_DEPTH) throw new InvalidParameterError(root, `nested deeper than ${MAX_DEPTH} levels (or circular), at ${path.slice(0, 80)}...`);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (v[i] === undefined) throw new InvalidParameterError(`${path}[${i}]`, 'undefined (or a hole) in an array (JSON would store null)');
      checkValue(v[i], `${path}[${i}]`, depth + 1, root);
    }
    return;
  }
  if (!isPlainObject(v)) throw new InvalidParameterError(path, `${describeValue(v)} is not JSON (expected null, a boolean, a finite number, a string, an array or a plain object)`);
  for (const key of Object.keys(v)) {
    const at = key.length <= 40 ? `${path}.${key}` : `${path}[${describeValue(key)}]`;
    if (badText(key)) throw new InvalidParameterError(at, 'the key contains a NUL character or an unpaired surrogate');
    if (v[key] !== undefined) checkValue(v[key], at, depth + 1, root); // an undefined property is left out, as JSON does
  }
}

/**
 * `value` as JSON text when it is a plain object that JSON and `jsonb` keep exactly (finite numbers, strings without
 * NUL, arrays without holes, plain objects, valid Dates as ISO strings; undefined properties left out), nested at
 * most 64 levels. Errors name the element (`metrics.auc`, `metrics.folds[3]`).
 *
 * @example
 * ```ts
 * jsonObjectText({ auc: 0.61 }, 'metrics') // => '{"auc":0.61}'
 * jsonObjectText({ auc: NaN }, 'metrics')  // throws InvalidParameterError 'metrics.auc: NaN is not a finite number (JSON would store null)'
 * ```
 */
export function jsonObjectText(value: unknown, name: string): string {
  if (!isPlainObject(value)) throw new InvalidParameterError(name, `expected a plain JSON object, got ${describeValue(value)}`);
  checkValue(value, name, 0, name);
  return JSON.stringify(value);
}
