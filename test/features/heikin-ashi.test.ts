import { describe, it } from 'vitest';
import { HEIKIN_ASHI_FEATURES } from '../../src/features/catalogue/heikin-ashi.js';
import { computeBoth, expectValues, tinyCandles } from '../support/tiny.js';

describe('Heikin-Ashi features', () => {
  // open, high, low, close: HA_close = (o + h + l + c) / 4 = 101, 101.75, 103;
  // HA_open = (100 + 102) / 2 = 101, then (101 + 101) / 2 = 101, then (101 + 101.75) / 2 = 101.375.
  const rows = [
    [100, 103, 99, 102, 1],
    [102, 104, 100, 101, 1],
    [101, 106, 100, 105, 1],
  ];
  const get = computeBoth(HEIKIN_ASHI_FEATURES, tinyCandles(rows));

  it('seeds the first candle with (open + close) / 2 and recurses', () => {
    expectValues(get('ha_close'), [101, 101.75, 103]);
    expectValues(get('ha_open'), [101, 101, 101.375]);
    expectValues(get('ha_high'), [103, 104, 106]);
    expectValues(get('ha_low'), [99, 100, 100]);
  });

  it('gives the levels as close / level - 1 and the candle shape per close', () => {
    expectValues(get('ha_open_ratio'), [102 / 101 - 1, 0, 105 / 101.375 - 1]);
    expectValues(get('ha_high_ratio'), [102 / 103 - 1, 101 / 104 - 1, 105 / 106 - 1]);
    expectValues(get('ha_low_ratio'), [102 / 99 - 1, 101 / 100 - 1, 105 / 100 - 1]);
    expectValues(get('ha_close_ratio'), [102 / 101 - 1, 101 / 101.75 - 1, 105 / 103 - 1]);
    expectValues(get('ha_body'), [0, 0.75 / 101, 1.625 / 105]);
    expectValues(get('ha_upper_wick'), [2 / 102, 2.25 / 101, 3 / 105]);
    expectValues(get('ha_lower_wick'), [2 / 102, 1 / 101, 1.375 / 105]);
  });

  it('counts signed runs of same-direction HA candles', () => {
    // HA_close: 98, 93.5, 88.5, 97.5; HA_open: 98, 98, 95.75, 92.125 -> doji, down, down, up
    const fall = [
      [100, 101, 95, 96, 1],
      [96, 97, 90, 91, 1],
      [91, 92, 85, 86, 1],
      [86, 110, 86, 108, 1],
    ];
    expectValues(computeBoth(HEIKIN_ASHI_FEATURES, tinyCandles(fall))('ha_trend_run'), [0, -1, -2, 1]);
    // the first series: a doji (HA_close = HA_open = 101), then two bullish HA candles
    expectValues(get('ha_trend_run'), [0, 1, 2]);
  });
});
