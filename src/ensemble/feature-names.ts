/**
 * Feature names in order: the one check between what a model was trained on and what it is given. A model reads
 * columns by position, so the same names in another order are as wrong as other names; the check says exactly
 * which names are missing, extra or moved, with their positions.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { FeatureMismatchError } from './errors.js';

/** A feature name and its 0-based position in one list. */
export interface FeaturePosition {
  readonly name: string;
  readonly position: number;
}

/** A feature name found in both lists at different positions. */
export interface FeatureMove {
  readonly name: string;
  /** Its position in the expected (model's) list. */
  readonly expected: number;
  /** Its position in the given list. */
  readonly actual: number;
}

/** How a given list of feature names differs from the expected one. All three empty: the lists are equal. */
export interface FeatureNameDiff {
  /** Expected names the given list lacks (position: in the expected list). */
  readonly missing: readonly FeaturePosition[];
  /** Given names the expected list lacks (position: in the given list). */
  readonly extra: readonly FeaturePosition[];
  /** Names in both lists at different positions. */
  readonly moved: readonly FeatureMove[];
}

/** Most names of each kind a message lists (the counts are exact). */
const SHOWN = 5;

/**
 * Checks a list of feature names: an array of distinct strings. Throws `InvalidParameterError` naming `where`
 * (and the index of a duplicate) otherwise. Returns a copy.
 *
 * @example
 * ```ts
 * checkNameList(['a', 'b'], 'featureNames') // => ['a', 'b']
 * checkNameList(['a', 'a'], 'featureNames') // throws InvalidParameterError: featureNames[1]: "a" is also at position 0
 * ```
 */
export function checkNameList(names: readonly string[], where: string): string[] {
  if (!Array.isArray(names)) throw new InvalidParameterError(where, `expected an array of feature names, got ${describeValue(names)}`);
  const seen = new Map<string, number>();
  names.forEach((name: unknown, i) => {
    if (typeof name !== 'string') throw new InvalidParameterError(`${where}[${i}]`, `expected a string, got ${describeValue(name)}`, { index: i, value: name });
    const first = seen.get(name);
    if (first !== undefined) throw new InvalidParameterError(`${where}[${i}]`, `${JSON.stringify(name)} is also at position ${first}`, { index: i, value: name });
    seen.set(name, i);
  });
  return [...names];
}

/**
 * The difference between the expected feature names (a model's, in column order) and the given ones: names
 * missing from the given list, extra names in it, and names at another position. Both lists hold distinct names.
 *
 * @example
 * ```ts
 * featureNameDiff(['a', 'b', 'c'], ['b', 'a', 'd'])
 * // => { missing: [{ name: 'c', position: 2 }], extra: [{ name: 'd', position: 2 }],
 * //      moved: [{ name: 'a', expected: 0, actual: 1 }, { name: 'b', expected: 1, actual: 0 }] }
 * ```
 */
export function featureNameDiff(expected: readonly string[], actual: readonly string[]): FeatureNameDiff {
  const given = new Map(actual.map((name, i) => [name, i]));
  const known = new Set(expected);
  const missing: FeaturePosition[] = [];
  const moved: FeatureMove[] = [];
  expected.forEach((name, position) => {
    const at = given.get(name);
    if (at === undefined) missing.push({ name, position });
    else if (at !== position) moved.push({ name, expected: position, actual: at });
  });
  const extra = actual.flatMap((name, position) => (known.has(name) ? [] : [{ name, position }]));
  return { missing, extra, moved };
}

function list<T>(items: readonly T[], show: (item: T) => string): string {
  const head = items.slice(0, SHOWN).map(show).join(', ');
  return items.length > SHOWN ? `${head}, ... (${items.length} in all)` : head;
}

/**
 * Throws `FeatureMismatchError` (expected = the model's feature count, actual = the given count) unless the given
 * names equal the expected ones in the same order. The message names the missing names, the extra ones and the
 * moved ones with their positions (0-based), up to five of each; {@link featureNameDiff} gives them all.
 *
 * @example
 * ```ts
 * checkFeatureNames(['a', 'b', 'c'], ['a', 'c', 'b'], 'featureNames')
 * // throws FeatureMismatchError: featureNames: 2 feature name(s) differ from the model's:
 * //   moved b (model position 1, given 2), c (model position 2, given 1)
 * ```
 */
export function checkFeatureNames(expected: readonly string[], actual: readonly string[], where: string): void {
  const diff = featureNameDiff(expected, actual);
  const count = diff.missing.length + diff.extra.length + diff.moved.length;
  if (count === 0) return;
  const parts = [
    diff.missing.length > 0 ? `missing ${list(diff.missing, (m) => `${m.name} (model position ${m.position})`)}` : '',
    diff.extra.length > 0 ? `extra ${list(diff.extra, (m) => `${m.name} (given position ${m.position})`)}` : '',
    diff.moved.length > 0 ? `moved ${list(diff.moved, (m) => `${m.name} (model position ${m.expected}, given ${m.actual})`)}` : '',
  ].filter((p) => p !== '');
  throw new FeatureMismatchError(expected.length, actual.length, `${where}: ${count} feature name(s) differ from the model's: ${parts.join('; ')}`);
}
