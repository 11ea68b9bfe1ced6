/**
 * What a model's features need in one market: the names checked against the feature store, the peer markets their
 * cross-asset (`syn_*`) features read, the lookback, and the key of their saved stream state.
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { sha256Hex } from '../core/sha256.js';
import { utf8Encode } from '../ensemble/gbdt/io/utf8.js';
import { parseSyntheticName, symbolSlug } from '../features/catalogue/cross-asset-names.js';
import { featureLookback } from '../features/lookback.js';
import { FEATURE_COLUMNS } from '../store/feature-columns.js';
import { PipelineError } from './errors.js';
import type { Market } from './types.js';

/** A model's features planned for one market by {@link planFeatures}. */
export interface FeaturePlan {
  readonly market: Market;
  /** The feature names, in the model's column order. */
  readonly names: readonly string[];
  /** Symbols (markets at the same timeframe) whose candles the `syn_*` features read, in order of first need. */
  readonly peers: readonly string[];
  /** The largest `featureLookback` of the names on the market's timeframe. */
  readonly lookback: number;
  /** The key of the saved feature-stream state: a hash of the names and the peers (71 to 74 characters). */
  readonly key: string;
}

const COLUMNS: ReadonlySet<string> = new Set(FEATURE_COLUMNS);
/** Names quoted in a message at most. */
const QUOTED = 8;

/** The spelling of a symbol in feature names, or undefined when it has none. */
function slugOf(symbol: string): string | undefined {
  try {
    return symbolSlug(symbol);
  } catch {
    return undefined;
  }
}

function mismatch(market: Market, message: string): PipelineError {
  return new PipelineError('FEATURE_MISMATCH', `${market.symbol} ${market.timeframe}: ${message}`, { symbol: market.symbol, timeframe: market.timeframe });
}

function quote(names: readonly string[]): string {
  return names.slice(0, QUOTED).map((n) => describeValue(n)).join(', ') + (names.length > QUOTED ? `, ... (${names.length} in all)` : '');
}

/** The symbols (lower-case spellings) a `syn_*` feature of `self` reads besides `self`; throws when it is another symbol's. */
function peerSlugs(market: Market, name: string, self: string | undefined): readonly string[] {
  const parsed = parseSyntheticName(name)!;
  const own = parsed.kind === 'dispersion' ? parsed.members.includes(self ?? '') : parsed.self === self;
  if (!own) throw mismatch(market, `${describeValue(name)} is not a feature of ${market.symbol} (the feature store holds it for another symbol)`);
  return parsed.kind === 'dispersion' ? parsed.members.filter((m) => m !== self) : [parsed.other];
}

/**
 * Plans a model's features for a market:
 *
 * - every name must be a column of the feature store (`FEATURE_COLUMNS`, the catalogue's features), once: otherwise
 *   `PipelineError` 'FEATURE_MISMATCH' naming the others;
 * - a `syn_*` name must be a feature of the market's own symbol (`syn_<self>_...`, or a dispersion whose members
 *   include it), and each other symbol it reads must be a market of `markets` at the same timeframe (its candles are
 *   read from the same live source): otherwise 'FEATURE_MISMATCH';
 * - `lookback` = max over the names of `featureLookback(name, timeframe)`;
 * - `key` = `f<count>-<sha256 hex of the names joined by ',', then '|' and the peers joined by ','>`: one saved
 *   stream state per feature list (and peers).
 *
 * Throws `InvalidParameterError` (parameter 'featureNames') when `featureNames` is no non-empty array of strings.
 *
 * Memoised: a plan is a pure function of the market, the names and the markets, so the last {@link PLAN_MEMO_SIZE}
 * plans are kept (frozen) and the same request returns the same plan without recomputing the lookbacks and the key
 * (a live batch plans each served model's ~300 names on every call). Refusals are never memoised.
 *
 * @example
 * ```ts
 * const plan = planFeatures({ symbol: 'ETH', timeframe: '15m' }, ['rsi_14', 'syn_eth_btc_correlation_20'], DEFAULT_MARKETS)
 * [plan.peers, plan.lookback] // => [['BTC'], 20]
 * ```
 */
export function planFeatures(market: Market, featureNames: unknown, markets: readonly Market[]): FeaturePlan {
  if (!Array.isArray(featureNames) || featureNames.length === 0 || featureNames.some((n) => typeof n !== 'string')) {
    throw new InvalidParameterError('featureNames', `expected a non-empty array of feature names, got ${describeValue(featureNames)}`);
  }
  const names = featureNames as readonly string[];
  // Names cannot hold ',' or '|' (they are feature-store columns, checked below), so the memo key is unambiguous.
  const memoKey = `${market.symbol}|${market.timeframe}|${markets.map((m) => `${m.symbol},${m.timeframe}`).join(';')}|${names.join(',')}`;
  const memoised = memo.get(memoKey);
  if (memoised !== undefined) return memoised;
  const plan = Object.freeze(computePlan(market, names, markets));
  if (memo.size >= PLAN_MEMO_SIZE) memo.delete(memo.keys().next().value!);
  memo.set(memoKey, plan);
  return plan;
}

/**
 * Plans memoised by {@link planFeatures} at most (the oldest is dropped first): six markets, an active and a previous
 * model each, and room to spare.
 *
 * @example
 * ```ts
 * PLAN_MEMO_SIZE // => 64
 * ```
 */
export const PLAN_MEMO_SIZE = 64;
const memo = new Map<string, FeaturePlan>();

/** {@link planFeatures} without the memo, of checked names. */
function computePlan(market: Market, names: readonly string[], markets: readonly Market[]): FeaturePlan {
  const unknown = names.filter((n) => !COLUMNS.has(n));
  if (unknown.length > 0) throw mismatch(market, `the model needs ${unknown.length} feature(s) that are not in the feature store (not in the catalogue): ${quote(unknown)}`);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length > 0) throw mismatch(market, `the model lists feature(s) twice: ${quote(twice)}`);
  const self = slugOf(market.symbol);
  const peers: string[] = [];
  for (const name of names) {
    if (!name.startsWith('syn_')) continue;
    for (const slug of peerSlugs(market, name, self)) {
      const peer = markets.find((m) => m.timeframe === market.timeframe && slugOf(m.symbol) === slug);
      if (peer === undefined) throw mismatch(market, `${describeValue(name)} reads ${slug.toUpperCase()} candles, and ${slug.toUpperCase()} ${market.timeframe} is not a market of the pipeline`);
      if (!peers.includes(peer.symbol)) peers.push(peer.symbol);
    }
  }
  const lookback = Math.max(...names.map((n) => featureLookback(n, market.timeframe)));
  const key = `f${names.length}-${sha256Hex(Uint8Array.from(utf8Encode(`${names.join(',')}|${peers.join(',')}`)))}`;
  return { market: Object.freeze({ symbol: market.symbol, timeframe: market.timeframe }), names: Object.freeze([...names]), peers: Object.freeze(peers), lookback, key };
}
