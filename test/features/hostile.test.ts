/**
 * Hostile input to the feature engine (issue 13, items 6, 8 and 9): every named input of ./hostile.ts and
 * ./hostile-calls.ts gives a typed `AlphaError` with a short message, never a plain TypeError, a hang or garbage; a
 * stream given a bad candle or bad peers keeps its state (its `toJSON()` is unchanged and it goes on as if the input
 * had never come); a tampered state is a `StateError`.
 */
import { describe, expect, it } from 'vitest';
import { candleAt, sliceCandles } from '../../src/core/candles.js';
import { AlphaError } from '../../src/core/errors.js';
import type { Candle } from '../../src/core/types.js';
import { computeFeatures, createFeatureStream, featureFrame, parseSyntheticName, restoreFeatureStream, type FeatureStream } from '../../src/features/index.js';
import { alignCandles } from '../../src/synthetic/index.js';
import { hostileCalls } from './hostile-calls.js';
import { BTC, ETH, hostileCandleSeries, hostileFeatureOptions, hostileRowPeers, hostileStates, hostileStreamCandles, hostileStreamPeers } from './hostile.js';

/** "A few hundred characters": the longest message any hostile input may give (AlphaError cuts at 600). */
const MAX_MESSAGE = 400;

/** What `fn` threw (or its promise rejected with); fails when it returns. */
async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, got a result');
}

function expectTyped(e: unknown, what: string, code?: string): void {
  expect(e, `${what}: ${String(e)}`).toBeInstanceOf(AlphaError);
  const err = e as AlphaError;
  if (code !== undefined) expect(err.code, `${what}: ${err.message}`).toBe(code);
  expect(err.message.length, `${what}: ${err.message.slice(0, 300)}`).toBeLessThanOrEqual(MAX_MESSAGE);
}

const state = (s: FeatureStream): string => JSON.stringify(s.toJSON());
const NAMES = ['rsi_14', 'log_return_1', 'sma_9', 'volume_change', 'vp_poc_96'];
const batch = computeFeatures(ETH, { features: NAMES });
const row = (i: number): number[] => NAMES.map((n) => batch.column(n)[i]!);

describe('computeFeatures and createFeatureStream', () => {
  it.each(hostileCandleSeries)('computeFeatures rejects candles: %s', async (name, candles) => {
    expectTyped(await thrown(() => computeFeatures(candles as never, { features: ['rsi_14'] })), name);
  });
  it.each(hostileFeatureOptions)('computeFeatures rejects options: %s', async (name, options) => {
    expectTyped(await thrown(() => computeFeatures(ETH, options as never)), name);
  });
  const streamOptions = [...hostileFeatureOptions.filter(([name]) => !name.includes('the stream form')), ...hostileStreamPeers];
  it.each(streamOptions)('createFeatureStream rejects options: %s', async (name, options) => {
    expectTyped(await thrown(() => createFeatureStream(options as never)), name);
  });
  it('accepts the valid edge cases: no options, no features, an empty history, a row of the aligned peers', () => {
    expect(computeFeatures(ETH).names.length).toBeGreaterThan(200);
    expect(computeFeatures(ETH, { features: [] }).toMatrix()).toEqual({ rows: ETH.time.length, cols: 0, data: new Float64Array(0) });
    const s = createFeatureStream({ features: ['rsi_14'] });
    expect(state(s.fromHistory(sliceCandles(ETH, 0, 0)))).toBe(state(createFeatureStream({ features: ['rsi_14'] })));
    const p = createFeatureStream({ symbol: 'ETH', peers: ['BTC'], features: ['syn_eth_btc_correlation_20'] });
    const empty = state(p);
    expect(state(p.fromHistory(sliceCandles(ETH, 0, 0), { BTC: sliceCandles(BTC, 0, 0) }))).toBe(empty);
    expect(() => p.next(candleAt(ETH, 0), { BTC: candleAt(BTC, 0) })).not.toThrow();
    expect(parseSyntheticName(5 as never)).toBeUndefined();
  });
});

