import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { parseSyntheticName, symbolSlug } from './catalogue/cross-asset-names.js';
import { syntheticFeature, syntheticFeatures } from './catalogue/cross-asset.js';
import { UnknownSymbolError } from './errors.js';
import type { FeatureDef } from './types.js';

/**
 * The definitions to compute, for `computeFeatures` and `createFeatureStream`:
 *
 * - without `names`: every single-asset entry of `catalogue`, plus, when both `symbol` and at least one peer are
 *   given, `syntheticFeatures(symbol, peers)`;
 * - with `names`: each name from `catalogue`, or else a cross-asset (`syn_*`) feature built by name for any symbols
 *   (the peers it reads must be given: `MissingPeerError` names the missing one). Without `symbol`, the computed
 *   symbol is the one the `syn_*` names start with (they must agree: `UnknownSymbolError`).
 *
 * Arguments of the wrong type, unknown or repeated names, and peers listed twice (symbols are case-insensitive) throw
 * `InvalidParameterError` naming the element (`features[3]`, `peers[1]`, `symbol`).
 *
 * @example
 * ```ts
 * featureDefsFor(FEATURE_DEFS, undefined, 'ETH', ['BTC', 'SOL']) // single-asset features + ETH's syn_* features
 * ```
 */
export function featureDefsFor(catalogue: readonly FeatureDef[], names: readonly string[] | undefined, symbol: string | undefined, peers: readonly string[] = []): FeatureDef[] {
  if (symbol !== undefined && typeof symbol !== 'string') throw new InvalidParameterError('symbol', `expected a symbol (a string), got ${describeValue(symbol)}`);
  checkList(peers, 'peers', (p) => p.toLowerCase(), 'symbols are case-insensitive');
  if (names === undefined) {
    const synthetic = symbol !== undefined && peers.length > 0 ? syntheticFeatures(symbol, peers) : [];
    return [...catalogue, ...synthetic];
  }
  checkList(names, 'features', (name) => name, 'each feature is computed once');
  const byName = new Map(catalogue.map((d) => [d.name, d]));
  const context = { symbol: symbol ?? impliedSymbol(names), peers };
  return names.map((name) => {
    const d = byName.get(name);
    if (d !== undefined) return d;
    if (!name.startsWith('syn_')) throw new InvalidParameterError('features', `unknown feature ${describeValue(name)}`);
    return syntheticFeature(name, context);
  });
}

/** Throws `InvalidParameterError` unless `list` is an array of strings without two of the same `key`. */
function checkList(list: readonly string[], parameter: string, key: (s: string) => string, why: string): void {
  if (!Array.isArray(list)) throw new InvalidParameterError(parameter, `expected an array of strings, got ${describeValue(list)}`);
  const seen = new Set<string>();
  list.forEach((item, i) => {
    if (typeof item !== 'string') throw new InvalidParameterError(`${parameter}[${i}]`, `expected a string, got ${describeValue(item)}`);
    if (seen.has(key(item))) throw new InvalidParameterError(`${parameter}[${i}]`, `${describeValue(item)} is listed twice (${why})`);
    seen.add(key(item));
  });
}

/** The symbol that the pair `syn_<self>_...` names among `names` are computed for, if any (they must agree). */
function impliedSymbol(names: readonly string[]): string | undefined {
  let self: string | undefined;
  for (const name of names) {
    const p = parseSyntheticName(name);
    if (p === undefined || p.kind === 'dispersion') continue;
    if (self !== undefined && p.self !== self) throw new UnknownSymbolError(p.self.toUpperCase(), `features of ${self.toUpperCase()} and ${p.self.toUpperCase()} requested together: pass one symbol's features`);
    self = p.self;
  }
  return self === undefined ? undefined : symbolSlug(self);
}
