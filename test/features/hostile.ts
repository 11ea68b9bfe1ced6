/**
 * The named hostile inputs the feature-engine tests try (issue 13): every public entry point of `features/` and
 * `synthetic/` gets each of them and must answer with a typed `AlphaError` whose message is short (or, where noted,
 * a correct result). The issue's own examples are marked "(issue)". The lists are built over valid fixtures (a
 * market simulation), so each case changes one thing:
 *
 * - {@link hostileFeatureOptions}: options of `computeFeatures` and `createFeatureStream`;
 * - {@link hostileCandleSeries}: what `computeFeatures`, `alignCandles`, `fromHistory` may get in place of candles;
 * - {@link hostileStreamCandles}: what a feature stream's `next`/`peek` may get in place of the candle;
 * - {@link hostileRowPeers}: the peers argument of `next`/`peek` of a stream with one peer, BTC;
 * - {@link hostileStreamPeers}: the `peers` option of `createFeatureStream` (a list of symbols);
 * - {@link hostileStates}: tampered `FeatureStream.toJSON()` output for `restoreFeatureStream`;
 * - and, in ./hostile-calls.ts, whole calls to the other entry points (frames, alignment, rolling statistics and
 *   their streams, cross-asset builders, kernel builders, lookbacks, histories, parallel computation).
 */
import { simulateMarket } from '../../src/core/simulator.js';
import { sliceCandles } from '../../src/core/candles.js';
import type { Candle, Candles } from '../../src/core/types.js';
import { HOSTILE_CANDLES, type Named } from '../support/hostile.js';

export type { Named };

const SIM = simulateMarket({ symbols: ['ETH', 'BTC'], candles: 300, seed: 13, timeframe: '15m' });
/** The valid fixtures: ETH and BTC, 300 15m candles on the same times. */
export const ETH: Candles = SIM.candles.ETH!;
export const BTC: Candles = SIM.candles.BTC!;

const LONG = 'x'.repeat(10_000);
const copy = (c: Candles): Candles => ({ time: c.time.slice(), open: c.open.slice(), high: c.high.slice(), low: c.low.slice(), close: c.close.slice(), volume: c.volume.slice() });
/** `c` with `field[row]` set to `value`. */
const withValue = (c: Candles, field: keyof Candles, row: number, value: number): Candles => {
  const out = copy(c);
  out[field][row] = value;
  return out;
};
const shifted = (c: Candles, ms: number): Candles => ({ ...copy(c), time: c.time.map((t) => t + ms) });

/** Candle series that are not valid columnar candles (each alone in place of valid ones). */
export const hostileCandleSeries: readonly Named[] = [
  ['undefined', undefined],
  ['null', null],
  ['a number', 5],
  ['a string', 'candles'],
  ['an empty array', []],
  ['an array of candle objects', [{ time: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 }]],
  ['an empty object', {}],
  ['columns as plain arrays', { time: Array.from(ETH.time), open: Array.from(ETH.open), high: Array.from(ETH.high), low: Array.from(ETH.low), close: Array.from(ETH.close), volume: Array.from(ETH.volume) }],
  ['a Float32Array close', { ...ETH, close: Float32Array.from(ETH.close) }],
  ['a missing volume column', { ...ETH, volume: undefined }],
  ['a short close column', { ...ETH, close: ETH.close.subarray(1) }],
  ['empty columns', sliceCandles(ETH, 0, 0)],
  ['a NaN close', withValue(ETH, 'close', 77, NaN)],
  ['an infinite high', withValue(ETH, 'high', 5, Infinity)],
  ['a negative volume', withValue(ETH, 'volume', 9, -1)],
  ['a zero open', withValue(ETH, 'open', 3, 0)],
  ['a high below the low', withValue(ETH, 'high', 4, ETH.low[4]! / 2)],
  ['a duplicate time', withValue(ETH, 'time', 10, ETH.time[9]!)],
  ['a decreasing time', withValue(ETH, 'time', 10, ETH.time[8]!)],
  ['a time of 9e19 ms (past the JS Date range)', withValue(ETH, 'time', 299, 9e19)],
  ['a NaN time', withValue(ETH, 'time', 0, NaN)],
  ['a Map of columns', new Map(Object.entries(ETH))],
  ['a function', () => ETH],
  ['one candle object', { time: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 }],
];

