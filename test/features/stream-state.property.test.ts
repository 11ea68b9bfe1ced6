/**
 * Property tests of the feature stream's state (issue 13, items 6 and 9), over random market-shaped series with flat,
 * volume-less and one-sided stretches, for a set of features that uses every kind of kernel (indicators, nested
 * indicators, lag, rolling extremes, previous non-zero, sign run, Heikin-Ashi, previous-period pivots, volume profile,
 * and the cross-asset log returns, spreads, co-moments and z-scores against a peer):
 *
 * - round trip: any state reached survives toJSON -> JSON text -> restoreFeatureStream, and the restored stream goes
 *   on bit for bit as the original (so restore rules never refuse a real state);
 * - tampering: a state with any field, element or nested state changed (a hostile value, a nudge, a removal, an extra
 *   field) is either refused with a `StateError` (INVALID_STATE, a short message) or restored as written and
 *   recovers: fed more candles, every feature is defined and finite wherever the untampered stream's is;
 * - inputs: a hostile candle or hostile peers given to `next` or `peek` throw a typed error and leave `toJSON()`
 *   unchanged, and the stream then goes on exactly as batch computation.
 *
 * Set FC_SEED to explore other random cases (the default seed keeps `npm test` deterministic), FC_RUNS for more
 * tampering runs (400 by default).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candleAt } from '../../src/core/candles.js';
import { AlphaError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { simulateMarket } from '../../src/core/simulator.js';
import type { Candle, Candles } from '../../src/core/types.js';
import { computeFeatures, createFeatureStream, restoreFeatureStream, type FeatureStream } from '../../src/features/index.js';
import { hostileRowPeers, hostileStreamCandles } from './hostile.js';
import { applyChange, changeArb, places, type Path } from './tamper.js';

const SEED = Number(process.env.FC_SEED ?? 13);
const N = 330;
/** Candles after a tamper before the values are compared: the longest window (96) and a day of pivots, with room. */
const SETTLE = 130;

/** Every kind of kernel, single-asset and cross-asset (ETH against its peer BTC, 1h candles). */
const FEATURES = [
  'rsi_7',
  'macd_12_26_9',
  'stoch_k_14_3_3',
  'sma_9_ratio',
  'log_return_1',
  'volume_change',
  'candle_run',
  'fib_0_618_96',
  'pivot_pp_d',
  'vp_poc_96',
  'ha_open',
  'ichimoku_senkou_a_26',
  'syn_eth_btc_correlation_20',
  'syn_eth_btc_beta_20',
  'syn_eth_btc_spread_zscore_20',
  'syn_eth_btc_relative_strength_20',
  'syn_eth_btc_return_lag_1',
  'syn_dispersion_btc_eth',
] as const;

interface Market {
  readonly eth: Candles;
  readonly btc: Candles;
}

/**
 * ETH and BTC 1h candles from `seed`, with degenerate stretches: flat candles (o = h = l = c, no volume) of one symbol
 * or both, candles without volume, and candles equal to the previous one.
 */
function market(seed: number, degenerate: number): Market {
  const sim = simulateMarket({ symbols: ['ETH', 'BTC'], candles: N, seed, timeframe: '1h' });
  const rng = new Rng(seed ^ 0x5eed);
  const copy = (c: Candles): Candles => ({ time: c.time.slice(), open: c.open.slice(), high: c.high.slice(), low: c.low.slice(), close: c.close.slice(), volume: c.volume.slice() });
  const out = { eth: copy(sim.candles.ETH!), btc: copy(sim.candles.BTC!) };
  for (let k = 0; k < degenerate; k++) {
    const from = 1 + Math.floor(rng.uniform() * (N - 40));
    const length = 1 + Math.floor(rng.uniform() * 40);
    const kind = Math.floor(rng.uniform() * 3);
    for (const c of kind === 0 ? [out.eth, out.btc] : [rng.uniform() < 0.5 ? out.eth : out.btc]) {
      for (let i = from; i < Math.min(N, from + length); i++) {
        if (kind === 2) c.volume[i] = 0;
        else c.open[i] = c.high[i] = c.low[i] = c.close[i] = c.close[i - 1]!;
        if (kind !== 2) c.volume[i] = 0;
      }
    }
  }
  return out;
}

const marketArb = fc.record({ seed: fc.integer({ min: 1, max: 2 ** 30 }), degenerate: fc.integer({ min: 0, max: 6 }) });

const create = (features: readonly string[]): FeatureStream => createFeatureStream({ symbol: 'ETH', peers: ['BTC'], features });
const peersAt = (m: Market, i: number): Record<string, Candle> => ({ BTC: candleAt(m.btc, i) });

function feed(stream: FeatureStream, m: Market, from: number, to: number): Float64Array | undefined {
  let last: Float64Array | undefined;
  for (let i = from; i < to; i++) last = Float64Array.from(stream.next(candleAt(m.eth, i), peersAt(m, i)));
  return last;
}

const jsonOf = (s: FeatureStream): Record<string, unknown> => JSON.parse(JSON.stringify(s.toJSON())) as Record<string, unknown>;