describe('a feature stream given a bad candle or bad peers keeps its state', () => {
  const fresh = (): FeatureStream => createFeatureStream({ features: NAMES }).fromHistory(sliceCandles(ETH, 0, 100));
  it.each(hostileStreamCandles)('next and peek reject %s', (name, candle) => {
    const s = fresh();
    const before = state(s);
    for (const method of ['next', 'peek'] as const) {
      let got: Float64Array | undefined;
      try {
        got = s[method](candle as Candle);
      } catch (e) {
        expectTyped(e, `${method}(${name})`);
        expect(state(s), `${method}(${name}) changed the state`).toBe(before);
        continue;
      }
      // only a candle whose getters answer a valid candle on the first read may pass: computed as read, once
      expect(name, `${method}(${name}) was accepted`).toMatch(/getters/);
      expect(Array.from(got)).toEqual(row(100));
      return;
    }
    expect(Array.from(s.next(candleAt(ETH, 100)))).toEqual(row(100));
  });

  const peerStream = (): FeatureStream => {
    const s = createFeatureStream({ symbol: 'ETH', peers: ['BTC'], features: ['syn_eth_btc_correlation_20', 'rsi_14'] });
    for (let i = 0; i < 100; i++) s.next(candleAt(ETH, i), { BTC: candleAt(BTC, i) });
    return s;
  };
  const good = computeFeatures(ETH, { symbol: 'ETH', peers: { BTC }, features: ['syn_eth_btc_correlation_20', 'rsi_14'] });
  it.each(hostileRowPeers)('next and peek of a stream with peer BTC reject peers: %s', (name, peers) => {
    const s = peerStream();
    const before = state(s);
    for (const method of ['next', 'peek'] as const) {
      expectTyped(
        (() => {
          try {
            s[method](candleAt(ETH, 100), peers as never);
          } catch (e) {
            return e;
          }
          return new Error('accepted');
        })(),
        `${method} with peers ${name}`,
      );
      expect(state(s)).toBe(before);
    }
    expect(Array.from(s.next(candleAt(ETH, 100), { BTC: candleAt(BTC, 100) }))).toEqual([good.columns[0]![100], good.columns[1]![100]]);
  });
  it('a stream without peers rejects any peer', async () => {
    const s = fresh();
    const before = state(s);
    expectTyped(await thrown(() => s.next(candleAt(ETH, 100), { BTC: candleAt(BTC, 100) })), 'an unexpected peer', 'INVALID_PARAMETER');
    expect(state(s)).toBe(before);
  });
  it.each(hostileCandleSeries.filter(([name]) => name !== 'empty columns'))('fromHistory rejects %s and keeps the state', async (name, candles) => {
    const s = fresh();
    const before = state(s);
    expectTyped(await thrown(() => s.fromHistory(candles as never)), name);
    expect(state(s)).toBe(before);
  });
});

describe('restoreFeatureStream refuses a tampered state', () => {
  const saved = (): Record<string, unknown> => {
    const s = createFeatureStream({ features: ['rsi_14', 'sma_9', 'log_return_1'] });
    for (let i = 0; i < 100; i++) s.next(candleAt(ETH, i));
    return JSON.parse(JSON.stringify(s.toJSON())) as Record<string, unknown>;
  };
  it('restores the untampered state', () => {
    expect(JSON.parse(state(restoreFeatureStream(saved() as never)))).toEqual(saved());
  });
  it.each(hostileStates)('%s', async (name, tamper) => {
    const json = saved();
    expectTyped(await thrown(() => restoreFeatureStream(tamper(json) as never)), name, 'INVALID_STATE');
  });
});

describe('the other entry points', () => {
  it.each(hostileCalls)('%s', async (name, call) => {
    expectTyped(await thrown(call), name);
  });
  it.each(hostileCandleSeries)('alignCandles rejects a symbol whose candles are %s', async (name, candles) => {
    expectTyped(await thrown(() => alignCandles({ BTC, ETH: candles as never }, { timeframe: '15m' })), name);
  });
  it('featureFrame builds a frame over valid columns, with no columns too', () => {
    expect(featureFrame(ETH.time, [], []).toMatrix().cols).toBe(0);
    expect(featureFrame(ETH.time, ['c'], [ETH.close]).column('c')).toBe(ETH.close);
  });
});

