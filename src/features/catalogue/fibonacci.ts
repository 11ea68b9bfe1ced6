import { batched, type Formula } from '../formula.js';
import { positionInRange } from '../ratio.js';
import { col } from '../columns.js';
import { rollingExtremeKernel } from '../kernels/rolling-extreme.js';
import type { FeatureDef } from '../types.js';

const group = 'fibonacci';
const RATIOS = [0.236, 0.382, 0.5, 0.618, 0.786] as const;
/** One day and three days of 15m candles. */
const WINDOWS = [96, 288] as const;

/** (close - L) / (H - L), 0.5 when H = L (columns: H, L, close). */
const position: Formula = (c, i) => positionInRange(c[2]![i]!, c[1]![i]!, c[0]![i]!);
/** (H - L) / close (columns: H, L, close). */
const rangePerClose: Formula = (c, i) => (c[0]![i]! - c[1]![i]!) / c[2]![i]!;
batched(position, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = position(c, i);
});
batched(rangePerClose, (c, out, n) => {
  for (let i = 0; i < n; i++) out[i] = rangePerClose(c, i);
});

function windowFeatures(window: number): FeatureDef[] {
  const high = rollingExtremeKernel('high', window, 'max');
  const low = rollingExtremeKernel('low', window, 'min');
  const base = { group, lookback: window - 1, kernels: [high, low], columns: [col(high), col(low), 'close'] };
  return [
    ...RATIOS.map((r): FeatureDef => {
      const formula: Formula = (c, i) => {
        const h = c[0]![i]!;
        const close = c[2]![i]!;
        return (close - (h - r * (h - c[1]![i]!))) / close;
      };
      batched(formula, (c, out, n) => {
        for (let i = 0; i < n; i++) out[i] = formula(c, i);
      });
      return {
        ...base,
        name: `fib_${String(r).replace('.', '_').padEnd(5, '0')}_${window}`,
        scale: 'ratio',
        description: `distance of the close from the ${r} retracement of the ${window}-candle range: (close - (H - ${r} (H - L))) / close`,
        formula,
      };
    }),
    {
      ...base,
      name: `fib_position_${window}`,
      scale: 'oscillator',
      description: `position of the close in the ${window}-candle range: (close - L) / (H - L); 0.5 when H = L (a flat window)`,
      formula: position,
    },
    {
      ...base,
      name: `fib_range_${window}`,
      scale: 'ratio',
      description: `height of the ${window}-candle range relative to the close: (H - L) / close`,
      formula: rangePerClose,
    },
  ];
}

/**
 * Fibonacci retracements over a rolling window of `w` candles including the current one (w = 96, one day of 15m
 * candles, and 288, three days), group 'fibonacci'. With H the window's highest high and L its lowest low, the
 * level of ratio r is the retracement from the high, H - r (H - L), for r in 0.236, 0.382, 0.5, 0.618, 0.786:
 *
 * - `fib_0_236_w` ... `fib_0_786_w` = (close - level) / close (positive: the close is above the level);
 * - `fib_position_w` = (close - L) / (H - L), 0.5 when H = L (a flat window: see `positionInRange`);
 * - `fib_range_w` = (H - L) / close.
 *
 * Lookback w - 1 (H and L are TA-Lib's MAX(high, w) and MIN(low, w), via `rollingExtremeKernel`).
 *
 * @example
 * ```ts
 * computeFeatures(candles, { features: ['fib_0_618_96', 'fib_position_288'] })
 * // 96 flat candles: H = L
 * computeFeatures(flat, { features: ['fib_position_96'] }).column('fib_position_96')[95] // => 0.5
 * ```
 */
export const FIBONACCI_FEATURES: readonly FeatureDef[] = WINDOWS.flatMap(windowFeatures);
