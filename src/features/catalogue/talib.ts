import { indicatorColumn, ratioToClose, talibFeature, type EntryInfo } from '../build.js';
import { batched, type Formula } from '../formula.js';
import { positionInRange } from '../ratio.js';
import type { FeatureDef, FeatureScale } from '../types.js';

/**
 * The TA-Lib indicator features: every engine indicator with sensible parameter sets (fast/slow and 9/21/50
 * variants where they make sense). Price-level outputs come twice: the raw level (exactly TA-Lib's output,
 * parity-checked) and its scale-free `_ratio` form, close / level - 1.
 */
const T = (period: number) => ({ optInTimePeriod: period });

function one(name: string, group: string, scale: FeatureScale, description: string, fn: string, options: Record<string, number> = {}, output?: string): FeatureDef {
  return talibFeature({ name, group, scale, description }, fn, options, output);
}

/** A price level and its scale-free ratio to close. */
function level(name: string, group: string, description: string, fn: string, options: Record<string, number> = {}, output?: string): FeatureDef[] {
  const info: EntryInfo = { name, group, scale: 'price', description };
  return [
    talibFeature(info, fn, options, output),
    ratioToClose({ name: `${name}_ratio`, group, scale: 'ratio', description: `close / ${description} - 1` }, indicatorColumn(fn, options, output)),
  ];
}

const movingAverages: FeatureDef[] = [
  ...[9, 21, 50, 100, 200].flatMap((p) => level(`sma_${p}`, 'overlap', `simple moving average of close over ${p}`, 'SMA', T(p))),
  ...[9, 12, 21, 26, 50, 100, 200].flatMap((p) => level(`ema_${p}`, 'overlap', `exponential moving average of close over ${p}`, 'EMA', T(p))),
  ...[9, 21, 50].flatMap((p) => level(`wma_${p}`, 'overlap', `weighted moving average over ${p}`, 'WMA', T(p))),
  ...[9, 21, 50].flatMap((p) => level(`dema_${p}`, 'overlap', `double exponential moving average over ${p}`, 'DEMA', T(p))),
  ...[9, 21, 50].flatMap((p) => level(`tema_${p}`, 'overlap', `triple exponential moving average over ${p}`, 'TEMA', T(p))),
  ...[21, 50].flatMap((p) => level(`trima_${p}`, 'overlap', `triangular moving average over ${p}`, 'TRIMA', T(p))),
  ...[10, 30].flatMap((p) => level(`kama_${p}`, 'overlap', `Kaufman adaptive moving average over ${p}`, 'KAMA', T(p))),
  ...[5, 10].flatMap((p) => level(`t3_${p}`, 'overlap', `Tillson T3 over ${p} (volume factor 0.7)`, 'T3', { optInTimePeriod: p, optInVFactor: 0.7 })),
  ...level('mama', 'overlap', 'MESA adaptive moving average (0.5, 0.05)', 'MAMA', {}, 'outMAMA'),
  ...level('fama', 'overlap', 'following adaptive moving average of MAMA (0.5, 0.05)', 'MAMA', {}, 'outFAMA'),
  ...level('ht_trendline', 'overlap', 'Hilbert transform instantaneous trendline', 'HT_TRENDLINE'),
  ...level('midpoint_14', 'overlap', '(highest + lowest close) / 2 over 14', 'MIDPOINT', T(14)),
  ...level('midprice_14', 'overlap', '(highest high + lowest low) / 2 over 14', 'MIDPRICE', T(14)),
  ...level('sar', 'overlap', 'parabolic SAR (acceleration 0.02, maximum 0.2)', 'SAR', { optInAcceleration: 0.02, optInMaximum: 0.2 }),
  one('sarext', 'overlap', 'raw', 'parabolic SAR extended (TA-Lib defaults; negative while short)', 'SAREXT'),
];

function bands(fn: string, short: string, period: number, description: string, options: Record<string, number>): FeatureDef[] {
  const out: FeatureDef[] = [];
  for (const [band, output] of [['upper', 'outRealUpperBand'], ['middle', 'outRealMiddleBand'], ['lower', 'outRealLowerBand']] as const) {
    out.push(...level(`${short}_${band}_${period}`, 'volatility', `${description} ${band} band`, fn, options, output));
  }
  return out;
}

