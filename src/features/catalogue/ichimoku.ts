import { indicatorColumn, ratioToClose, talibFeature, type EntryInfo } from '../build.js';
import { batched, type Formula } from '../formula.js';
import { col } from '../columns.js';
import { lagKernel } from '../kernels/lag.js';
import type { ColumnKey, FeatureDef, Kernel } from '../types.js';
import { levelAndRatio } from './levels.js';

const group = 'ichimoku';
const SHIFT = 26;
const T = (period: number) => ({ optInTimePeriod: period });
const tenkan = indicatorColumn('MIDPRICE', T(9));
const kijun = indicatorColumn('MIDPRICE', T(26));
const spanB = indicatorColumn('MIDPRICE', T(52));
const lagTenkan = lagKernel(tenkan.column, SHIFT, [tenkan.kernel]);
const lagKijun = lagKernel(kijun.column, SHIFT, [kijun.kernel]);
const lagSpanB = lagKernel(spanB.column, SHIFT, [spanB.kernel]);
const lagClose = lagKernel('close', SHIFT);

const senkouALookback = Math.max(tenkan.lookback, kijun.lookback) + SHIFT;
const cloudLookback = spanB.lookback + SHIFT;
/** Columns of the cloud at t: lagged tenkan, lagged kijun (senkou A = their mean), senkou B, then the close. */
const cloudColumns: readonly ColumnKey[] = [col(lagTenkan), col(lagKijun), col(lagSpanB), 'close'];
const cloudKernels: readonly Kernel[] = [lagTenkan, lagKijun, lagSpanB];

function senkouA(c: readonly Float64Array[], i: number): number {
  return (c[0]![i]! + c[1]![i]!) / 2;
}

/** Close relative to the cloud [bottom, top]: (close - top) / close above, (close - bottom) / close below, 0 inside. */
function closeVsCloud(c: readonly Float64Array[], i: number): number {
  const a = senkouA(c, i);
  const b = c[2]![i]!;
  const close = c[3]![i]!;
  const top = Math.max(a, b);
  const bottom = Math.min(a, b);
  if (close > top) return (close - top) / close;
  if (close < bottom) return (close - bottom) / close;
  return close === close && top === top ? 0 : NaN;
}

const senkouARatio: Formula = (c, i) => c[3]![i]! / senkouA(c, i) - 1;
const cloudThickness: Formula = (c, i) => (senkouA(c, i) - c[2]![i]!) / c[3]![i]!;
const tkSpread: Formula = (c, i) => (c[0]![i]! - c[1]![i]!) / c[2]![i]!;
const chikou: Formula = (c, i) => c[0]![i]! / c[1]![i]! - 1;
batched(senkouA, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = senkouA(c, i);
});
batched(senkouARatio, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = senkouARatio(c, i);
});
batched(cloudThickness, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = cloudThickness(c, i);
});
batched(closeVsCloud, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = closeVsCloud(c, i);
});
batched(tkSpread, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = tkSpread(c, i);
});
batched(chikou, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = chikou(c, i);
});

const entry = (info: Omit<EntryInfo, 'group'>, lookback: number, kernels: readonly Kernel[], columns: readonly ColumnKey[], formula: NonNullable<FeatureDef['formula']>): FeatureDef => ({
  ...info,
  group,
  lookback,
  kernels,
  columns,
  formula,
});

