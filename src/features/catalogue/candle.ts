import { indicatorColumn, talibFeature, type EntryInfo } from '../build.js';
import { batched, type Formula } from '../formula.js';
import { col } from '../columns.js';
import { lagKernel } from '../kernels/lag.js';
import { previousNonZeroKernel } from '../kernels/previous-nonzero.js';
import { positionInRange, ratioOr } from '../ratio.js';
import { signRunKernel } from '../kernels/sign-run.js';
import type { ColumnKey, FeatureDef, Kernel } from '../types.js';

const group = 'candle';

function entry(info: Omit<EntryInfo, 'group'>, lookback: number, kernels: readonly Kernel[], columns: readonly ColumnKey[], formula?: FeatureDef['formula']): FeatureDef {
  return { ...info, group, lookback, kernels, columns, ...(formula ? { formula } : {}) };
}

/** A candle field unchanged. */
const raw = (field: 'open' | 'high' | 'low' | 'close' | 'volume', description: string): FeatureDef =>
  entry({ name: field, scale: field === 'volume' ? 'raw' : 'price', description }, 0, [], [field]);

/**
 * A function of the candle's open, high, low and close, for the shares of its range: each goes through
 * `ratioOr` / `positionInRange`, so a zero range (high = low, a flat candle) gives 0 for a part (no body, no
 * wick) and 0.5 for the close's position.
 */
function ofCandle(name: string, description: string, value: (open: number, high: number, low: number, close: number) => number): FeatureDef {
  const formula: Formula = (c, i) => value(c[0]![i]!, c[1]![i]!, c[2]![i]!, c[3]![i]!);
  batched(formula, (c, out, n) => {
    for (let i = 0; i < n; i++) out[i] = formula(c, i);
  });
  return entry({ name, scale: 'oscillator', description }, 0, [], ['open', 'high', 'low', 'close'], formula);
}

const logRatio: Formula = (c, i) => Math.log(c[0]![i]! / c[1]![i]!);
batched(logRatio, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = logRatio(c, i);
});

const logReturn = (k: number): FeatureDef => {
  const lag = lagKernel('close', k);
  return entry({ name: `log_return_${k}`, scale: 'ratio', description: `log return over ${k} candles: ln(close / close ${k} candles ago)` }, k, [lag], ['close', col(lag)], logRatio);
};

const candleReturn: Formula = (c, i) => c[1]![i]! / c[0]![i]! - 1;
batched(candleReturn, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = candleReturn(c, i);
});
const bodySize: Formula = (c, i) => Math.abs(c[1]![i]! - c[0]![i]!) / c[0]![i]!;
batched(bodySize, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = bodySize(c, i);
});
const rangePct: Formula = (c, i) => (c[0]![i]! - c[1]![i]!) / c[2]![i]!;
batched(rangePct, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = rangePct(c, i);
});
const perClose: Formula = (c, i) => c[0]![i]! / c[1]![i]!;
batched(perClose, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = perClose(c, i);
});
const gap: Formula = (c, i) => c[0]![i]! / c[1]![i]! - 1;
batched(gap, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = gap(c, i);
});
const dollarVolume: Formula = (c, i) => c[0]![i]! * c[1]![i]!;
batched(dollarVolume, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = dollarVolume(c, i);
});
/** volume / reference - 1 (columns: volume, the last non-zero volume before it); 0 while nothing has traded yet. */
const volumeChange: Formula = (c, i) => ratioOr(c[0]![i]!, c[1]![i]!, 1) - 1;
batched(volumeChange, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = volumeChange(c, i);
});

const prevClose = lagKernel('close', 1);
const lastTradedVolume = previousNonZeroKernel('volume');
const trange = indicatorColumn('TRANGE');
const closeVsOpen = signRunKernel('close', 'open');