/** (upper - lower) / middle (columns: upper, middle, lower). */
const bandWidth: Formula = (c, i) => (c[0]![i]! - c[2]![i]!) / c[1]![i]!;
batched(bandWidth, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = bandWidth(c, i);
});
/** (close - lower) / (upper - lower), 0.5 on a zero-width band (columns: close, upper, lower). */
const percentB: Formula = (c, i) => positionInRange(c[0]![i]!, c[2]![i]!, c[1]![i]!);
batched(percentB, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = percentB(c, i);
});

const bollinger = (period: number): FeatureDef[] => {
  const options = { optInTimePeriod: period, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 };
  const upper = indicatorColumn('BBANDS', options, 'outRealUpperBand');
  const middle = indicatorColumn('BBANDS', options, 'outRealMiddleBand');
  const lower = indicatorColumn('BBANDS', options, 'outRealLowerBand');
  return [
    ...bands('BBANDS', 'bbands', period, `Bollinger (${period}, 2 sd)`, options),
    {
      name: `bbands_width_${period}`,
      group: 'volatility',
      scale: 'ratio',
      description: `Bollinger (${period}, 2 sd) width: (upper - lower) / middle`,
      lookback: upper.lookback,
      kernels: [upper.kernel],
      columns: [upper.column, middle.column, lower.column],
      formula: bandWidth,
    },
    {
      name: `bbands_percent_b_${period}`,
      group: 'volatility',
      scale: 'oscillator',
      description: `Bollinger (${period}, 2 sd) %B: (close - lower) / (upper - lower); 0.5 on a zero-width band (a flat window: the close is the middle band)`,
      lookback: upper.lookback,
      kernels: [upper.kernel],
      columns: ['close', upper.column, lower.column],
      formula: percentB,
    },
  ];
};

const histPerClose: Formula = (c, i) => c[0]![i]! / c[1]![i]!;
batched(histPerClose, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = histPerClose(c, i);
});

const macdFamily: FeatureDef[] = [
  one('macd_12_26_9', 'momentum', 'raw', 'MACD line (12, 26, 9)', 'MACD', { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 }, 'outMACD'),
  one('macd_signal_12_26_9', 'momentum', 'raw', 'MACD signal (12, 26, 9)', 'MACD', { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 }, 'outMACDSignal'),
  one('macd_hist_12_26_9', 'momentum', 'raw', 'MACD histogram (12, 26, 9)', 'MACD', { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 }, 'outMACDHist'),
  ((): FeatureDef => {
    const hist = indicatorColumn('MACD', { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 }, 'outMACDHist');
    return { name: 'macd_hist_12_26_9_pct', group: 'momentum', scale: 'ratio', description: 'MACD histogram (12, 26, 9) / close', lookback: hist.lookback, kernels: [hist.kernel], columns: [hist.column, 'close'], formula: histPerClose };
  })(),
  one('macdfix_9', 'momentum', 'raw', 'MACD fixed 12/26 line, signal 9', 'MACDFIX', { optInSignalPeriod: 9 }, 'outMACD'),
  one('macdfix_signal_9', 'momentum', 'raw', 'MACD fixed 12/26 signal 9', 'MACDFIX', { optInSignalPeriod: 9 }, 'outMACDSignal'),
  one('macdfix_hist_9', 'momentum', 'raw', 'MACD fixed 12/26 histogram, signal 9', 'MACDFIX', { optInSignalPeriod: 9 }, 'outMACDHist'),
  one('macdext_hist_12_26_9', 'momentum', 'raw', 'MACD with EMA-typed averages (12, 26, 9) histogram', 'MACDEXT', { optInFastPeriod: 12, optInFastMAType: 1, optInSlowPeriod: 26, optInSlowMAType: 1, optInSignalPeriod: 9, optInSignalMAType: 1 }, 'outMACDHist'),
  one('ppo_12_26', 'momentum', 'oscillator', 'percentage price oscillator (12, 26, SMA)', 'PPO', { optInFastPeriod: 12, optInSlowPeriod: 26 }),
  one('apo_12_26', 'momentum', 'raw', 'absolute price oscillator (12, 26, SMA)', 'APO', { optInFastPeriod: 12, optInSlowPeriod: 26 }),
];