/** Options of `computeFeatures` (peers are candle series). */
export const hostileFeatureOptions: readonly Named[] = [
  ['null', null],
  ['a number', 5],
  ['a string', 'rsi_14'],
  ['an array', ['rsi_14']],
  ['a Float64Array', new Float64Array(3)],
  ['an unknown key', { featurs: ['rsi_14'] }],
  ['a misspelt key in the singular', { feature: 'rsi_14' }],
  ['a key of another function', { timeframe: '15m' }],
  ['a 10,000-character unknown key', { [LONG]: 1 }],
  ['features as a string (issue)', { features: 'rsi_14' }],
  ['features null', { features: null }],
  ['features a number', { features: 14 }],
  ['features an object', { features: { rsi_14: true } }],
  ['features a Set', { features: new Set(['rsi_14']) }],
  ['features a Float64Array', { features: new Float64Array(2) }],
  ['a feature that is a number', { features: [14] }],
  ['a feature that is null', { features: ['rsi_14', null] }],
  ['a hole in features', { features: new Array(2) }],
  ['a feature as a String object', { features: [new String('rsi_14')] }],
  ['a nested array of features', { features: [['rsi_14']] }],
  ['a feature listed twice', { features: ['rsi_14', 'rsi_14'] }],
  ['an unknown feature', { features: ['rsi_15'] }],
  ['a feature in upper case', { features: ['RSI_14'] }],
  ['an empty feature name', { features: [''] }],
  ['a 10,000-character feature name', { features: [LONG] }],
  ['a bare syn_ prefix', { features: ['syn_'] }],
  ['a 10,000-character syn_ name', { features: [`syn_${LONG}_btc_correlation_20`] }],
  ['a correlation window of 1', { features: ['syn_eth_btc_correlation_1'], peers: { BTC } }],
  ['a correlation window of 1e9 (an 8 GB allocation)', { features: ['syn_eth_btc_correlation_1000000000'], peers: { BTC } }],
  ['a relative-strength window of 1e9', { features: ['syn_eth_btc_relative_strength_1000000000'], peers: { BTC } }],
  ['a window of 20 digits', { features: ['syn_eth_btc_correlation_99999999999999999999'], peers: { BTC } }],
  ['a window with a leading zero', { features: ['syn_eth_btc_correlation_020'], peers: { BTC } }],
  ['a symbol paired with itself', { features: ['syn_eth_eth_correlation_20'], peers: { ETH } }],
  ['an unsorted dispersion basket', { features: ['syn_dispersion_eth_btc'], peers: { BTC } }],
  ['a dispersion basket listing a symbol twice', { features: ['syn_dispersion_btc_btc_eth'], peers: { BTC } }],
  ['a cross-asset feature without its peer', { features: ['syn_eth_btc_correlation_20'] }],
  ['features of two symbols together', { features: ['syn_eth_btc_correlation_20', 'syn_btc_eth_correlation_20'], peers: { BTC, ETH } }],
  ['a feature of another symbol', { symbol: 'BTC', features: ['syn_eth_btc_correlation_20'], peers: { BTC } }],
  ['symbol a number', { symbol: 5 }],
  ['symbol null', { symbol: null, features: ['rsi_14'] }],
  ['symbol an object', { symbol: { name: 'ETH' }, peers: { BTC } }],
  ['symbol with a dash', { symbol: 'ETH-USD', peers: { BTC } }],
  ['symbol empty', { symbol: '', peers: { BTC } }],
  ['a 10,000-character symbol', { symbol: LONG, peers: { BTC } }],
  ['peers null', { peers: null }],
  ['peers a number', { peers: 5 }],
  ['peers a string', { peers: 'BTC' }],
  ['peers an array of series', { peers: [BTC] }],
  ['peers a list of symbols (the stream form)', { peers: ['BTC'] }],
  ['peers a Map', { peers: new Map([['BTC', BTC]]) }],
  ['a peer null', { peers: { BTC: null } }],
  ['a peer a number', { peers: { BTC: 5 } }],
  ['a peer an empty object', { peers: { BTC: {} } }],
  ['a peer one candle shorter', { peers: { BTC: sliceCandles(BTC, 1) } }],
  ['a peer shifted by one candle', { peers: { BTC: shifted(BTC, 900_000) } }],
  ['a peer with a NaN close', { peers: { BTC: withValue(BTC, 'close', 10, NaN) } }],
  ['a peer with plain-array columns', { peers: { BTC: { ...BTC, close: Array.from(BTC.close) } } }],
  ['a peer under a 10,000-character name, shifted', { peers: { [LONG]: shifted(BTC, 900_000) } }],
  ['the same peer in two cases', { symbol: 'ETH', peers: { BTC, btc: BTC } }],
];

