import { defineIndicator } from '../define.js';
import type { IndicatorMeta } from '../types.js';
import { LinRegOutput, LinRegStreamBase, linRegMeta, linRegSeries } from '../kernels/linear-regression.js';

/** Metadata of {@link linearReg}. */
export const linearRegMeta: IndicatorMeta = linRegMeta('LINEARREG', 'Linear regression: end point of the least-squares line');

/**
 * Linear regression end point, exactly as TA-Lib's `TA_LINEARREG`: the least-squares line fitted to the last `period`
 * values, evaluated at the newest bar: LINEARREG = b + m (n - 1), with slope m and intercept b (the line at the
 * oldest bar) as in {@link linRegAt}.
 * Σy and Σxy are recomputed for every window, in TA-Lib's order. NaN until index `period - 1`; a NaN input makes
 * the `period` outputs whose window holds it NaN.
 *
 * Reference: TA-Lib `ta_LINEARREG.c` (ordinary least squares).
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
