import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import { checkWindow } from '../../synthetic/inputs.js';
import { col, peerColumn } from '../columns.js';
import { MissingPeerError, UnknownSymbolError } from '../errors.js';
import { coMomentsKernel, logReturnKernel, logSpreadKernel, zScoreKernel } from '../kernels/cross-asset.js';
import { lagKernel } from '../kernels/lag.js';
import type { ColumnKey, FeatureDef } from '../types.js';
import { checkList, isNumber, isString, lowerCase } from '../lists.js';
import { MAX_FEATURE_NAME, parseSyntheticName, symbolSlug, type PairKind } from './cross-asset-names.js';

/** The catalogue group of every cross-asset feature. */
export const SYNTHETIC_GROUP = 'synthetic';

/** Which cross-asset features {@link syntheticFeatures} makes for a symbol. */
export interface SyntheticOptions {
  /** Windows of `syn_<self>_<peer>_correlation_<n>`, for every peer. Default [20, 50, 100]. */
  correlationWindows?: readonly number[];
  /** Windows of `syn_<self>_<leader>_beta_<n>` (only for symbols other than the leader, when the leader is a peer). Default [20, 100]. */
  betaWindows?: readonly number[];
  /** Windows of `syn_<self>_<peer>_relative_strength_<n>`, for every peer. Default [20, 100]. */
  relativeStrengthWindows?: readonly number[];
  /** Windows of `syn_<self>_<peer>_spread_zscore_<n>`, for every peer. Default [20, 100]. */
  spreadWindows?: readonly number[];
  /** Lags of `syn_<self>_<peer>_return_lag_<k>`, for every peer. Default [1]. */
  returnLags?: readonly number[];
  /** The symbol betas are measured against. Default 'BTC'. */
  leader?: string;
  /** Whether to add `syn_dispersion_<members>`. Default true. */
  dispersion?: boolean;
}

/** The defaults of {@link SyntheticOptions}. */
export const SYNTHETIC_DEFAULTS: Readonly<Required<SyntheticOptions>> = Object.freeze({
  correlationWindows: [20, 50, 100],
  betaWindows: [20, 100],
  relativeStrengthWindows: [20, 100],
  spreadWindows: [20, 100],
  returnLags: [1],
  leader: 'BTC',
  dispersion: true,
});

/** A symbol in a feature: its lower-case spelling and the column of its close. */
interface Leg {
  readonly slug: string;
  readonly close: ColumnKey;
}

function checked(def: FeatureDef): FeatureDef {
  if (def.name.length > MAX_FEATURE_NAME) {
    throw new InvalidParameterError('symbol', `feature name ${describeValue(def.name)} is longer than ${MAX_FEATURE_NAME} characters (PostgreSQL identifiers)`);
  }
  return def;
}

const upper = (l: Leg): string => l.slug.toUpperCase();

