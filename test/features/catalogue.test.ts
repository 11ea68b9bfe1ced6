/**
 * The catalogue contract, over every entry:
 * - names: at least 200, unique, snake_case, <= 63 characters (PostgreSQL identifiers);
 * - lookback: the first defined value is at index `lookback` (for calendar features, at the first candle whose previous
 *   UTC day or week lies wholly in the series, never after `featureLookback(spec, '15m')`);
 * - TA-Lib parity: every entry that declares `talib` equals the real TA-Lib C output (1e-9 relative);
 * - no lookahead: computing on the series cut at t gives the same value at t, at many random cut points;
 * - streaming: next() equals batch bit for bit at every candle, peek() leaves no trace, JSON state resumes.
 */
import { describe, expect, it } from 'vitest';
import { simulateMarket } from '../../src/core/simulator.js';
import { candleAt, sliceCandles } from '../../src/core/candles.js';
import { Rng } from '../../src/core/rng.js';
import { FEATURES, computeFeatures, createFeatureStream, featureLookback } from '../../src/features/index.js';
import type { Candle } from '../../src/core/types.js';
import { lookaheadMismatch, streamMismatch, talibColumn, talibEqual } from './contract.js';

const N = 1500;
const candles = simulateMarket({ symbols: ['ETH'], candles: N, seed: 99, start: '2024-03-01T00:00:00Z' }).candles.ETH!;
const full = computeFeatures(candles);

describe('catalogue', () => {
  it('has at least 200 unique snake_case names of at most 63 characters', () => {
    const names = FEATURES.map((f) => f.name);
    expect(names.length).toBeGreaterThanOrEqual(200);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z][a-z0-9_]{0,62}$/);
  });

  it('describes every entry', () => {
    for (const f of FEATURES) {
      expect(f.description.length, f.name).toBeGreaterThan(5);
      expect(['price', 'ratio', 'oscillator', 'count', 'raw'], f.name).toContain(f.scale);
      expect(Number.isInteger(f.lookback) && f.lookback >= 0, f.name).toBe(true);
    }
  });

  // Cross-asset (group 'synthetic') entries need their symbol's peers: test/synthetic/contract.test.ts runs these
  // same checks (lookback, no lookahead cutting any one series, streaming) over every one of them.
  // The 15m series starts on Friday 2024-03-01 at midnight: its first whole day ends at row 96, its first whole week
  // (from Monday 03-04) on 03-11, ten days of 15m candles (960 rows) in.
  const FIRST_WHOLE_PERIOD = { day: 96, week: 960 };
  it.each(FEATURES.filter((f) => f.group !== 'synthetic').map((f) => [f.name, f] as const))('%s: first value at its lookback', (name, f) => {
    const c = full.column(name);
    const first = f.calendar === undefined ? f.lookback : FIRST_WHOLE_PERIOD[f.calendar];
    expect(first).toBeLessThanOrEqual(featureLookback(f, '15m'));
    for (let i = 0; i < first; i++) if (!Number.isNaN(c[i]!)) throw new Error(`${name}[${i}] = ${c[i]} before its first value at ${first}`);
    expect(Number.isFinite(c[first]!), `${name}[${first}]`).toBe(true);
  });
});

describe('TA-Lib parity of every entry that declares it', () => {
  const withTalib = FEATURES.filter((f) => f.talib !== undefined);
  it('covers the TA-Lib features', () => expect(withTalib.length).toBeGreaterThan(100));
  it.each(withTalib.map((f) => [f.name, f] as const))('%s', (name, f) => {
    const r = talibColumn(f.talib!, candles);
    const ours = full.column(name);
    expect(r.begIndex).toBe(f.lookback);
    for (let i = r.begIndex; i < N; i++) {
      if (!talibEqual(ours[i]!, r.values[i]!)) throw new Error(`${name}[${i}] = ${ours[i]}, TA-Lib ${r.values[i]}`);
    }
  });
});