const GOOD: Candle = { time: ETH.time[100]!, open: ETH.open[100]!, high: ETH.high[100]!, low: ETH.low[100]!, close: ETH.close[100]!, volume: ETH.volume[100]! };
const LAST_TIME = ETH.time[99]!;
/** A candle object whose getters answer a valid value the first time and NaN afterwards. */
function flipping(): Candle {
  const reads = new Map<string, number>();
  const c = {} as Candle;
  for (const f of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
    Object.defineProperty(c, f, { enumerable: true, get: () => ((reads.set(f, (reads.get(f) ?? 0) + 1), reads.get(f)! > 1) ? NaN : GOOD[f]) });
  }
  return c;
}

/**
 * Values in place of the candle of row 100 of {@link ETH} (the stream has committed rows 0..99): the indicator
 * streams' list (non-candles and every bad field), then time and consistency faults a feature stream must catch.
 * `flipping` is a candle whose getters answer differently on each read: a stream reads each field once, so it either
 * rejects it or computes the values it checked.
 */
export const hostileStreamCandles: readonly Named[] = [
  ...HOSTILE_CANDLES,
  ['time missing', { ...GOOD, time: undefined }],
  ['time NaN', { ...GOOD, time: NaN }],
  ['time Infinity', { ...GOOD, time: Infinity }],
  ['time as a string', { ...GOOD, time: String(GOOD.time) }],
  ['time as a Date', { ...GOOD, time: new Date(GOOD.time) }],
  ['time 9e19 (past the JS Date range)', { ...GOOD, time: 9e19 }],
  ['time equal to the last committed', { ...GOOD, time: LAST_TIME }],
  ['time before the last committed', { ...GOOD, time: LAST_TIME - 900_000 }],
  ['a zero close', { ...GOOD, close: 0 }],
  ['a negative low', { ...GOOD, low: -1 }],
  ['a negative volume', { ...GOOD, volume: -5 }],
  ['a high below the low', { ...GOOD, high: GOOD.low / 2 }],
  ['a close above the high', { ...GOOD, close: GOOD.high * 2 }],
  ['an open below the low', { ...GOOD, open: GOOD.low / 2 }],
  ['the whole series (issue: a 1.7 MB message)', ETH],
  ['a series of 200,000 candles', { time: new Float64Array(200_000), open: new Float64Array(200_000), high: new Float64Array(200_000), low: new Float64Array(200_000), close: new Float64Array(200_000), volume: new Float64Array(200_000) }],
  ['a 10,000-character string close', { ...GOOD, close: LONG }],
  ['a frozen candle with a NaN close', Object.freeze({ ...GOOD, close: NaN })],
  ['a candle with getters that change (read once)', flipping()],
];

