/**
 * The input checks of feature computation: the peers of a batch or a history (candle series on the candles' times),
 * the peers of one streamed row (exactly the stream's), and the one-read snapshot of a streamed candle.
 * @module
 */
import { InvalidParameterError } from '../core/errors.js';
import type { Candle } from '../core/types.js';
import { assertSeries, seriesPath, seriesRecord } from '../synthetic/series-checks.js';

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Checks the peers of a batch computation or a history: a record of candle series by symbol, each valid (the core
 * candle checks, issues named `peers.<symbol>.<field>`) and on exactly the times of `time`. With `expected`, the
 * record must hold exactly those symbols. Throws `InvalidParameterError` (parameter `peers` or `peers.<symbol>`) or
 * `CandleValidationError`.
 *
 * @example
 * ```ts
 * checkPeerSeries(eth.time, { BTC: btc })                  // => undefined: BTC is valid, on ETH's times
 * checkPeerSeries(eth.time, { BTC: btc.slice(1) }, ['BTC']) // throws InvalidParameterError: peers.BTC: times differ ...
 * ```
 */
export function checkPeerSeries(time: Float64Array, peers: unknown, expected?: readonly string[]): void {
  const record = seriesRecord(peers, 'peers');
  if (expected !== undefined) checkPeerKeys(record, expected, 'history');
  for (const [symbol, peer] of Object.entries(record)) {
    const path = seriesPath('peers', symbol);
    assertSeries(peer, path);
    const t = peer.time;
    let aligned = t.length === time.length;
    for (let i = 0; aligned && i < time.length; i++) aligned = t[i] === time[i];
    if (!aligned) throw new InvalidParameterError(path, 'times differ from the candles: align the symbols first (alignCandles)');
  }
}

/**
 * Checks that the record `peers` holds exactly the symbols `expected` (one streamed row, or a history): a missing
 * one or an extra one is an `InvalidParameterError` naming it (`peers.<symbol>`). Allocates nothing when they match.
 *
 * @example
 * ```ts
 * checkPeerKeys({ BTC: b, SOL: s }, ['BTC', 'SOL'], 'candle') // => undefined
 * checkPeerKeys({ BTC: b }, ['BTC', 'SOL'], 'candle')         // throws InvalidParameterError: peers.SOL: missing the SOL candle
 * ```
 */
export function checkPeerKeys(peers: Readonly<Record<string, unknown>>, expected: readonly string[], what: string): void {
  for (let p = 0; p < expected.length; p++) {
    const symbol = expected[p]!;
    if (peers[symbol] === undefined) throw new InvalidParameterError(seriesPath('peers', symbol), `missing the ${seriesPath('', symbol)} ${what}`);
  }
  let count = 0;
  for (const key in peers) if (hasOwn.call(peers, key) && peers[key] !== undefined) count++;
  if (count === expected.length) return;
  const extra = Object.keys(peers).find((k) => peers[k] !== undefined && !expected.includes(k))!;
  const known = expected.length === 0 ? 'none' : expected.map((s) => seriesPath('', s)).join(', ');
  throw new InvalidParameterError(seriesPath('peers', extra), `not a peer of this stream (its peers: ${known.slice(0, 200)})`);
}

/**
 * The peers argument of one streamed row: `undefined` for a stream without peers, else a record holding exactly the
 * stream's peers. Throws `InvalidParameterError` naming the argument.
 *
 * @example
 * ```ts
 * checkRowPeers(undefined, [])                 // => undefined: no peers
 * checkRowPeers({ BTC: candle }, ['BTC'])      // => undefined
 * checkRowPeers(candle as never, ['BTC'])      // throws InvalidParameterError: peers.time: not a peer of this stream ...
 * ```
 */
export function checkRowPeers(peers: unknown, expected: readonly string[]): void {
  if (peers === undefined && expected.length === 0) return;
  if (peers === undefined) throw new InvalidParameterError(seriesPath('peers', expected[0]!), `missing: this stream takes the candles of ${expected.length} peer(s) with each candle`);
  checkPeerKeys(seriesRecord(peers, 'peers'), expected, 'candle');
}

/** A candle's fields as read once, before any check (values not yet known to be numbers). */
export type CandleSnapshot = Record<keyof Candle, unknown>;

/**
 * Reads each field of `c` once into `into` and returns `into`, or returns `c` itself when it is no object: what is
 * then checked and computed is the same value, even from a getter that answers differently each time. Allocates
 * nothing.
 *
 * @example
 * ```ts
 * const into = emptySnapshot()
 * snapshot({ time: 0, open: 1, high: 2, low: 1, close: 2, volume: 3 }, into) === into // => true
 * snapshot(null, into) // => null
 * ```
 */
export function snapshot(c: unknown, into: CandleSnapshot): unknown {
  if (c === null || typeof c !== 'object') return c;
  const candle = c as CandleSnapshot;
  into.time = candle.time;
  into.open = candle.open;
  into.high = candle.high;
  into.low = candle.low;
  into.close = candle.close;
  into.volume = candle.volume;
  return into;
}

/**
 * A snapshot to reuse with {@link snapshot}.
 *
 * @example
 * ```ts
 * emptySnapshot() // => { time: undefined, open: undefined, high: undefined, low: undefined, close: undefined, volume: undefined }
 * ```
 */
export function emptySnapshot(): CandleSnapshot {
  return { time: undefined, open: undefined, high: undefined, low: undefined, close: undefined, volume: undefined };
}