/**
 * Ichimoku Kinko Hyo with the standard 9 / 26 / 52 periods, lookahead-free (group 'ichimoku'):
 *
 * - tenkan-sen = (highest high + lowest low) / 2 over 9 = TA-Lib MIDPRICE(9); kijun-sen = MIDPRICE(26) (both declared,
 *   parity-checked);
 * - senkou span A and B are plotted 26 candles ahead, so the cloud AT candle t is the one computed at t - 26:
 *   senkou_a_t = (tenkan_{t-26} + kijun_{t-26}) / 2 (lookback 51), senkou_b_t = MIDPRICE(52)_{t-26} (lookback 77);
 * - each level raw and as `_ratio` = close / level - 1;
 * - `ichimoku_cloud_thickness` = (senkou_a - senkou_b) / close (positive under a bullish cloud);
 * - `ichimoku_close_vs_cloud` = (close - cloud top) / close above the cloud, (close - cloud bottom) / close below it,
 *   0 inside or on its edge (top = max(senkou_a, senkou_b), bottom = min);
 * - `ichimoku_tk_spread_9_26` = (tenkan - kijun) / close (the tenkan/kijun cross);
 * - `ichimoku_chikou_26` = close_t / close_{t-26} - 1. The classic chikou span is today's close plotted 26 candles
 *   back, so reading it at candle t means reading close_{t+26}: lookahead. The comparison it is used for (close
 *   against the price 26 candles earlier) is what this feature gives, with only candles <= t.
 *
 * Reference: Goichi Hosoda, "Ichimoku Kinko Hyo" (1969); TA-Lib `ta_MIDPRICE.c`.
 *
 * @example
 * ```ts
 * computeFeatures(candles, { features: ['ichimoku_kijun_26_ratio', 'ichimoku_close_vs_cloud'] })
 * ```
 */
export const ICHIMOKU_FEATURES: readonly FeatureDef[] = [
  talibFeature({ name: 'ichimoku_tenkan_9', group, scale: 'price', description: 'Ichimoku tenkan-sen: (highest high + lowest low) / 2 over 9 (MIDPRICE 9)' }, 'MIDPRICE', T(9)),
  ratioToClose({ name: 'ichimoku_tenkan_9_ratio', group, scale: 'ratio', description: 'close / (Ichimoku tenkan-sen over 9) - 1' }, tenkan),
  talibFeature({ name: 'ichimoku_kijun_26', group, scale: 'price', description: 'Ichimoku kijun-sen: (highest high + lowest low) / 2 over 26 (MIDPRICE 26)' }, 'MIDPRICE', T(26)),
  ratioToClose({ name: 'ichimoku_kijun_26_ratio', group, scale: 'ratio', description: 'close / (Ichimoku kijun-sen over 26) - 1' }, kijun),
  entry({ name: 'ichimoku_senkou_a_26', scale: 'price', description: 'Ichimoku senkou span A at t: (tenkan + kijun) / 2 of 26 candles ago' }, senkouALookback, cloudKernels, cloudColumns, senkouA),
  entry({ name: 'ichimoku_senkou_a_26_ratio', scale: 'ratio', description: 'close / (Ichimoku senkou span A at t) - 1' }, senkouALookback, cloudKernels, cloudColumns, senkouARatio),
  ...levelAndRatio({ name: 'ichimoku_senkou_b_52', group, description: 'Ichimoku senkou span B at t: MIDPRICE(52) of 26 candles ago' }, { kernels: [lagSpanB], column: col(lagSpanB), lookback: cloudLookback }),
  entry({ name: 'ichimoku_cloud_thickness', scale: 'ratio', description: 'Ichimoku cloud at t, signed: (senkou A - senkou B) / close' }, cloudLookback, cloudKernels, cloudColumns, cloudThickness),
  entry({ name: 'ichimoku_close_vs_cloud', scale: 'ratio', description: '(close - cloud top) / close above the cloud, (close - cloud bottom) / close below, 0 inside' }, cloudLookback, cloudKernels, cloudColumns, closeVsCloud),
  entry({ name: 'ichimoku_tk_spread_9_26', scale: 'ratio', description: 'Ichimoku tenkan - kijun spread: (tenkan - kijun) / close' }, Math.max(tenkan.lookback, kijun.lookback), [tenkan.kernel, kijun.kernel], [tenkan.column, kijun.column, 'close'], tkSpread),
  entry({ name: 'ichimoku_chikou_26', scale: 'ratio', description: 'lookahead-free chikou: close / close 26 candles ago - 1' }, SHIFT, [lagClose], ['close', col(lagClose)], chikou),
];
