import { defineIndicator } from '../define.js';
import type { IndicatorMeta } from '../types.js';
import { LinRegOutput, LinRegStreamBase, linRegMeta, linRegSeries } from './linear-regression.js';

/** Metadata of {@link linearReg}. */
export const linearRegMeta: IndicatorMeta = linRegMeta('LINEARREG', 'Linear regression: end point of the least-squares line');

/**
 * LINEARREG, exactly as TA-Lib's `TA_LINEARREG`: the value at the newest bar of the least-squares line fitted to the last `period` values:
 * LINEARREG = b + m (n - 1), with slope m and intercept b as in {@link linRegAt} (x = 0 at the oldest bar).
 * Σy and Σxy are recomputed for every window, in TA-Lib's order. NaN until index `period - 1`; a NaN input makes
 * the `period` outputs whose window holds it NaN.
 *
 * Reference: TA-Lib `ta_LINEARREG.c` (least squares, e.g. Kaufman, "Trading Systems and Methods").
 *
 * @example
 * ```ts
 * linearReg(new Float64Array([1, 2, 4, 8]), 3) // [NaN, NaN, 3.8333333333333335, 7.666666666666667]
 * ```
 */
export function linearReg(real: Float64Array, period = 14): Float64Array {
  return linRegSeries(linearRegMeta, real, period, LinRegOutput.value);
}

/** Streaming {@link linearReg}: the last `period` values in a ring buffer, the same per-window sums as batch. */
export class LinearRegStream extends LinRegStreamBase {
  constructor(period = 14) {
    super(linearRegMeta, LinRegOutput.value, period);
  }
}

/** LINEARREG as a uniform {@link IndicatorDefinition}. */
export const LINEARREG = defineIndicator(linearRegMeta, ([real], p) => linearReg(real!, p.period), (p) => new LinearRegStream(p.period));