/** A pair feature of `self` against `other` with parameter `n` (a window or a lag). */
function pairFeature(kind: PairKind, self: Leg, other: Leg, n: number): FeatureDef {
  const moments = kind === 'correlation' || kind === 'beta' || kind === 'spread_zscore';
  checkWindow(n, kind === 'return_lag' ? 'lag' : 'window', moments ? 2 : 1);
  const name = `syn_${self.slug}_${other.slug}_${kind}_${n}`;
  const group = SYNTHETIC_GROUP;
  if (kind === 'correlation' || kind === 'beta') {
    const rs = logReturnKernel(self.close);
    const ro = logReturnKernel(other.close);
    const m = coMomentsKernel(col(rs), col(ro), n, [rs, ro]);
    return checked(
      kind === 'correlation'
        ? { name, group, scale: 'oscillator', lookback: n, kernels: [m], columns: [col(m, 'correlation')], description: `Pearson correlation of ${upper(self)} and ${upper(other)} 1-candle log returns over ${n} candles (NaN on a constant window)` }
        : { name, group, scale: 'ratio', lookback: n, kernels: [m], columns: [col(m, 'beta')], description: `beta of ${upper(self)} to ${upper(other)}: cov / var(${upper(other)}) of 1-candle log returns over ${n} candles (NaN if ${upper(other)} is constant)` },
    );
  }
  if (kind === 'spread_zscore') {
    const d = logSpreadKernel(self.close, other.close);
    const z = zScoreKernel(col(d), n, [d]);
    return checked({ name, group, scale: 'ratio', lookback: n - 1, kernels: [z], columns: [col(z)], description: `z-score over ${n} candles of ln(close) - ln(${upper(other)} close), population sd (NaN on a constant spread)` });
  }
  if (kind === 'relative_strength') {
    const ls = lagKernel(self.close, n);
    const lo = lagKernel(other.close, n);
    return checked({
      name,
      group,
      scale: 'ratio',
      lookback: n,
      kernels: [ls, lo],
      columns: [self.close, col(ls), other.close, col(lo)],
      formula: relativeStrength,
      description: `relative strength to ${upper(other)} over ${n} candles: (close / close ${n} ago) / (${upper(other)} close / its close ${n} ago)`,
    });
  }
  const r = logReturnKernel(other.close);
  const lag = lagKernel(col(r), n, [r]);
  return checked({ name, group, scale: 'ratio', lookback: n + 1, kernels: [lag], columns: [col(lag)], description: `${upper(other)} 1-candle log return ${n} candle(s) ago: ln(c_{t-${n}} / c_{t-${n + 1}})` });
}

function relativeStrength(c: readonly Float64Array[], i: number): number {
  return c[0]![i]! / c[1]![i]! / (c[2]![i]! / c[3]![i]!);
}

/** `syn_dispersion_<members>`: the cross-sectional population sd of the members' 1-candle log returns. */
function dispersionFeature(members: readonly Leg[]): FeatureDef {
  const sorted = [...members].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const kernels = sorted.map((l) => logReturnKernel(l.close));
  return checked({
    name: `syn_dispersion_${sorted.map((l) => l.slug).join('_')}`,
    group: SYNTHETIC_GROUP,
    scale: 'ratio',
    lookback: 1,
    kernels,
    columns: kernels.map((k) => col(k)),
    formula: crossSectionalSd,
    description: `dispersion of ${sorted.map(upper).join(', ')}: population sd across them of their 1-candle log returns`,
  });
}

function crossSectionalSd(c: readonly Float64Array[], i: number): number {
  const m = c.length;
  let sum = 0;
  for (let j = 0; j < m; j++) sum += c[j]![i]!;
  const mean = sum / m;
  let sq = 0;
  for (let j = 0; j < m; j++) {
    const d = c[j]![i]! - mean;
    sq += d * d;
  }
  return Math.sqrt(sq / m);
}

/** The peer legs: each peer's slug and close column, without `self`; throws on duplicates (case-insensitive). */
function peerLegs(peers: readonly string[], self: string): Leg[] {
  checkList(peers, 'peers', isString, lowerCase);
  return peers.filter((p) => symbolSlug(p) !== self).map((p) => ({ slug: symbolSlug(p), close: peerColumn(p, 'close') }));
}

const OPTION_KEYS = Object.keys(SYNTHETIC_DEFAULTS);
const WINDOW_OPTIONS = ['correlationWindows', 'betaWindows', 'relativeStrengthWindows', 'spreadWindows', 'returnLags'] as const;

/** The options with their defaults, checked: known keys, lists of distinct numbers, a string leader, a boolean. */
function syntheticOptions(options: SyntheticOptions | undefined): Required<SyntheticOptions> {
  const o = { ...SYNTHETIC_DEFAULTS, ...checkOptions(options, OPTION_KEYS, 'options') };
  for (const key of WINDOW_OPTIONS) checkList(o[key], `options.${key}`, isNumber);
  if (typeof o.leader !== 'string') throw new InvalidParameterError('options.leader', `expected a symbol (a string), got ${describeValue(o.leader)}`);
  if (typeof o.dispersion !== 'boolean') throw new InvalidParameterError('options.dispersion', `expected true or false, got ${describeValue(o.dispersion)}`);
  return o;
}

