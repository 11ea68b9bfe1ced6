import { defineIndicator } from '../define.js';
import type { IndicatorMeta } from '../types.js';
import { LinRegOutput, LinRegStreamBase, linRegMeta, linRegSeries } from '../kernels/linear-regression.js';

/** Metadata of {@link linearRegIntercept}. */
export const linearRegInterceptMeta: IndicatorMeta = linRegMeta('LINEARREG_INTERCEPT', 'Linear regression intercept (value of the line at the oldest bar)');

/**
 * Linear regression intercept, exactly as TA-Lib's `TA_LINEARREG_INTERCEPT`: the value at the oldest bar of the window of the
 * least-squares line fitted to the last `period` values: LINEARREG_INTERCEPT = b = (Σy - m Σx) / n, as in
 * {@link linRegAt}.
 * Σy and Σxy are recomputed for every window, in TA-Lib's order. NaN until index `period - 1`; a NaN input makes
 * the `period` outputs whose window holds it NaN.
 *
 * Reference: TA-Lib `ta_LINEARREG_INTERCEPT.c` (ordinary least squares).
 *
 * @example
 * ```ts
 * linearRegIntercept(new Float64Array([1, 2, 3, 5]), 3) // [NaN, NaN, 1, 1.8333333333333333]
 * ```
 */
export function linearRegIntercept(real: Float64Array, period = 14): Float64Array {
  return linRegSeries(linearRegInterceptMeta, real, period, LinRegOutput.intercept);
}

/** Streaming {@link linearRegIntercept}: the last `period` values in a ring buffer, the same per-window sums as batch. */
export class LinearRegInterceptStream extends LinRegStreamBase {
  constructor(period = 14) {
    super(linearRegInterceptMeta, LinRegOutput.intercept, period);
  }
}

/** LINEARREG_INTERCEPT as a uniform {@link IndicatorDefinition}. */
export const LINEARREG_INTERCEPT = defineIndicator(linearRegInterceptMeta, ([real], p) => linearRegIntercept(real!, p.period), (p) => new LinearRegInterceptStream(p.period));
