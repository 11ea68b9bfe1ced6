import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';

/**
 * Checks a list argument (feature names, peer symbols, windows): an array whose every item passes `isItem`, without
 * two items of the same `key` (for symbols, the lower-case spelling: they are case-insensitive). Throws
 * `InvalidParameterError`: `parameter[i]` for an item of the wrong type, `parameter` for a list that is no array or
 * repeats an item (the message says which).
 *
 * @example
 * ```ts
 * checkList(['BTC', 'ETH'], 'peers', isString, (s) => s.toLowerCase())  // => ['BTC', 'ETH']
 * checkList(['BTC', 'btc'], 'peers', isString, (s) => s.toLowerCase())  // throws InvalidParameterError: peers: item 1 "btc" repeats item 0 "BTC"
 * checkList('rsi_14' as never, 'features', isString)                     // throws InvalidParameterError: features: expected an array, got "rsi_14"
 * ```
 */
export function checkList<T>(list: readonly T[], parameter: string, isItem: (item: unknown) => item is T, key: (item: T) => unknown = (item) => item): readonly T[] {
  if (!Array.isArray(list)) throw new InvalidParameterError(parameter, `expected an array, got ${describeValue(list)}`);
  const seen = new Map<unknown, number>();
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i]; // a hole reads undefined (forEach would skip it)
    if (!isItem(item)) throw new InvalidParameterError(`${parameter}[${i}]`, `unexpected ${describeValue(item)}`);
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) throw new InvalidParameterError(parameter, `item ${i} ${describeValue(item)} repeats item ${first} ${describeValue(list[first])}`);
    seen.set(k, i);
  }
  return list;
}

/**
 * Whether `x` is a string (the item test of name and symbol lists).
 *
 * @example
 * ```ts
 * isString('rsi_14') // => true
 * ```
 */
export function isString(x: unknown): x is string {
  return typeof x === 'string';
}

/**
 * The key under which two symbols are the same: the lower-case spelling (symbols are case-insensitive).
 *
 * @example
 * ```ts
 * lowerCase('BTC') === lowerCase('btc') // => true
 * ```
 */
export function lowerCase(symbol: string): string {
  return symbol.toLowerCase();
}

/**
 * Whether `x` is a number (the item test of window lists; the windows themselves are checked by `checkWindow`).
 *
 * @example
 * ```ts
 * isNumber(20) // => true
 * ```
 */
export function isNumber(x: unknown): x is number {
  return typeof x === 'number';
}
