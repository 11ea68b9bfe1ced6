import { InvalidParameterError } from './errors.js';
import { describeValue } from './describe.js';

/** Longest option key quoted in an error (a hostile key of any length keeps the message short). */
const MAX_KEY = 40;

/**
 * Checks an options argument: `undefined` (all defaults) or a plain object whose every key is one of `known`.
 * A misspelt or unknown key is an error naming it and listing the known ones, so that a typo never silently falls
 * back to a default. Returns the options as an object (`{}` for `undefined`).
 *
 * @param options what the caller passed
 * @param known the option names the function reads
 * @param where the argument's name in messages (e.g. `'options'`)
 *
 * @example
 * ```ts
 * checkOptions({ embargo: 2, trainsize: 10 }, ['n', 'trainSize', 'testSize', 'embargo'], 'options')
 * // throws InvalidParameterError: options.trainsize: unknown option (known: n, trainSize, testSize, embargo)
 * checkOptions(undefined, ['gaps'], 'options') // => {}
 * ```
 */
export function checkOptions<T extends object>(options: T | undefined, known: readonly string[], where = 'options'): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw new InvalidParameterError(where, `expected an options object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new InvalidParameterError(`${where}.${key.length > MAX_KEY ? `${key.slice(0, MAX_KEY)}...` : key}`, `unknown option (known: ${known.join(', ')})`);
  }
  return options;
}