const BTC_GOOD: Candle = { time: BTC.time[100]!, open: BTC.open[100]!, high: BTC.high[100]!, low: BTC.low[100]!, close: BTC.close[100]!, volume: BTC.volume[100]! };

/** The peers argument of `next`/`peek` (candle: row 100 of ETH) of a stream created with `peers: ['BTC']`. */
export const hostileRowPeers: readonly Named[] = [
  ['no peers', undefined],
  ['null', null],
  ['a number', 5],
  ['a string', 'BTC'],
  ['an array of candles', [BTC_GOOD]],
  ['a Map', new Map([['BTC', BTC_GOOD]])],
  ['an empty object', {}],
  ['BTC undefined', { BTC: undefined }],
  ['BTC null', { BTC: null }],
  ['BTC in lower case', { btc: BTC_GOOD }],
  ['an extra peer', { BTC: BTC_GOOD, SOL: BTC_GOOD }],
  ['an extra peer with a 10,000-character name', { BTC: BTC_GOOD, [LONG]: BTC_GOOD }],
  ['BTC at another time', { BTC: { ...BTC_GOOD, time: BTC_GOOD.time + 900_000 } }],
  ['BTC with a NaN close', { BTC: { ...BTC_GOOD, close: NaN } }],
  ['BTC with a missing volume', { BTC: { ...BTC_GOOD, volume: undefined } }],
  ['BTC with a high below its low', { BTC: { ...BTC_GOOD, high: BTC_GOOD.low / 2 } }],
  ['BTC the whole series', { BTC }],
  ['BTC a number', { BTC: 5 }],
];

/**
 * Stream-state tampering: `tamper(json)` returns what to restore, given a fresh `JSON.parse`d state of a stream of
 * rsi_14, sma_9 and log_return_1 that has committed 100 candles.
 */
export type StateTamper = readonly [name: string, tamper: (json: Record<string, any>) => unknown];

/** A tamper that changes the state in place and restores it. */
const edit =
  (change: (json: Record<string, any>) => unknown) =>
  (json: Record<string, any>): unknown => {
    change(json);
    return json;
  };