describe('feature stream state', () => {
  it('round-trips any reachable state through JSON text, and goes on bit for bit', () => {
    fc.assert(
      fc.property(marketArb, fc.subarray([...FEATURES], { minLength: 1 }), fc.integer({ min: 0, max: N }), ({ seed, degenerate }, features, cut) => {
        const m = market(seed, degenerate);
        const stream = create(features);
        feed(stream, m, 0, cut);
        const json = jsonOf(stream);
        const restored = restoreFeatureStream(json as never);
        expect(jsonOf(restored)).toEqual(json);
        for (let i = cut; i < N; i++) {
          const a = stream.next(candleAt(m.eth, i), peersAt(m, i));
          const b = restored.next(candleAt(m.eth, i), peersAt(m, i));
          for (let j = 0; j < a.length; j++) if (!Object.is(a[j], b[j])) throw new Error(`${features[j]}[${i}]: ${a[j]} resumed as ${b[j]}`);
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  /** Every place of a state: its shape is the same after any number of candles (arrays have fixed lengths). */
  const allPlaces: Path[] = places(jsonOf(create(FEATURES)));

  it(`refuses a tampered state (StateError) or recovers from it within ${SETTLE} candles`, () => {
    fc.assert(
      fc.property(marketArb, fc.integer({ min: 0, max: N - SETTLE }), fc.constantFrom(...allPlaces), changeArb, ({ seed, degenerate }, cut, path, change) => {
        const m = market(seed, degenerate);
        const stream = create(FEATURES);
        feed(stream, m, 0, cut);
        const json = jsonOf(stream);
        const what = applyChange(json, path, change);
        let restored: FeatureStream;
        try {
          restored = restoreFeatureStream(json as never);
        } catch (e) {
          expect(e, `${what}: ${String(e)}`).toBeInstanceOf(AlphaError);
          expect((e as AlphaError).code, `${what}: ${(e as Error).message}`).toBe('INVALID_STATE');
          expect((e as Error).message.length, (e as Error).message).toBeLessThanOrEqual(400);
          return;
        }
        if (path[0] !== 'peers') expect(jsonOf(restored), `${what}: a restore writes what it accepts`).toEqual(json);
        const reference = feed(stream, m, cut, cut + SETTLE)!;
        let tampered: Float64Array;
        try {
          tampered = feed(restored, m, cut, cut + SETTLE)!;
        } catch (e) {
          // a last time moved forward makes the stream refuse the candles before it: typed, and only then
          expect(path, `${what}: ${String(e)}`).toEqual(['lastTime']);
          expect((e as AlphaError).code).toBe('CANDLE_VALIDATION');
          return;
        }
        // by name: a tampered feature list with the same kernels is a valid state of another stream
        restored.names.forEach((name, j) => {
          const want = reference[FEATURES.indexOf(name as (typeof FEATURES)[number])]!;
          const got = tampered[j]!;
          if (!Number.isNaN(want)) expect(Number.isNaN(got), `${what}: ${name} stays NaN (reference ${want})`).toBe(false);
          if (Number.isFinite(want)) expect(Number.isFinite(got), `${what}: ${name} is ${got} (reference ${want})`).toBe(true);
        });
      }),
      { seed: SEED, numRuns: Number(process.env.FC_RUNS ?? 400) },
    );
  });

  /** A hostile replacement of the candle or of the peers of row `at`, by name. */
  type Hostile = readonly [name: string, candle: unknown, peers: unknown];
  const named: fc.Arbitrary<(m: Market, at: number) => Hostile> = fc.oneof(
    fc.constantFrom(...hostileStreamCandles.filter(([name]) => !name.includes('getters')).map(([name, c]) => (m: Market, at: number): Hostile => [name, c, peersAt(m, at)])),
    fc.constantFrom(...hostileRowPeers.map(([name, p]) => (m: Market, at: number): Hostile => [`peers: ${name}`, candleAt(m.eth, at), p])),
  );
  /** One field of the candle or of the BTC candle replaced by any value (some of which still make a valid candle). */
  const mutated: fc.Arbitrary<(m: Market, at: number) => Hostile> = fc
    .tuple(fc.boolean(), fc.constantFrom('time', 'open', 'high', 'low', 'close', 'volume'), fc.oneof(fc.double(), fc.constantFrom(0, -1, undefined, null, '1', true, [], {}), fc.string(), fc.bigInt()))
    .map(([peer, field, value]) => (m: Market, at: number): Hostile => {
      const own = candleAt(m.eth, at);
      const btc = candleAt(m.btc, at);
      const name = `${peer ? 'BTC ' : ''}${field} = ${typeof value === 'bigint' ? `${value}n` : JSON.stringify(value)}`;
      return peer ? [name, own, { BTC: { ...btc, [field]: value } }] : [name, { ...own, [field]: value }, { BTC: btc }];
    });

  it('rejects a hostile candle or hostile peers in next and peek and keeps its state', () => {
    const m = market(7, 3);
    const batch = computeFeatures(m.eth, { symbol: 'ETH', peers: { BTC: m.btc }, features: [...FEATURES] });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: N - 1 }), fc.oneof(named, mutated), fc.constantFrom('next' as const, 'peek' as const), (at, make, method) => {
        const stream = create(FEATURES);
        feed(stream, m, 0, at);
        const before = JSON.stringify(stream.toJSON());
        const [name, candle, peers] = make(m, at);
        try {
          stream[method](candle as Candle, peers as never);
        } catch (e) {
          expect(e, `${name}: ${String(e)}`).toBeInstanceOf(AlphaError);
          expect((e as Error).message.length, (e as Error).message).toBeLessThanOrEqual(600);
          expect(JSON.stringify(stream.toJSON()), `${method}(${name}) changed the state`).toBe(before);
          const got = stream.next(candleAt(m.eth, at), peersAt(m, at));
          for (let j = 0; j < got.length; j++) if (!Object.is(got[j], batch.columns[j]![at])) throw new Error(`after ${name}: ${FEATURES[j]}[${at}] ${got[j]} vs batch ${batch.columns[j]![at]}`);
          return;
        }
        // accepted: only a change that leaves a valid candle on the grid of the others, at the same time as BTC's
        expect(typeof (candle as Candle).time === 'number' && (candle as Candle).time === ((peers as Record<string, Candle>).BTC?.time ?? NaN), `${method}(${name}) was accepted`).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
