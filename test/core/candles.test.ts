import { describe, expect, it } from 'vitest';
import { candlesFromRows, findGaps, validateCandles } from '../../src/core/candles.js';
import { CandleValidationError, InvalidParameterError, type CandleIssueReason } from '../../src/core/errors.js';

const T0 = Date.UTC(2024, 0, 1);
const M15 = 15 * 60_000;

function row(i: number, over: Record<string, unknown> = {}) {
  return { ts: T0 + i * M15, open: 100, high: 101, low: 99, close: 100.5, volume: 10, ...over };
}
const rows = (n: number) => Array.from({ length: n }, (_, i) => row(i));

function rejection(input: readonly unknown[], options = { timeframe: '15m' as const }): CandleValidationError {
  try {
    candlesFromRows(input, options);
  } catch (e) {
    expect(e).toBeInstanceOf(CandleValidationError);
    const err = e as CandleValidationError;
    expect(err.code).toBe('CANDLE_VALIDATION');
    return err;
  }
  throw new Error('expected a CandleValidationError');
}

function expectIssue(err: CandleValidationError, row: number, field: string, reason: CandleIssueReason) {
  expect(err.issues).toContainEqual(expect.objectContaining({ row, field, reason }));
}

describe('candlesFromRows accepts the row shapes users have', () => {
  it('objects with ts and numbers', () => {
    const c = candlesFromRows(rows(3), { timeframe: '15m' });
    expect(Array.from(c.time)).toEqual([T0, T0 + M15, T0 + 2 * M15]);
    expect(c.close[2]).toBe(100.5);
    expect(c.timeframe).toBe('15m');
  });

  it('time | timestamp | open_time keys, ISO strings, Postgres timestamps, Dates and numeric strings', () => {
    const c = candlesFromRows(
      [
        { time: new Date(T0), open: '100', high: '101.5', low: '99', close: '100.25', volume: '0' },
        { timestamp: '2024-01-01T00:15:00Z', open: 100, high: 101, low: 99, close: 100, volume: 1 },
        { open_time: '2024-01-01 00:30:00+00', open: 100, high: 101, low: 99, close: 100, volume: 1 },
        { ts: String(T0 + 3 * M15), open: 100, high: 101, low: 99, close: 100, volume: 1 },
      ],
      { timeframe: '15m' },
    );
    expect(Array.from(c.time)).toEqual([0, 1, 2, 3].map((i) => T0 + i * M15));
    expect(c.high[0]).toBe(101.5);
    expect(c.close[0]).toBe(100.25);
  });

  it('arrays [t, o, h, l, c, v] and epoch seconds with timeUnit s', () => {
    const c = candlesFromRows([[T0 / 1000, 1, 2, 0.5, 1.5, 3]], { timeframe: '1h', timeUnit: 's' });
    expect(c.time[0]).toBe(T0);
    expect(c.low[0]).toBe(0.5);
    expect(c.volume[0]).toBe(3);
  });
});

