import { indicatorColumn, ratioToClose, talibFeature } from '../build.js';
import { batched, type Formula } from '../formula.js';
import { col } from '../columns.js';
import { heikinAshiKernel } from '../kernels/heikin-ashi.js';
import { signRunKernel } from '../kernels/sign-run.js';
import type { FeatureDef } from '../types.js';
import { levelAndRatio } from './levels.js';

const group = 'heikin_ashi';
const haClose = indicatorColumn('AVGPRICE');
const ha = heikinAshiKernel(haClose.kernel);
const trend = signRunKernel(haClose.column, col(ha, 'open'), [haClose.kernel, ha]);

const level = (part: 'open' | 'high' | 'low', description: string): FeatureDef[] =>
  levelAndRatio({ name: `ha_${part}`, group, description }, { kernels: [ha], column: col(ha, part), lookback: 0 });

/** A Heikin-Ashi candle part, from (HA open, HA high, HA low, HA close), divided by the close. */
const perClose = (name: string, description: string, part: (o: number, h: number, l: number, c: number) => number): FeatureDef => {
  const formula: Formula = (c, i) => part(c[0]![i]!, c[1]![i]!, c[2]![i]!, c[3]![i]!) / c[4]![i]!;
  batched(formula, (c, out, n) => {
    for (let i = 0; i < n; i++) out[i] = formula(c, i);
  });
  return {
    name,
    group,
    scale: 'ratio',
    description,
    lookback: 0,
    kernels: [ha],
    columns: [col(ha, 'open'), col(ha, 'high'), col(ha, 'low'), haClose.column, 'close'],
    formula,
  };
};

/**
 * Heikin-Ashi candles (group 'heikin_ashi'). TA-Lib has no Heikin-Ashi function; the first candle is seeded the
 * standard way:
 *
 * - HA_close_t = (open_t + high_t + low_t + close_t) / 4, exactly TA-Lib's AVGPRICE (declared, so parity-checked);
 * - HA_open_0 = (open_0 + close_0) / 2, HA_open_t = (HA_open_{t-1} + HA_close_{t-1}) / 2;
 * - HA_high_t = max(high_t, HA_open_t, HA_close_t), HA_low_t = min(low_t, HA_open_t, HA_close_t).
 *
 * Each level comes raw (`ha_open`, `ha_high`, `ha_low`, `ha_close`) and scale-free (`ha_open_ratio` =
 * close / HA_open - 1, ...). Candle shape relative to the close: `ha_body` = (HA_close - HA_open) / close,
 * `ha_upper_wick` = (HA_high - max(HA_open, HA_close)) / close, `ha_lower_wick` = (min(HA_open, HA_close) - HA_low) / close.
 * `ha_trend_run` is the signed count of consecutive Heikin-Ashi candles of one direction: +k after k bullish
 * (HA_close > HA_open) candles in a row, -k after k bearish ones, 0 on HA_close = HA_open. All have lookback 0.
 *
 * Reference: Dan Valcu, "Using the Heikin-Ashi Technique", Technical Analysis of Stocks & Commodities, Feb. 2004.
 *
 * @example
 * ```ts
 * computeFeatures(candles, { features: ['ha_close_ratio', 'ha_body', 'ha_trend_run'] })
 * ```
 */
export const HEIKIN_ASHI_FEATURES: readonly FeatureDef[] = [
  ...level('open', 'Heikin-Ashi open: (previous HA open + previous HA close) / 2, seeded with (open + close) / 2'),
  ...level('high', 'Heikin-Ashi high: max(high, HA open, HA close)'),
  ...level('low', 'Heikin-Ashi low: min(low, HA open, HA close)'),
  talibFeature({ name: 'ha_close', group, scale: 'price', description: 'Heikin-Ashi close: (open + high + low + close) / 4 (TA-Lib AVGPRICE)' }, 'AVGPRICE'),
  ratioToClose({ name: 'ha_close_ratio', group, scale: 'ratio', description: 'close / (Heikin-Ashi close) - 1' }, haClose),
  perClose('ha_body', 'Heikin-Ashi body relative to the close: (HA close - HA open) / close', (o, _h, _l, c) => c - o),
  perClose('ha_upper_wick', 'Heikin-Ashi upper wick relative to the close: (HA high - max(HA open, HA close)) / close', (o, h, _l, c) => h - Math.max(o, c)),
  perClose('ha_lower_wick', 'Heikin-Ashi lower wick relative to the close: (min(HA open, HA close) - HA low) / close', (o, _h, l, c) => Math.min(o, c) - l),
  {
    name: 'ha_trend_run',
    group,
    scale: 'count',
    description: 'signed count of consecutive bullish (+) or bearish (-) Heikin-Ashi candles; 0 when HA close = HA open',
    lookback: 0,
    kernels: [trend],
    columns: [col(trend)],
  },
];