/**
 * Raw and derived single-candle features (group 'candle'):
 *
 * - `open`, `high`, `low`, `close`, `volume`: the candle fields;
 * - `log_return_k` (k = 1, 3, 6, 12, 24) = ln(close_t / close_{t-k}), lookback k;
 * - `candle_return` = close / open - 1 (signed body) and `body_size` = |close - open| / open (body relative to the open);
 * - `body_ratio` = |close - open| / (high - low), `upper_wick_ratio` = (high - max(open, close)) / (high - low),
 *   `lower_wick_ratio` = (min(open, close) - low) / (high - low), `close_position` = (close - low) / (high - low).
 *   A flat candle (high = low) has no body and no wicks: the three shares are 0 and the close sits in the middle
 *   of its zero range, `close_position` 0.5 (see `ratioOr`, `positionInRange`);
 * - `range_pct` = (high - low) / close; `trange` = TA-Lib TRANGE (Wilder's true range, parity-checked) and
 *   `trange_pct` = TRANGE / close, lookback 1;
 * - `gap` = open_t / close_{t-1} - 1; `volume_change` = volume_t / V - 1 with V the last non-zero volume before t
 *   (volume_{t-1} itself unless it is 0), lookback 1: a candle after zero-volume candles is measured against the
 *   last candle that traded, so zero-volume candles read -1 (100% below it) and the first trade after them a finite
 *   change instead of an infinite one; 0 while no earlier candle has traded (nothing to compare with);
 * - `dollar_volume` = close * volume (quote volume);
 * - `candle_run`: signed count of consecutive candles closing above (+) or below (-) their open, 0 on close = open.
 *
 * Reference: Wilder (1978) for the true range; the rest are the definitions above.
 *
 * @example
 * ```ts
 * computeFeatures(candles, { features: ['log_return_1', 'body_ratio', 'trange'] })
 * // one flat candle (open = high = low = close = 7):
 * computeFeatures(flat, { features: ['body_ratio', 'close_position'] }).toMatrix().data // => Float64Array [0, 0.5]
 * ```
 */
export const CANDLE_FEATURES: readonly FeatureDef[] = [
  raw('open', 'open price'),
  raw('high', 'high price'),
  raw('low', 'low price'),
  raw('close', 'close price'),
  raw('volume', 'volume in the base asset'),
  ...[1, 3, 6, 12, 24].map(logReturn),
  entry({ name: 'candle_return', scale: 'ratio', description: 'signed candle body: close / open - 1' }, 0, [], ['open', 'close'], candleReturn),
  entry({ name: 'body_size', scale: 'ratio', description: 'candle body relative to the open: |close - open| / open' }, 0, [], ['open', 'close'], bodySize),
  ofCandle('body_ratio', 'body share of the range: |close - open| / (high - low); 0 when high = low (no body)', (o, h, l, c) => ratioOr(Math.abs(c - o), h - l, 0)),
  ofCandle('upper_wick_ratio', 'upper wick share of the range: (high - max(open, close)) / (high - low); 0 when high = low (no wick)', (o, h, l, c) => ratioOr(h - Math.max(o, c), h - l, 0)),
  ofCandle('lower_wick_ratio', 'lower wick share of the range: (min(open, close) - low) / (high - low); 0 when high = low (no wick)', (o, h, l, c) => ratioOr(Math.min(o, c) - l, h - l, 0)),
  ofCandle('close_position', 'close position in the range: (close - low) / (high - low); 0.5 when high = low (the middle)', (_o, h, l, c) => positionInRange(c, l, h)),
  entry({ name: 'range_pct', scale: 'ratio', description: 'candle range relative to the close: (high - low) / close' }, 0, [], ['high', 'low', 'close'], rangePct),
  talibFeature({ name: 'trange', group, scale: 'price', description: 'true range: max(high, previous close) - min(low, previous close)' }, 'TRANGE'),
  entry({ name: 'trange_pct', scale: 'ratio', description: 'true range relative to the close: TRANGE / close' }, trange.lookback, [trange.kernel], [trange.column, 'close'], perClose),
  entry({ name: 'gap', scale: 'ratio', description: 'gap from the previous close: open / previous close - 1' }, 1, [prevClose], ['open', col(prevClose)], gap),
  entry(
    {
      name: 'volume_change',
      scale: 'ratio',
      description: 'volume / previous volume - 1; after zero-volume candles, against the last non-zero volume (so -1 through a run without trades); 0 while nothing has traded yet',
    },
    1,
    [lastTradedVolume],
    ['volume', col(lastTradedVolume)],
    volumeChange,
  ),
  entry({ name: 'dollar_volume', scale: 'raw', description: 'quote (dollar) volume: close * volume' }, 0, [], ['close', 'volume'], dollarVolume),
  entry({ name: 'candle_run', scale: 'count', description: 'signed count of consecutive candles closing above (+) or below (-) their open; 0 when close = open' }, 0, [closeVsOpen], [col(closeVsOpen)]),
];
