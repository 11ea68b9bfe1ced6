/**
 * The pure steps of live features and the window rules (what `computeLiveFeatures` and the plv8 bundle run over
 * their own reads): the history path's row is `computeFeatures`' at the last candle, bit for bit; the saved state
 * resumes and steps over later candles, each row `computeFeatures`' at its candle; a state that cannot resume is
 * refused (the history path decides); MISSING_FEATURES and STALE_CANDLES with their messages; the read bounds, the
 * staleness boundary and the peers' alignment, by hand.
 */
import { describe, expect, it } from 'vitest';
import { sliceCandles } from '../../src/core/candles.js';
import type { Candles } from '../../src/core/types.js';
import { PipelineError } from '../../src/pipeline/errors.js';
import { planFeatures } from '../../src/pipeline/feature-plan.js';
import { alignWindow, closedRange, freshRange, noCandles, type ClosedWindow } from '../../src/pipeline/live-candles.js';
import { checkMissing, historyFeatures, resumeFeatures, skipStale, windowLength, type SavedState } from '../../src/pipeline/live-steps.js';
import { DEFAULT_MARKETS } from '../../src/pipeline/types.js';
import { thrown } from '../ensemble/ensemble/caught.js';
import { differences, market, referenceRow, START } from './fixtures.js';

const M15 = 900_000;
const NAMES = ['rsi_14', 'syn_eth_btc_correlation_20', 'ema_50_ratio', 'atr_14'];
const ETH15 = { symbol: 'ETH', timeframe: '15m' } as const;
const plan = planFeatures(ETH15, NAMES, DEFAULT_MARKETS);
const candles = market('15m', 130, 21);
const iso = (ms: number) => new Date(ms).toISOString();

/** Candles [from, to) of ETH with BTC as its peer. */
function windowOf(from: number, to: number): ClosedWindow {
  return { candles: sliceCandles(candles.ETH!, from, to), peers: { BTC: sliceCandles(candles.BTC!, from, to) } };
}

/** The state saved after the history path over candles [0, 100), as the store gives it back (jsonb: parsed JSON). */
function savedAfterHistory(): SavedState {
  const { state } = historyFeatures(plan, windowOf(0, 100));
  return { ts: state!.ts, state: JSON.parse(JSON.stringify(state!.state)) as unknown };
}

describe('historyFeatures', () => {
  it('the last candle\'s row is computeFeatures\' over the window, bit for bit; the state after the candle before it', () => {
    const live = historyFeatures(plan, windowOf(0, 100));
    expect(differences(NAMES, live.row, referenceRow(candles, 'ETH', NAMES, 0, 99, ['BTC']))).toEqual([]);
    expect([live.path, live.ts.getTime(), live.candles, live.state!.ts]).toEqual(['history', START + 99 * M15, 100, START + 98 * M15]);
    expect(Array.from(live.rows.frame.time)).toEqual([START + 99 * M15]);
    expect(live.rows.frame.columns.map((c) => c[0])).toEqual(Array.from(live.row));
    expect([live.rows.symbol, live.rows.timeframe, live.plan]).toEqual(['ETH', '15m', plan]);
  });

  it('one candle: no state to save', () => {
    expect(historyFeatures(plan, windowOf(0, 1)).state).toBeUndefined();
  });
});

describe('resumeFeatures', () => {
  it('resumes the saved stream over the later candles: every row computeFeatures\' at its candle, the state after the candle before the latest', () => {
    const saved = savedAfterHistory();
    expect(saved.ts).toBe(START + 98 * M15);
    const live = resumeFeatures(plan, saved, windowOf(98, 110))!;
    expect([live.path, live.ts.getTime(), live.candles, live.state!.ts]).toEqual(['state', START + 109 * M15, 12, START + 108 * M15]);
    expect(Array.from(live.rows.frame.time)).toEqual(Array.from({ length: 11 }, (_, k) => START + (99 + k) * M15));
    for (let k = 0; k < 11; k++) {
      const row = Float64Array.from(live.rows.frame.columns, (c) => c[k]!);
      expect(differences(NAMES, row, referenceRow(candles, 'ETH', NAMES, 0, 99 + k, ['BTC']))).toEqual([]);
    }
    expect(differences(NAMES, live.row, referenceRow(candles, 'ETH', NAMES, 0, 109, ['BTC']))).toEqual([]);
  });

  it('one later candle: its row, and no state to save (the saved one is the one before it)', () => {
    const live = resumeFeatures(plan, savedAfterHistory(), windowOf(98, 100))!;
    expect([live.path, live.state, live.candles]).toEqual(['state', undefined, 2]);
  });

  it.each([
    ['no window (stale from the saved candle on)', (s: SavedState) => [s, undefined] as const],
    ['a window that does not start at the saved candle', (s: SavedState) => [s, windowOf(99, 110)] as const],
    ['a window of the saved candle alone', (s: SavedState) => [s, windowOf(98, 99)] as const],
    ['a state saved at another candle than its stream\'s last', (s: SavedState) => [{ ...s, ts: START + 97 * M15 }, windowOf(97, 110)] as const],
    ['a state that is not JSON text', (s: SavedState) => [{ ...s, state: { stream: '{not json' } }, windowOf(98, 110)] as const],
    ['a state without its stream', (s: SavedState) => [{ ...s, state: {} }, windowOf(98, 110)] as const],
    ['a state of null', (s: SavedState) => [{ ...s, state: null }, windowOf(98, 110)] as const],
  ])('%s: undefined (the history path decides)', (_, make) => {
    const [saved, w] = make(savedAfterHistory());
    expect(resumeFeatures(plan, saved, w)).toBeUndefined();
  });

  it('a state of other features: undefined', () => {
    const other = planFeatures(ETH15, ['rsi_14', 'syn_eth_btc_correlation_20', 'ema_50_ratio'], DEFAULT_MARKETS);
    expect(resumeFeatures(other, savedAfterHistory(), windowOf(98, 110))).toBeUndefined();
  });

  it('the read it needs: lookback + 1 + warmup candles', () => {
    expect(windowLength(plan, 1000)).toBe(plan.lookback + 1001);
  });
});

