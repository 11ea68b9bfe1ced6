import { UnknownSymbolError } from '../errors.js';

/** The kinds of pair feature, `syn_<self>_<other>_<kind>_<n>`. */
export type PairKind = 'correlation' | 'beta' | 'relative_strength' | 'spread_zscore' | 'return_lag';

const SLUG = /^[a-z][a-z0-9]*$/;
const PAIR_NAME = /^syn_([a-z][a-z0-9]*)_([a-z][a-z0-9]*)_(correlation|beta|relative_strength|spread_zscore|return_lag)_(\d+)$/;
const DISPERSION_NAME = /^syn_dispersion_([a-z][a-z0-9]*(?:_[a-z][a-z0-9]*)+)$/;

/**
 * The spelling of a symbol in feature names: lower-case letters and digits, starting with a letter
 * ('BTC' gives 'btc'). Throws {@link UnknownSymbolError} for symbols that cannot be spelled so ('BTC-USD', '').
 *
 * @example
 * ```ts
 * symbolSlug('ETH') // 'eth'
 * ```
 */
export function symbolSlug(symbol: string): string {
  const slug = typeof symbol === 'string' ? symbol.toLowerCase() : '';
  if (!SLUG.test(slug)) throw new UnknownSymbolError(String(symbol), 'a symbol must be letters and digits, starting with a letter, to name cross-asset features');
  return slug;
}

/** The split of a `syn_*` name by {@link parseSyntheticName}. */
export type SyntheticName =
  | { kind: PairKind; self: string; other: string; n: number }
  | { kind: 'dispersion'; members: readonly string[] };

/**
 * Splits a cross-asset feature name into its kind, symbols and window (or lag); undefined when `name` does not
 * follow the `syn_<self>_<other>_<kind>_<n>` or `syn_dispersion_<members>` patterns.
 *
 * @example
 * ```ts
 * parseSyntheticName('syn_eth_btc_correlation_20') // { kind: 'correlation', self: 'eth', other: 'btc', n: 20 }
 * parseSyntheticName('syn_macro_sentiment')        // undefined
 * ```
 */
export function parseSyntheticName(name: string): SyntheticName | undefined {
  const pair = PAIR_NAME.exec(name);
  if (pair !== null) {
    const n = Number(pair[4]);
    if (String(n) !== pair[4]) return undefined;
    return { kind: pair[3] as PairKind, self: pair[1]!, other: pair[2]!, n };
  }
  const disp = DISPERSION_NAME.exec(name);
  return disp === null ? undefined : { kind: 'dispersion', members: disp[1]!.split('_') };
}