describe('candlesFromRows rejects each kind of bad input with the row index', () => {
  const cases: [string, unknown[], number, string, CandleIssueReason][] = [
    ['NaN', [row(0), row(1, { close: NaN })], 1, 'close', 'not_finite'],
    ['Infinity', [row(0), row(1), row(2, { high: Infinity })], 2, 'high', 'not_finite'],
    ['price <= 0', [row(0, { low: 0 })], 0, 'low', 'non_positive_price'],
    ['negative price', [row(0), row(1, { open: -1 })], 1, 'open', 'non_positive_price'],
    ['negative volume', [row(0), row(1, { volume: -0.5 })], 1, 'volume', 'negative_volume'],
    ['high < max(open, close)', [row(0, { high: 100.2 })], 0, 'high', 'high_below_body'],
    ['low > min(open, close)', [row(0), row(1, { low: 100.2 })], 1, 'low', 'low_above_body'],
    ['high < low', [row(0, { high: 98, low: 99, open: 98.5, close: 98.5 })], 0, 'high', 'high_below_low'],
    ['duplicate timestamp', [row(0), row(1), row(1)], 2, 'time', 'duplicate_time'],
    ['decreasing timestamp', [row(0), row(2), row(1)], 2, 'time', 'decreasing_time'],
    ['timestamp off the grid', [row(0), { ...row(1), ts: T0 + M15 + 1000 }], 1, 'time', 'off_grid'],
    ['wrong type', [row(0), row(1, { close: 'abc' })], 1, 'close', 'wrong_type'],
    ['wrong type (object)', [row(0, { volume: { n: 1 } })], 0, 'volume', 'wrong_type'],
    ['row not an object', [row(0), 42], 1, '*', 'wrong_type'],
    ['missing field', [row(0), { ts: T0 + M15, open: 1, high: 1, low: 1, close: 1 }], 1, 'volume', 'missing_field'],
    ['missing time', [{ open: 1, high: 1, low: 1, close: 1, volume: 1 }], 0, 'time', 'missing_field'],
    ['short array row', [[T0, 1, 2, 0.5, 1.5]], 0, '*', 'missing_field'],
    ['unparseable time string', [{ ...row(0), ts: 'yesterday' }], 0, 'time', 'wrong_type'],
  ];
  it.each(cases)('%s', (_name, input, index, field, reason) => {
    expectIssue(rejection(input), index, field, reason);
  });

  it('empty input', () => {
    expectIssue(rejection([]), -1, '*', 'empty');
  });

  it('lists every offending row, not only the first', () => {
    const input = rows(10);
    input[2] = row(2, { close: NaN });
    input[7] = row(7, { volume: -1 });
    const err = rejection(input);
    expect(err.issues.map((i) => i.row)).toEqual([2, 7]);
    expect(err.issueCount).toBe(2);
  });

  it('rejects an unknown timeframe with INVALID_PARAMETER', () => {
    expect(() => candlesFromRows(rows(2), { timeframe: '2h' as '1h' })).toThrow(InvalidParameterError);
  });
});

describe('gaps', () => {
  const gapped = [row(0), row(1), row(4), row(5), row(7)];

  it('findGaps reports where and how many candles are missing', () => {
    const c = candlesFromRows(gapped, { timeframe: '15m', gaps: 'allow' });
    expect(findGaps(c, '15m')).toEqual([
      { index: 2, from: T0 + 2 * M15, missing: 2 },
      { index: 4, from: T0 + 6 * M15, missing: 1 },
    ]);
  });

  it('are an error by default, naming the row after each gap', () => {
    const err = rejection(gapped);
    expectIssue(err, 2, 'time', 'gap');
    expectIssue(err, 4, 'time', 'gap');
  });

  it("with gaps: 'error' the message names the first missing time", () => {
    const err = rejection(gapped, { timeframe: '15m', gaps: 'error' } as { timeframe: '15m' });
    expect(err.issues[0]!.message).toContain('2024-01-01T00:30:00.000Z'); // row(2) is missing: T0 + 2 x 15 minutes
    expect(err.message).toContain('2024-01-01T00:30:00.000Z');
  });

  it("'allow' keeps the rows as they are", () => {
    const c = candlesFromRows(gapped, { timeframe: '15m', gaps: 'allow' });
    expect(c.time.length).toBe(5);
    expect(c.filled).toBeUndefined();
  });

  it("'fill' inserts flat zero-volume candles at the last close and marks them", () => {
    const input = gapped.map((r, i) => ({ ...r, close: 100 + i * 0.1, high: 101 }));
    const c = candlesFromRows(input, { timeframe: '15m', gaps: 'fill' });
    expect(Array.from(c.time)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => T0 + i * M15));
    expect(Array.from(c.filled!)).toEqual([0, 0, 1, 1, 0, 0, 1, 0]);
    for (const k of [2, 3]) {
      expect([c.open[k], c.high[k], c.low[k], c.close[k], c.volume[k]]).toEqual([100.1, 100.1, 100.1, 100.1, 0]);
    }
    expect(c.close[6]).toBe(100 + 3 * 0.1);
  });

  it('rejects an unknown gap policy', () => {
    expect(() => candlesFromRows(rows(2), { timeframe: '15m', gaps: 'skip' as 'allow' })).toThrow(InvalidParameterError);
  });
});

describe('validateCandles on columnar input', () => {
  it('rejects arrays of unequal length', () => {
    const f = (n: number) => new Float64Array(n).fill(1);
    try {
      validateCandles({ time: new Float64Array([T0, T0 + M15]), open: f(2), high: f(2), low: f(2), close: f(1), volume: f(2) }, { timeframe: '15m' });
      throw new Error('expected rejection');
    } catch (e) {
      expect((e as CandleValidationError).issues[0]).toMatchObject({ row: -1, field: 'close', reason: 'length_mismatch' });
    }
  });
});