const oscillators: FeatureDef[] = [
  ...[7, 14, 21].map((p) => one(`rsi_${p}`, 'momentum', 'oscillator', `relative strength index over ${p}`, 'RSI', T(p))),
  ...[[14, 3, 3], [5, 3, 3]].flatMap(([k, s, d]) => [
    one(`stoch_k_${k}_${s}_${d}`, 'momentum', 'oscillator', `slow stochastic %K (${k}, ${s}, ${d})`, 'STOCH', { optInFastK_Period: k!, optInSlowK_Period: s!, optInSlowD_Period: d! }, 'outSlowK'),
    one(`stoch_d_${k}_${s}_${d}`, 'momentum', 'oscillator', `slow stochastic %D (${k}, ${s}, ${d})`, 'STOCH', { optInFastK_Period: k!, optInSlowK_Period: s!, optInSlowD_Period: d! }, 'outSlowD'),
  ]),
  one('stochf_k_14_3', 'momentum', 'oscillator', 'fast stochastic %K (14, 3)', 'STOCHF', { optInFastK_Period: 14, optInFastD_Period: 3 }, 'outFastK'),
  one('stochf_d_14_3', 'momentum', 'oscillator', 'fast stochastic %D (14, 3)', 'STOCHF', { optInFastK_Period: 14, optInFastD_Period: 3 }, 'outFastD'),
  one('stochrsi_k_14_14_3', 'momentum', 'oscillator', 'stochastic RSI %K (14, 14, 3)', 'STOCHRSI', { optInTimePeriod: 14, optInFastK_Period: 14, optInFastD_Period: 3 }, 'outFastK'),
  one('stochrsi_d_14_14_3', 'momentum', 'oscillator', 'stochastic RSI %D (14, 14, 3)', 'STOCHRSI', { optInTimePeriod: 14, optInFastK_Period: 14, optInFastD_Period: 3 }, 'outFastD'),
  ...[14, 21].map((p) => one(`adx_${p}`, 'momentum', 'oscillator', `average directional index over ${p}`, 'ADX', T(p))),
  one('adxr_14', 'momentum', 'oscillator', 'ADX rating over 14', 'ADXR', T(14)),
  one('dx_14', 'momentum', 'oscillator', 'directional movement index over 14', 'DX', T(14)),
  one('plus_di_14', 'momentum', 'oscillator', 'plus directional indicator over 14', 'PLUS_DI', T(14)),
  one('minus_di_14', 'momentum', 'oscillator', 'minus directional indicator over 14', 'MINUS_DI', T(14)),
  one('plus_dm_14', 'momentum', 'price', 'plus directional movement over 14', 'PLUS_DM', T(14)),
  one('minus_dm_14', 'momentum', 'price', 'minus directional movement over 14', 'MINUS_DM', T(14)),
  ...[14, 25].flatMap((p) => [
    one(`aroon_up_${p}`, 'momentum', 'oscillator', `Aroon up over ${p}`, 'AROON', T(p), 'outAroonUp'),
    one(`aroon_down_${p}`, 'momentum', 'oscillator', `Aroon down over ${p}`, 'AROON', T(p), 'outAroonDown'),
    one(`aroonosc_${p}`, 'momentum', 'oscillator', `Aroon oscillator over ${p}`, 'AROONOSC', T(p)),
  ]),
  one('bop', 'momentum', 'oscillator', 'balance of power: (close - open) / (high - low)', 'BOP'),
  ...[14, 20].map((p) => one(`cci_${p}`, 'momentum', 'oscillator', `commodity channel index over ${p}`, 'CCI', T(p))),
  one('cmo_14', 'momentum', 'oscillator', 'Chande momentum oscillator over 14', 'CMO', T(14)),
  one('imi_14', 'momentum', 'oscillator', 'intraday momentum index over 14', 'IMI', T(14)),
  ...[14, 21].map((p) => one(`mfi_${p}`, 'momentum', 'oscillator', `money flow index over ${p}`, 'MFI', T(p))),
  one('mom_10', 'momentum', 'price', 'momentum: close - close 10 candles ago', 'MOM', T(10)),
  ...[10, 20].map((p) => one(`roc_${p}`, 'momentum', 'ratio', `rate of change over ${p} (percent)`, 'ROC', T(p))),
  one('rocp_10', 'momentum', 'ratio', 'rate of change over 10 (fraction)', 'ROCP', T(10)),
  one('rocr_10', 'momentum', 'ratio', 'rate of change ratio over 10', 'ROCR', T(10)),
  one('rocr100_10', 'momentum', 'ratio', 'rate of change ratio over 10, times 100', 'ROCR100', T(10)),
  ...[15, 30].map((p) => one(`trix_${p}`, 'momentum', 'ratio', `1-candle rate of change of a triple EMA over ${p}`, 'TRIX', T(p))),
  one('ultosc_7_14_28', 'momentum', 'oscillator', 'ultimate oscillator (7, 14, 28)', 'ULTOSC', { optInTimePeriod1: 7, optInTimePeriod2: 14, optInTimePeriod3: 28 }),
  ...[14, 21].map((p) => one(`willr_${p}`, 'momentum', 'oscillator', `Williams %R over ${p}`, 'WILLR', T(p))),
];