describe('no lookahead', () => {
  const rng = new Rng(4);
  const cuts = Array.from({ length: 12 }, () => 250 + Math.floor(rng.uniform() * (N - 260)));
  it.each(cuts)('values at t = %i use only candles <= t', (t) => {
    expect(lookaheadMismatch(candles, full, t)).toBeUndefined();
  });
});

describe('streaming equals batch', () => {
  it('next() matches every feature at every candle; peek() leaves no trace; JSON state resumes', () => {
    expect(streamMismatch(candles, full, 700)).toBeUndefined();
  });

  it('fromHistory seeds the same state as feeding candle by candle', () => {
    const names = ['rsi_14', 'ema_21_ratio', 'atr_14'];
    const a = createFeatureStream({ features: names }).fromHistory(sliceCandles(candles, 0, 1000));
    const batch = computeFeatures(candles, { features: names });
    expect(Array.from(a.next(candleAt(candles, 1000)))).toEqual(names.map((n) => batch.column(n)[1000]));
  });
});

describe('selection and errors', () => {
  it('computes only the requested features, in the requested order', () => {
    const f = computeFeatures(candles, { features: ['atr_14', 'rsi_14'] });
    expect(f.names).toEqual(['atr_14', 'rsi_14']);
    expect(Array.from(f.column('rsi_14'))).toEqual(Array.from(full.column('rsi_14')));
    const m = f.toMatrix();
    expect([m.rows, m.cols]).toEqual([N, 2]);
    expect(m.data[500 * 2 + 1]).toBe(full.column('rsi_14')[500]);
  });
  it('rejects unknown names with INVALID_PARAMETER', () => {
    expect(() => computeFeatures(candles, { features: ['rsi_15'] })).toThrowError(expect.objectContaining({ code: 'INVALID_PARAMETER' }));
    expect(() => createFeatureStream({ features: ['nope'] })).toThrowError(expect.objectContaining({ code: 'INVALID_PARAMETER' }));
    expect(() => full.column('nope')).toThrowError(expect.objectContaining({ code: 'INVALID_PARAMETER' }));
  });
  it('rejects misaligned candles naming the short column', () => {
    expect(() => computeFeatures({ ...candles, close: candles.close.subarray(1) })).toThrowError(
      expect.objectContaining({ code: 'CANDLE_VALIDATION', issues: [expect.objectContaining({ field: 'close', reason: 'length_mismatch' })] }),
    );
  });
});

describe('bad candles are typed errors naming the row', () => {
  const codeAndRow = (fn: () => unknown): [string, number] => {
    try {
      fn();
    } catch (e) {
      const err = e as { code: string; issues: { row: number }[] };
      return [err.code, err.issues[0]!.row];
    }
    throw new Error('expected an error');
  };
  it('computeFeatures rejects a NaN close', () => {
    const bad = { ...candles, close: candles.close.slice() };
    bad.close[77] = NaN;
    expect(codeAndRow(() => computeFeatures(bad, { features: ['rsi_14'] }))).toEqual(['CANDLE_VALIDATION', 77]);
  });
  it('a stream rejects a non-increasing time and an inconsistent candle without changing state', () => {
    const s = createFeatureStream({ features: ['rsi_14', 'sma_9'] });
    const c = (i: number): Candle => candleAt(candles, i);
    for (let i = 0; i < 30; i++) s.next(c(i));
    expect(codeAndRow(() => s.next(c(29)))).toEqual(['CANDLE_VALIDATION', 30]);
    expect(codeAndRow(() => s.peek({ ...c(30), high: c(30).low / 2 }))).toEqual(['CANDLE_VALIDATION', 30]);
    const batch = computeFeatures(sliceCandles(candles, 0, 31), { features: ['rsi_14', 'sma_9'] });
    expect(Array.from(s.next(c(30)))).toEqual([batch.column('rsi_14')[30], batch.column('sma_9')[30]]);
  });
});