/**
 * The cross-asset features of `symbol` against `peers` (any symbols: the set is not hard-coded; `symbol` itself
 * may be listed among the peers and is skipped), named `syn_<self>_<peer>_<kind>_<n>` in lower case, in this order:
 *
 * - `correlation_<n>`: Pearson correlation of the two symbols' 1-candle log returns r_t = ln(c_t / c_{t-1}) over the
 *   last n candles, n in `correlationWindows` (20, 50, 100); lookback n. NaN when either return window is constant
 *   (zero variance), never Infinity.
 * - `beta_<n>` (against the leader, BTC by default, for every other symbol): cov(r_self, r_leader) / var(r_leader)
 *   over n in `betaWindows` (20, 100) candles, population moments (the ratio is the same with n - 1); lookback n.
 *   NaN when the leader's window is constant, 0 when only the symbol's is.
 * - `relative_strength_<n>`: (c_t / c_{t-n}) / (p_t / p_{t-n}), the ratio of the two cumulative growth factors over
 *   n in `relativeStrengthWindows` (20, 100) candles (p = the peer's close); lookback n.
 * - `spread_zscore_<n>`: z-score of the log-price spread d_t = ln(c_t) - ln(p_t): (d_t - mean) / sd over the last n
 *   spreads (population sd), n in `spreadWindows` (20, 100); lookback n - 1; NaN when the spread is constant.
 * - `return_lag_<k>`: the peer's 1-candle log return k candles ago, ln(p_{t-k} / p_{t-k-1}), k in `returnLags` (1:
 *   the leader's previous candle); lookback k + 1.
 * - `syn_dispersion_<members>` (members: the symbol and its peers, sorted): the cross-sectional population sd of the
 *   members' 1-candle log returns at t, sqrt(Σ (r_i - r̄)² / m); lookback 1. The same column for every member
 *   (members are read from the peers where listed there, the symbol itself otherwise).
 *
 * Rolling moments are updated in O(1) per candle (double-double running sums for the means, recentered Welford
 * co-moments) with an exact constant-window rule (see `CoMomentsStream`). Every value at t reads only candles at or before t of every symbol. There is no
 * standalone `syn_<self>_correlation_<n>` and no `syn_macro_sentiment`.
 *
 * Throws {@link UnknownSymbolError} for a symbol that cannot be spelled in a name, `InvalidParameterError` for an
 * unknown option key or an option of the wrong type, a window outside [2, 100000] (a lag or relative-strength window
 * below 1), a window listed twice, a peer listed twice, or a name longer than 63 characters.
 *
 * @example
 * ```ts
 * syntheticFeatures('ETH', ['BTC', 'SOL']).map((d) => d.name)
 * // ['syn_eth_btc_correlation_20', 'syn_eth_btc_correlation_50', ..., 'syn_eth_btc_beta_20', ..., 'syn_dispersion_btc_eth_sol']
 * ```
 */
export function syntheticFeatures(symbol: string, peers: readonly string[], options?: SyntheticOptions): FeatureDef[] {
  const o = syntheticOptions(options);
  const self: Leg = { slug: symbolSlug(symbol), close: 'close' };
  const others = peerLegs(peers, self.slug);
  if (others.length === 0) return [];
  const leader = symbolSlug(o.leader);
  const defs: FeatureDef[] = [];
  const each = (kind: PairKind, params: readonly number[], legs: readonly Leg[] = others): void => {
    for (const other of legs) for (const n of params) defs.push(pairFeature(kind, self, other, n));
  };
  each('correlation', o.correlationWindows);
  each('beta', o.betaWindows, others.filter((l) => l.slug === leader));
  each('relative_strength', o.relativeStrengthWindows);
  each('spread_zscore', o.spreadWindows);
  each('return_lag', o.returnLags);
  if (o.dispersion) defs.push(dispersionFeature([self, ...others]));
  return defs;
}

/** Where {@link syntheticFeature} finds the symbols a feature name mentions. */
export interface SyntheticContext {
  /** The symbol being computed; when given, a feature of another symbol is an {@link UnknownSymbolError}. */
  symbol?: string;
  /** The peer symbols available (any case), whose candles come as peer columns. */
  peers?: readonly string[];
}

