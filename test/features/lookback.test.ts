import { describe, expect, it } from 'vitest';
import { FEATURES, featureLookback } from '../../src/features/index.js';

/** Candles of each timeframe in one UTC day, written out. */
const PER_DAY = { '1m': 1440, '5m': 288, '15m': 96, '30m': 48, '1h': 24, '4h': 6, '1d': 1 } as const;

describe('featureLookback', () => {
  it('is the lookback of a feature without a calendar, on every timeframe', () => {
    for (const tf of Object.keys(PER_DAY) as (keyof typeof PER_DAY)[]) {
      expect(featureLookback('rsi_14', tf)).toBe(14);
      expect(featureLookback('vp_poc_96', tf)).toBe(95);
      expect(featureLookback('hour_of_day', tf)).toBe(0);
    }
  });

  it.each(Object.entries(PER_DAY))('is two periods minus one candle for the daily and weekly pivots on %s', (tf, perDay) => {
    expect(featureLookback('pivot_pp_d', tf as keyof typeof PER_DAY)).toBe(2 * perDay - 1);
    expect(featureLookback('pivot_s3_w', tf as keyof typeof PER_DAY)).toBe(2 * 7 * perDay - 1);
  });

  it('takes a spec as well as a name; the spec says its calendar and its bound is the 1m count', () => {
    const spec = FEATURES.find((f) => f.name === 'pivot_cam_h3_d')!;
    expect(spec.calendar).toBe('day');
    expect(spec.lookback).toBe(2 * 1440 - 1);
    expect(featureLookback(spec, '4h')).toBe(11);
    expect(FEATURES.filter((f) => f.calendar !== undefined).map((f) => f.group)).toEqual(Array(28).fill('pivot'));
  });

  it('rejects an unknown feature or timeframe with INVALID_PARAMETER', () => {
    expect(() => featureLookback('rsi_15', '1h')).toThrowError(expect.objectContaining({ code: 'INVALID_PARAMETER', parameter: 'feature' }));
    expect(() => featureLookback('rsi_14', '2h' as '1h')).toThrowError(expect.objectContaining({ code: 'INVALID_PARAMETER', parameter: 'timeframe' }));
  });
});
