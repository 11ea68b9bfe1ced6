import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { parseSyntheticName, symbolSlug } from './catalogue/cross-asset-names.js';
import { syntheticFeature, syntheticFeatures } from './catalogue/cross-asset.js';
import { UnknownSymbolError } from './errors.js';
import { checkList, isString, lowerCase } from './lists.js';
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
 * `InvalidParameterError` naming the argument (`features`, `features[3]`, `peers`, `symbol`).
 *
 * @example
 * ```ts
 * featureDefsFor(FEATURE_DEFS, undefined, 'ETH', ['BTC', 'SOL']) // single-asset features + ETH's syn_* features
 * ```
 */
export function featureDefsFor(catalogue: readonly FeatureDef[], names: readonly string[] | undefined, symbol: string | undefined, peers: readonly string[] = []): FeatureDef[] {
  if (symbol !== undefined && typeof symbol !== 'string') throw new InvalidParameterError('symbol', `expected a symbol (a string), got ${describeValue(symbol)}`);
  checkList(peers, 'peers', isString, lowerCase);
  if (names === undefined) {
    const synthetic = symbol !== undefined && peers.length > 0 ? syntheticFeatures(symbol, peers) : [];
    return [...catalogue, ...synthetic];
  }
  checkList(names, 'features', isString);
  const byName = new Map(catalogue.map((d) => [d.name, d]));
  const context = { symbol: symbol ?? impliedSymbol(names), peers };
  return names.map((name) => {
    const d = byName.get(name);
    if (d !== undefined) return d;
    if (!name.startsWith('syn_')) throw new InvalidParameterError('features', `unknown feature ${describeValue(name)}`);
    return syntheticFeature(name, context);
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
