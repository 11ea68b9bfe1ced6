import { describe, expect, it } from 'vitest';
import { CANDLE_FEATURES } from '../../src/features/catalogue/candle.js';
import { computeBoth, expectValues, tinyCandles } from '../support/tiny.js';

// open, high, low, close, volume. Row 4 is a flat candle (zero range) and row 2 has zero volume.
const rows = [
  [100, 103, 99, 102, 10],
  [102, 104, 100, 101, 20],
  [101, 106, 100, 105, 0],
  [108, 110, 107, 109, 5],
  [109, 109, 109, 109, 8],
  [109, 112, 108, 111, 4],
];
const get = computeBoth(CANDLE_FEATURES, tinyCandles(rows));
const N = NaN;

describe('candle features', () => {
  it('passes the candle fields through', () => {
    expectValues(get('open'), rows.map((r) => r[0]!));
    expectValues(get('high'), rows.map((r) => r[1]!));
    expectValues(get('low'), rows.map((r) => r[2]!));
    expectValues(get('close'), rows.map((r) => r[3]!));
    expectValues(get('volume'), rows.map((r) => r[4]!));
  });

  it('log returns over k candles', () => {
    expectValues(get('log_return_1'), [N, Math.log(101 / 102), Math.log(105 / 101), Math.log(109 / 105), 0, Math.log(111 / 109)]);
    expectValues(get('log_return_3'), [N, N, N, Math.log(109 / 102), Math.log(109 / 101), Math.log(111 / 105)]);
    expect(get('log_return_6').every(Number.isNaN)).toBe(true);
  });

  it('body, wicks and close position as shares of the range; on a zero range no body or wick (0) and the close in the middle (0.5)', () => {
    expectValues(get('candle_return'), [0.02, -1 / 102, 4 / 101, 1 / 108, 0, 2 / 109]);
    expectValues(get('body_size'), [0.02, 1 / 102, 4 / 101, 1 / 108, 0, 2 / 109]);
    expectValues(get('body_ratio'), [2 / 4, 1 / 4, 4 / 6, 1 / 3, 0, 2 / 4]);
    expectValues(get('upper_wick_ratio'), [1 / 4, 2 / 4, 1 / 6, 1 / 3, 0, 1 / 4]);
    expectValues(get('lower_wick_ratio'), [1 / 4, 1 / 4, 1 / 6, 1 / 3, 0, 1 / 4]);
    expectValues(get('close_position'), [3 / 4, 1 / 4, 5 / 6, 2 / 3, 0.5, 3 / 4]);
    expectValues(get('range_pct'), [4 / 102, 4 / 101, 6 / 105, 3 / 109, 0, 4 / 111]);
  });

  it('true range uses the previous close', () => {
    // row 3 gaps up from 105: |110 - 105| = 5 beats high - low = 3
    expectValues(get('trange'), [N, 4, 6, 5, 0, 4]);
    expectValues(get('trange_pct'), [N, 4 / 101, 6 / 105, 5 / 109, 0, 4 / 111]);
  });

  it('gap, volume change (after zero volume: against the last non-zero volume) and dollar volume', () => {
    expectValues(get('gap'), [N, 0, 0, 108 / 105 - 1, 0, 0]);
    expectValues(get('volume_change'), [N, 1, -1, 5 / 20 - 1, 8 / 5 - 1, 4 / 8 - 1]);
    expectValues(get('dollar_volume'), [1020, 2020, 0, 545, 872, 444]);
  });

  it('volume change is 0 while nothing has traded, then measured against the last candle that traded', () => {
    const volumes = [0, 0, 5, 0, 0, 10];
    const silent = computeBoth(CANDLE_FEATURES, tinyCandles(volumes.map((v) => [100, 101, 99, 100, v])));
    expectValues(silent('volume_change'), [N, 0, 0, 0 / 5 - 1, 0 / 5 - 1, 10 / 5 - 1]);
  });

  it('counts consecutive up and down candles, resetting on close = open', () => {
    expectValues(get('candle_run'), [1, -1, 1, 2, 0, 1]);
  });
});