const volatility: FeatureDef[] = [
  ...[7, 14, 21].map((p) => one(`atr_${p}`, 'volatility', 'price', `average true range over ${p}`, 'ATR', T(p))),
  ...[7, 14, 21].map((p) => one(`natr_${p}`, 'volatility', 'ratio', `normalized ATR over ${p} (percent of close)`, 'NATR', T(p))),
  ...bollinger(20),
  ...bollinger(50),
  ...bands('ACCBANDS', 'accbands', 20, 'acceleration bands (20)', T(20)),
  one('stddev_20', 'volatility', 'price', 'standard deviation of close over 20', 'STDDEV', { optInTimePeriod: 20, optInNbDev: 1 }),
  one('var_20', 'volatility', 'raw', 'variance of close over 20', 'VAR', { optInTimePeriod: 20, optInNbDev: 1 }),
];

const volume: FeatureDef[] = [
  one('ad', 'volume', 'raw', 'Chaikin accumulation/distribution line', 'AD'),
  one('adosc_3_10', 'volume', 'raw', 'Chaikin A/D oscillator (3, 10)', 'ADOSC', { optInFastPeriod: 3, optInSlowPeriod: 10 }),
  one('obv', 'volume', 'raw', 'on-balance volume', 'OBV'),
  talibFeature({ name: 'correl_close_volume_20', group: 'volume', scale: 'oscillator', description: 'Pearson correlation of close and volume over 20' }, 'CORREL', T(20), undefined, { real0: 'close', real1: 'volume' }),
];

const cycle: FeatureDef[] = [
  one('ht_dcperiod', 'cycle', 'count', 'Hilbert transform dominant cycle period', 'HT_DCPERIOD'),
  one('ht_dcphase', 'cycle', 'raw', 'Hilbert transform dominant cycle phase (degrees)', 'HT_DCPHASE'),
  one('ht_phasor_inphase', 'cycle', 'raw', 'Hilbert transform phasor in-phase component', 'HT_PHASOR', {}, 'outInPhase'),
  one('ht_phasor_quadrature', 'cycle', 'raw', 'Hilbert transform phasor quadrature component', 'HT_PHASOR', {}, 'outQuadrature'),
  one('ht_sine', 'cycle', 'oscillator', 'Hilbert transform sine wave', 'HT_SINE', {}, 'outSine'),
  one('ht_leadsine', 'cycle', 'oscillator', 'Hilbert transform lead sine wave', 'HT_SINE', {}, 'outLeadSine'),
  one('ht_trendmode', 'cycle', 'count', 'Hilbert transform trend (1) versus cycle (0) mode', 'HT_TRENDMODE'),
];

const statistic: FeatureDef[] = [
  ...level('linearreg_14', 'statistic', 'linear regression end value over 14', 'LINEARREG', T(14)),
  one('linearreg_slope_14', 'statistic', 'price', 'linear regression slope over 14', 'LINEARREG_SLOPE', T(14)),
  one('linearreg_angle_14', 'statistic', 'raw', 'linear regression angle over 14 (degrees)', 'LINEARREG_ANGLE', T(14)),
  one('linearreg_intercept_14', 'statistic', 'price', 'linear regression intercept over 14', 'LINEARREG_INTERCEPT', T(14)),
  ...level('tsf_14', 'statistic', 'time series forecast over 14', 'TSF', T(14)),
  one('avgdev_14', 'statistic', 'price', 'mean absolute deviation of close over 14', 'AVGDEV', T(14)),
];

const prices: FeatureDef[] = [
  one('avgprice', 'price', 'price', '(open + high + low + close) / 4', 'AVGPRICE'),
  one('medprice', 'price', 'price', '(high + low) / 2', 'MEDPRICE'),
  one('typprice', 'price', 'price', '(high + low + close) / 3', 'TYPPRICE'),
  one('wclprice', 'price', 'price', '(high + low + 2 close) / 4', 'WCLPRICE'),
];

/** Every TA-Lib indicator feature. */
export const TALIB_FEATURES: readonly FeatureDef[] = [...movingAverages, ...macdFamily, ...oscillators, ...volatility, ...volume, ...cycle, ...statistic, ...prices];
