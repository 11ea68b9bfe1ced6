import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { periodsPerYear, TIMEFRAMES } from '../../src/core/timeframe.js';

describe('periodsPerYear', () => {
  it('counts the candles of a 365-day year (hand-computed: 525,600 minutes a year)', () => {
    const expected = { '1m': 525_600, '5m': 105_120, '15m': 35_040, '30m': 17_520, '1h': 8_760, '4h': 2_190, '1d': 365 };
    expect(Object.fromEntries(TIMEFRAMES.map((tf) => [tf, periodsPerYear(tf)]))).toEqual(expected);
  });

  it('names the parameter of an unsupported timeframe', () => {
    expect(() => periodsPerYear('2h' as never)).toThrow(InvalidParameterError);
    expect(() => periodsPerYear('2h' as never, 'options.timeframe')).toThrow(/options\.timeframe: expected one of/);
  });
});