describe('checkMissing', () => {
  it('every feature finite: nothing', () => {
    expect(checkMissing(historyFeatures(plan, windowOf(0, 100)))).toBeUndefined();
  });

  it('a feature NaN (too little history): PipelineError MISSING_FEATURES naming them, the candle, the candles read and the lookback', () => {
    const error = thrown(() => checkMissing(historyFeatures(plan, windowOf(0, 10)))) as PipelineError;
    expect(error).toBeInstanceOf(PipelineError);
    expect([error.code, error.symbol, error.timeframe]).toEqual(['MISSING_FEATURES', 'ETH', '15m']);
    expect(error.message).toBe(`ETH 15m: 4 feature(s) the model needs are NaN on the latest closed candle (${iso(START + 9 * M15)}, 10 candle(s) read, lookback ${plan.lookback}): rsi_14, syn_eth_btc_correlation_20, ema_50_ratio, atr_14`);
  });
});

describe('skipStale', () => {
  it('STALE_CANDLES: undefined; any other error is thrown again', () => {
    expect(skipStale(noCandles(plan, 'ETH', START))).toBeUndefined();
    const other = new PipelineError('MISSING_FEATURES', 'x');
    expect(() => skipStale(other)).toThrow(other);
    const plain = new Error('connection lost');
    expect(() => skipStale(plain)).toThrow(plain);
  });
});

describe('the window rules', () => {
  const now = Date.UTC(2025, 2, 1, 10, 7);

  it('closedRange: before now - interval + 1 ms (no open candle), the latest n, from a time when given', () => {
    expect(closedRange(plan, { now, latest: 300 })).toEqual({ to: Date.UTC(2025, 2, 1, 9, 52) + 1, latest: 300 });
    expect(closedRange(plan, { now, latest: 300, from: 5 })).toEqual({ from: 5, to: Date.UTC(2025, 2, 1, 9, 52) + 1, latest: 300 });
  });

  it('noCandles: STALE_CANDLES naming the market or the peer', () => {
    const own = noCandles(plan, 'ETH', now);
    expect([own.code, own.message]).toEqual(['STALE_CANDLES', 'ETH 15m: ETH has no closed 15m candle in the window read before now (2025-03-01T10:07:00.000Z)']);
    expect(noCandles(plan, 'BTC', now).message).toBe('ETH 15m: the peer BTC has no closed 15m candle in the window read before now (2025-03-01T10:07:00.000Z)');
  });

  it('freshRange: fresh until now = T + 3 intervals, stale 1 ms later; the peers read from the first candle to the latest', () => {
    const main = sliceCandles(candles.ETH!, 0, 100);
    const T = START + 99 * M15;
    expect(freshRange(plan, main, T + 3 * M15)).toEqual({ from: START, to: T + 1 });
    const error = thrown(() => freshRange(plan, main, T + 3 * M15 + 1)) as PipelineError;
    expect([error.code, error.message]).toEqual([
      'STALE_CANDLES',
      `ETH 15m: the latest closed candle opened at ${iso(T)} and closed at ${iso(T + M15)}, more than 2 intervals before now (${iso(T + 3 * M15 + 1)})`,
    ]);
  });

  it('alignWindow: the times every series has (a peer starting later cuts the window); no peers: the candles as they are', () => {
    const main = sliceCandles(candles.ETH!, 0, 100);
    const w = alignWindow(plan, main, [sliceCandles(candles.BTC!, 10, 100)]);
    expect([w.candles.time[0], w.candles.time.length, w.peers.BTC!.time.length]).toEqual([START + 10 * M15, 90, 90]);
    expect(Array.from(w.candles.close)).toEqual(Array.from(main.close.subarray(10)));
    const alone = planFeatures(ETH15, ['rsi_14'], DEFAULT_MARKETS);
    expect(alignWindow(alone, main, [])).toEqual({ candles: main, peers: {} });
  });

  it('alignWindow: a peer without the latest candle is STALE_CANDLES naming it', () => {
    const main: Candles = sliceCandles(candles.ETH!, 0, 100);
    const error = thrown(() => alignWindow(plan, main, [sliceCandles(candles.BTC!, 0, 99)])) as PipelineError;
    expect([error.code, error.message]).toEqual(['STALE_CANDLES', `ETH 15m: the peer BTC has no candle at ${iso(START + 99 * M15)} (its latest closed candle opened at ${iso(START + 98 * M15)})`]);
  });
});