/**
 * The definition of one cross-asset feature from its name, for any symbols (the rule of {@link syntheticFeatures}).
 * Throws `InvalidParameterError` (parameter 'features') for a name that is not a cross-asset feature (parameter
 * 'context', 'symbol' or 'peers' for a context that is no `{ symbol?, peers? }` of a string and distinct strings),
 * {@link UnknownSymbolError} when the name's own symbol is not `context.symbol`, {@link MissingPeerError} when a
 * symbol it reads is not among `context.peers`, and `InvalidParameterError` for a window below 2.
 *
 * @example
 * ```ts
 * syntheticFeature('syn_sol_eth_correlation_50', { symbol: 'SOL', peers: ['BTC', 'ETH'] })
 * ```
 */
export function syntheticFeature(name: string, context?: SyntheticContext): FeatureDef {
  const parsed = parseSyntheticName(name);
  if (parsed === undefined) throw new InvalidParameterError('features', `unknown feature ${describeValue(name)}`);
  const { symbol, peers = [] } = checkOptions(context, ['symbol', 'peers'], 'context');
  checkList(peers, 'peers', isString, lowerCase);
  const self = symbol === undefined ? undefined : symbolSlug(symbol);
  const fromPeers = (slug: string): Leg | undefined => {
    const match = peers.find((p) => p.toLowerCase() === slug);
    return match === undefined ? undefined : { slug, close: peerColumn(match, 'close') };
  };
  if (parsed.kind === 'dispersion') {
    const { members } = parsed;
    if (new Set(members).size !== members.length) throw new InvalidParameterError('features', `${name} lists a symbol twice`);
    if (self !== undefined && !members.includes(self)) throw new UnknownSymbolError(symbol!, `${name} is the dispersion of a basket without it`);
    // Members listed in the peers are read from them; the one that is not must be the computed symbol (its candles).
    const legs = members.map(fromPeers);
    const own = members.filter((_, j) => legs[j] === undefined);
    const ownSlug = self ?? (own.length === 1 ? own[0] : undefined);
    const def = dispersionFeature(
      members.map((slug, j) => {
        if (legs[j] !== undefined) return legs[j];
        if (slug === ownSlug) return { slug, close: 'close' };
        throw new MissingPeerError(slug.toUpperCase(), name);
      }),
    );
    if (def.name !== name) throw new InvalidParameterError('features', `unknown feature ${describeValue(name)} (members must be sorted: ${def.name})`);
    return def;
  }
  if (self !== undefined && parsed.self !== self) throw new UnknownSymbolError(symbol!, `${name} is a feature of ${parsed.self.toUpperCase()}`);
  if (parsed.self === parsed.other) throw new InvalidParameterError('features', `${name} pairs a symbol with itself`);
  const other = fromPeers(parsed.other);
  if (other === undefined) throw new MissingPeerError(parsed.other.toUpperCase(), name);
  return pairFeature(parsed.kind, { slug: parsed.self, close: 'close' }, other, parsed.n);
}

/** The symbols whose cross-asset features the catalogue (and so the database feature store) lists. */
const DEFAULT_SYNTHETIC_SYMBOLS: readonly string[] = Object.freeze(['BTC', 'ETH', 'SOL']);

/**
 * The cross-asset catalogue entries (group 'synthetic'): the union, in symbol order, of
 * `syntheticFeatures(symbol, the other default symbols)` for BTC, ETH and SOL, so that the feature store has a column
 * for each. They are computed only for a symbol with its peers: `computeFeatures(candles, { symbol, peers })`.
 *
 * @example
 * ```ts
 * SYNTHETIC_FEATURE_DEFS.map((d) => d.name) // ['syn_btc_eth_correlation_20', ..., 'syn_sol_eth_return_lag_1']
 * ```
 */
export const SYNTHETIC_FEATURE_DEFS: readonly FeatureDef[] = (() => {
  const byName = new Map<string, FeatureDef>();
  for (const s of DEFAULT_SYNTHETIC_SYMBOLS) {
    for (const d of syntheticFeatures(s, DEFAULT_SYNTHETIC_SYMBOLS)) if (!byName.has(d.name)) byName.set(d.name, d);
  }
  return [...byName.values()];
})();