/** Whole states, and changes to a valid state: each must be refused with a `StateError` naming the field. */
export const hostileStates: readonly StateTamper[] = [
  ['null (issue)', () => null],
  ['undefined', () => undefined],
  ['a number', () => 5],
  ['the JSON text itself (not parsed)', (j) => JSON.stringify(j)],
  ['an array', () => []],
  ['an empty object', () => ({})],
  ['a Float64Array', () => new Float64Array(4)],
  ['features missing', edit((j) => delete j.features)],
  ['features a string', edit((j) => (j.features = 'rsi_14'))],
  ['features with a number', edit((j) => (j.features = [14]))],
  ['features with an unknown name', edit((j) => (j.features = ['rsi_15', 'sma_9', 'log_return_1']))],
  ['features with a name twice', edit((j) => (j.features = ['rsi_14', 'rsi_14']))],
  ['features of more kernels than saved', edit((j) => j.features.push('atr_14'))],
  ['features of fewer kernels than saved', edit((j) => (j.features = ['rsi_14']))],
  ['peers a string', edit((j) => (j.peers = 'BTC'))],
  ['peers with a number', edit((j) => (j.peers = [5]))],
  ['peers listed twice', edit((j) => (j.peers = ['BTC', 'btc']))],
  ['committed -1', edit((j) => (j.committed = -1))],
  ['committed 1.5', edit((j) => (j.committed = 1.5))],
  ['committed as a string', edit((j) => (j.committed = '100'))],
  ['committed 1e300', edit((j) => (j.committed = 1e300))],
  ['committed 0 with a last time', edit((j) => (j.committed = 0))],
  ['lastTime null after candles', edit((j) => (j.lastTime = null))],
  ['lastTime a string', edit((j) => (j.lastTime = '2021-01-01'))],
  ['lastTime 9e19', edit((j) => (j.lastTime = 9e19))],
  ['lastTime "NaN"', edit((j) => (j.lastTime = 'NaN'))],
  ['kernels null', edit((j) => (j.kernels = null))],
  ['kernels an array', edit((j) => (j.kernels = []))],
  ['kernels empty', edit((j) => (j.kernels = {}))],
  ['a kernel missing', edit((j) => delete j.kernels['SMA(9)'])],
  ['an extra kernel', edit((j) => (j.kernels['EMA(9)'] = j.kernels['SMA(9)']))],
  ['a kernel state a number', edit((j) => (j.kernels['RSI(14)'] = 5))],
  ['a kernel of another indicator', edit((j) => (j.kernels['RSI(14)'].indicator = 'kernel:CMO'))],
  ['a kernel saved with other arguments', edit((j) => (j.kernels['RSI(14)'].args = ['RSI', { period: 7 }]))],
  ['a kernel with arguments of period -5', edit((j) => (j.kernels['RSI(14)'].args = ['RSI', { period: -5 }]))],
  ['RSI period -5 (issue)', edit((j) => (j.kernels['RSI(14)'].state.inner.period = -5))],
  ['RSI gain -5', edit((j) => (j.kernels['RSI(14)'].state.inner.gain = -5))],
  ['RSI gain "abc"', edit((j) => (j.kernels['RSI(14)'].state.inner.gain = 'abc'))],
  ['SMA head 1e6 (issue)', edit((j) => (j.kernels['SMA(9)'].state.inner.head = 1e6))],
  ['SMA window shortened', edit((j) => j.kernels['SMA(9)'].state.inner.window.pop())],
  ['SMA window element a string', edit((j) => (j.kernels['SMA(9)'].state.inner.window[0] = 'abc'))],
  ['the indicator wrapper reading another field', edit((j) => (j.kernels['RSI(14)'].state.fieldCodes = [3]))],
  ['the indicator wrapper told its input is a candle', edit((j) => (j.kernels['RSI(14)'].state.candleInput = true))],
  ['lag head 1e6', edit((j) => (j.kernels['lag(close,1)'].state.head = 1e6))],
  ['lag count -1', edit((j) => (j.kernels['lag(close,1)'].state.count = -1))],
  ['lag count 0.5', edit((j) => (j.kernels['lag(close,1)'].state.count = 0.5))],
  ['lag periods changed', edit((j) => (j.kernels['lag(close,1)'].state.periods = 5))],
  ['lag ring of 10,000 values', edit((j) => (j.kernels['lag(close,1)'].state.ring = Array.from({ length: 10_000 }, () => 1)))],
  ['a kernel with an unknown field', edit((j) => (j.kernels['lag(close,1)'].state.bogus = 1))],
  ['an unknown top-level field', edit((j) => (j.bogus = 1))],
];

/** Options of `createFeatureStream` about its peers (a list of symbols); the other options are those of computeFeatures. */
export const hostileStreamPeers: readonly Named[] = [
  ['peers a string', { peers: 'BTC' }],
  ['peers null', { peers: null }],
  ['peers a record of series (the batch form)', { peers: { BTC } }],
  ['peers a Float64Array', { peers: new Float64Array(2) }],
  ['a peer that is a number', { peers: [5] }],
  ['a peer that is null', { peers: ['BTC', null] }],
  ['a nested list of peers', { peers: [['BTC']] }],
  ['a peer listed twice', { peers: ['BTC', 'BTC'] }],
  ['a peer listed twice in two cases', { symbol: 'ETH', peers: ['BTC', 'btc'] }],
  ['a peer with a dash, for its cross-asset features', { symbol: 'ETH', peers: ['BTC-USD'] }],
  ['a 10,000-character peer, for its cross-asset features', { symbol: 'ETH', peers: [LONG] }],
];
