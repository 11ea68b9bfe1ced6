import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { UnknownSymbolError } from '../errors.js';

/** The kinds of pair feature, `syn_<self>_<other>_<kind>_<n>`. */
export type PairKind = 'correlation' | 'beta' | 'relative_strength' | 'spread_zscore' | 'return_lag';

const SLUG = /^[a-z][a-z0-9]*$/;
/** Longest feature name: a PostgreSQL identifier (its database column name). */
export const MAX_FEATURE_NAME = 63;
const PAIR_NAME = /^syn_([a-z][a-z0-9]*)_([a-z][a-z0-9]*)_(correlation|beta|relative_strength|spread_zscore|return_lag)_(\d+)$/;
const DISPERSION_NAME = /^syn_dispersion_([a-z][a-z0-9]*(?:_[a-z][a-z0-9]*)+)$/;

/**
 * The spelling of a symbol in feature names: lower-case letters and digits, starting with a letter
 * ('BTC' gives 'btc'). Throws {@link UnknownSymbolError} for symbols that cannot be spelled so ('BTC-USD', ''), and
 * `InvalidParameterError` (parameter 'symbol') for a symbol that is no string.
 *
 * @example
 * ```ts
 * symbolSlug('ETH') // 'eth'
 * ```
 */
export function symbolSlug(symbol: string): string {
  if (typeof symbol !== 'string') throw new InvalidParameterError('symbol', `expected a symbol (a string), got ${describeValue(symbol)}`);
  const slug = symbol.toLowerCase();
  if (!SLUG.test(slug)) throw new UnknownSymbolError(symbol, 'a symbol must be letters and digits, starting with a letter, to name cross-asset features');
  return slug;
}

/** The split of a `syn_*` name by {@link parseSyntheticName}. */
export type SyntheticName =
  | { kind: PairKind; self: string; other: string; n: number }
  | { kind: 'dispersion'; members: readonly string[] };

/**
 * Splits a cross-asset feature name into its kind, symbols and window (or lag); undefined when `name` does not
 * follow the `syn_<self>_<other>_<kind>_<n>` or `syn_dispersion_<members>` patterns (or is no string, or longer than
 * the 63 characters of a feature name).
 *
 * @example
 * ```ts
 * parseSyntheticName('syn_eth_btc_correlation_20') // { kind: 'correlation', self: 'eth', other: 'btc', n: 20 }
 * parseSyntheticName('syn_macro_sentiment')        // undefined
 * ```
 */
export function parseSyntheticName(name: string): SyntheticName | undefined {
  if (typeof name !== 'string' || name.length > MAX_FEATURE_NAME) return undefined;
  const pair = PAIR_NAME.exec(name);
  if (pair !== null) {
    const n = Number(pair[4]);
    if (String(n) !== pair[4]) return undefined;
    return { kind: pair[3] as PairKind, self: pair[1]!, other: pair[2]!, n };
  }
  const disp = DISPERSION_NAME.exec(name);
  return disp === null ? undefined : { kind: 'dispersion', members: disp[1]!.split('_') };
}
