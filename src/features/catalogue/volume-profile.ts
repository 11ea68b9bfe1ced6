import { batched, type Formula } from '../formula.js';
import { positionInRange } from '../ratio.js';
import { col } from '../columns.js';
import { volumeProfileKernel } from '../kernels/volume-profile.js';
import type { ColumnKey, FeatureDef, FeatureScale } from '../types.js';

const WINDOW = 96;
const BINS = 24;
const kernel = volumeProfileKernel(WINDOW, BINS);
const POC = col(kernel, 'poc');
const VAH = col(kernel, 'vah');
const VAL = col(kernel, 'val');
const PROFILE = `${WINDOW}-candle volume profile (${BINS} bins)`;

function entry(name: string, scale: FeatureScale, description: string, columns: ColumnKey[], formula: (cols: readonly Float64Array[], i: number) => number): FeatureDef {
  return { name, group: 'volume_profile', scale, description, lookback: WINDOW - 1, kernels: [kernel], columns, formula };
}

/** (close - level) / close for a level column. */
const distance: Formula = (cols, i) => (cols[0]![i]! - cols[1]![i]!) / cols[0]![i]!;
/** (VAH - VAL) / close (columns: close, VAH, VAL). */
const width: Formula = (c, i) => (c[1]![i]! - c[2]![i]!) / c[0]![i]!;
/** (close - VAL) / (VAH - VAL), 0.5 when VAH = VAL (columns: close, VAH, VAL). */
const position: Formula = (c, i) => positionInRange(c[0]![i]!, c[2]![i]!, c[1]![i]!);
batched(distance, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = distance(c, i);
});
batched(width, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = width(c, i);
});
batched(position, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = position(c, i);
});

/**
 * Volume-profile features over a rolling window of 96 candles (a day of 15m candles) with 24 equal-width price
 * bins between the window's lowest low and highest high (binning, POC and 70% value-area rules: see
 * `volumeProfileKernel`):
 *
 * - `vp_poc_96`, `vp_vah_96`, `vp_val_96`: (close - level) / close for the point of control, value-area high
 *   and value-area low;
 * - `vp_va_width_96`: (VAH - VAL) / close;
 * - `vp_va_position_96`: (close - VAL) / (VAH - VAL), 0 at the value-area low and 1 at its high (outside
 *   [0, 1] beyond them); 0.5 when VAH = VAL (a flat window: the close is at the area's only level, see
 *   `positionInRange`).
 *
 * A window that traded no volume at all is profiled by time instead (every candle weighs 1, Steidlmayer's
 * time-price-opportunity profile), so every value is defined from the first full window on. The window is 96
 * candles on every timeframe (a day of 15m candles; not keyed to the calendar): lookback 95 on every timeframe.
 *
 * @example
 * ```ts
 * computeFeatures(candles, { features: ['vp_poc_96', 'vp_va_position_96'] })
 * // 96 flat candles at 7: the value area is the one price, the close on it
 * computeFeatures(flat, { features: ['vp_va_position_96'] }).column('vp_va_position_96')[95] // => 0.5
 * ```
 */
export const VOLUME_PROFILE_FEATURES: readonly FeatureDef[] = [
  entry('vp_poc_96', 'ratio', `(close - POC) / close, POC = centre of the max-volume bin of the ${PROFILE}`, ['close', POC], distance),
  entry('vp_vah_96', 'ratio', `(close - VAH) / close, VAH = top of the 70% value area of the ${PROFILE}`, ['close', VAH], distance),
  entry('vp_val_96', 'ratio', `(close - VAL) / close, VAL = bottom of the 70% value area of the ${PROFILE}`, ['close', VAL], distance),
  entry('vp_va_width_96', 'ratio', `(VAH - VAL) / close, the width of the 70% value area of the ${PROFILE}`, ['close', VAH, VAL], width),
  entry('vp_va_position_96', 'oscillator', `(close - VAL) / (VAH - VAL) in the 70% value area of the ${PROFILE}; 0.5 if VAH = VAL (a flat window)`, ['close', VAH, VAL], position),
];
