import { defineIndicator } from '../define.js';
import type { IndicatorMeta } from '../types.js';
import { LinRegOutput, LinRegStreamBase, linRegMeta, linRegSeries } from '../kernels/linear-regression.js';

/** Metadata of {@link linearRegSlope}. */
export const linearRegSlopeMeta: IndicatorMeta = linRegMeta('LINEARREG_SLOPE', 'Linear regression slope per bar');

/**
 * Linear regression slope, exactly as TA-Lib's `TA_LINEARREG_SLOPE`: the slope per bar of the least-squares line fitted to
 * the last `period` values: LINEARREG_SLOPE = m = (n Σxy - Σx Σy) / ((Σx)² - n Σx²) in TA-Lib's coordinates, as in
 * {@link linRegAt}.
 * Σy and Σxy are recomputed for every window, in TA-Lib's order. NaN until index `period - 1`; a NaN input makes
 * the `period` outputs whose window holds it NaN.
 *
 * Reference: TA-Lib `ta_LINEARREG_SLOPE.c` (ordinary least squares).
 *
 * @example
 * ```ts
 * linearRegSlope(new Float64Array([1, 2, 3, 5]), 3) // [NaN, NaN, 1, 1.5]
 * ```
 */
export function linearRegSlope(real: Float64Array, period = 14): Float64Array {
  return linRegSeries(linearRegSlopeMeta, real, period, LinRegOutput.slope);
}

/** Streaming {@link linearRegSlope}: the last `period` values in a ring buffer, the same per-window sums as batch. */
export class LinearRegSlopeStream extends LinRegStreamBase {
  constructor(period = 14) {
    super(linearRegSlopeMeta, LinRegOutput.slope, period);
  }
}

/** LINEARREG_SLOPE as a uniform {@link IndicatorDefinition}. */
export const LINEARREG_SLOPE = defineIndicator(linearRegSlopeMeta, ([real], p) => linearRegSlope(real!, p.period), (p) => new LinearRegSlopeStream(p.period));
